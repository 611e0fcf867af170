// The nice4j page: a hash-routed view over the JSON API (see README, "Web page"). No build step, no network
// beyond this server.
'use strict';

const main = document.getElementById('main');
const state = { runs: [], listeners: [], cards: {} };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const fmt = v => (v === null || v === undefined) ? '—' : Number(v).toFixed(2);
const runPath = id => '/api/runs/' + encodeURIComponent(id);

// Server-sent events: the runs list, sent on connect and whenever a run folder changes.
function connectEvents() {
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('runs', e => {
    state.runs = JSON.parse(e.data);
    live.classList.add('on');
    state.listeners.forEach(f => f(state.runs));
  });
  events.onerror = () => live.classList.remove('on');
}

function route() {
  state.listeners = [];
  main.replaceChildren();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'run' && parts[1]) {
    showRun(parts[1], parts[2] || 'training');
  } else {
    showRuns();
  }
}

// ---- runs list -------------------------------------------------------------------------------------------------
function showRuns() {
  document.getElementById('crumb').textContent = 'runs';
  const grid = el('div', { class: 'cards', id: 'runs' });
  main.append(grid);
  const render = runs => {
    grid.replaceChildren(...runs.map(runCard));
    if (!runs.length) grid.append(el('p', { class: 'muted' }, 'No runs yet. Start one with nice4j train --out ' +
        'RUNS/NAME; it appears here without reloading.'));
    grid.dataset.count = runs.length;
  };
  state.listeners.push(render);
  api('/api/runs').then(render).catch(e => grid.append(el('p', { class: 'error-text' }, e.message)));
}

function runCard(run) {
  const card = el('div', { class: 'card' + (run.error ? ' error' : ''), 'data-run': run.id },
    el('h3', {}, el('a', { href: '#/run/' + encodeURIComponent(run.id) }, run.id)),
    el('dl', {},
      el('dt', {}, 'preset'), el('dd', {}, run.preset || '—'),
      el('dt', {}, 'status'), el('dd', {}, el('span', { class: 'tag ' + run.status }, run.status)),
      el('dt', {}, 'epochs'), el('dd', { class: 'epochs' }, run.epochs),
      el('dt', {}, 'best valid LL'), el('dd', {}, fmt(run.best_valid_log_likelihood)),
      el('dt', {}, 'test LL'), el('dd', {}, fmt(run.test_log_likelihood)),
      el('dt', {}, 'test bits/dim'), el('dd', {}, fmt(run.test_bits_per_dim))));
  if (run.error) card.append(el('p', { class: 'err' }, run.error));
  return card;
}

// ---- one run ---------------------------------------------------------------------------------------------------
const TABS = { training: 'Training', sample: 'Sample', inpaint: 'Inpaint', latent: 'Latent space', card: 'Model card' };

async function showRun(id, tab) {
  document.getElementById('crumb').textContent = id;
  main.append(el('nav', { class: 'tabs' }, ...Object.entries(TABS).map(([key, name]) =>
    el('a', { href: `#/run/${encodeURIComponent(id)}/${key}`, class: key === tab ? 'active' : '', id: 'tab-' + key },
      name))));
  const body = el('div', { id: 'view-' + tab });
  main.append(body);
  if (tab === 'training') return showTraining(id, body);
  let card;
  try {
    card = await api(runPath(id) + '/model');
  } catch (e) {
    body.append(el('div', { class: 'card error', id: 'model-error' }, el('h3', {}, 'The model cannot be used'),
      el('p', { class: 'err' }, e.message)));
    return;
  }
  ({ sample: showSample, inpaint: showInpaint, latent: showLatent, card: showCard })[tab](id, body, card);
}

function showTraining(id, body) {
  const chartBox = el('div', { id: 'curve', 'data-epochs': '0' });
  const samples = el('img', { class: 'digits', id: 'latest-samples', alt: 'latest samples' });
  const samplesNote = el('p', { class: 'muted' });
  const note = el('p', { class: 'muted' });
  samples.onerror = () => samplesNote.textContent = 'no samples to show (a model of continuous data, or none kept yet)';
  body.append(el('div', { class: 'row' },
    el('div', { class: 'panel' }, el('h3', {}, 'Training curve (log-likelihood, nats)'), chartBox, note),
    el('div', { class: 'panel' }, el('h3', {}, 'Latest samples'), samples, samplesNote)));
  let plot = null;
  let shown = null;
  const draw = async () => {
    const rows = await api(runPath(id) + '/metrics');
    const data = [rows.map(r => r.epoch), rows.map(r => r.train_nll === null ? null : -r.train_nll),
      rows.map(r => r.valid_log_likelihood)];
    if (plot) plot.destroy();
    plot = new uPlot({ width: 560, height: 320, scales: { x: { time: false } },
      series: [{ label: 'epoch' }, { label: 'train', stroke: '#1e88e5', points: { show: true } },
        { label: 'validation', stroke: '#e53935', points: { show: true } }] }, data, chartBox);
    chartBox.dataset.epochs = rows.length;
    note.textContent = rows.length ? `${rows.length} epochs` : 'no epoch finished yet';
  };
  const update = runs => {
    const run = runs.find(r => r.id === id);
    if (!run) return;
    const key = run.epochs + '/' + run.status;
    if (key === shown) return;
    shown = key;
    draw().catch(e => note.textContent = e.message);
    // the run's own samples.png once it has finished; before that, samples of the best model kept so far
    if (run.samples) {
      samples.src = runPath(id) + '/files/samples.png?v=' + encodeURIComponent(key);
      samplesNote.textContent = 'samples.png of the finished run';
    } else if (run.model) {
      samples.src = runPath(id) + '/samples.png?n=64&v=' + encodeURIComponent(key);
      samplesNote.textContent = 'drawn from the best model so far';
    }
  };
  state.listeners.push(update);
  update(state.runs);
}

// ---- sampling --------------------------------------------------------------------------------------------------
function showSample(id, body, card) {
  const temperature = el('input', { type: 'range', min: '0.05', max: '1.5', step: '0.05', value: '1', id: 'temperature' });
  const tLabel = el('span', {}, '1.00');
  const seed = el('input', { type: 'number', value: '0', id: 'seed', style: 'width:7em' });
  const count = el('select', { id: 'count' }, ...[16, 36, 64, 100].map(n => el('option', { value: n }, n)));
  count.value = '36';
  const label = el('select', { id: 'class' }, el('option', { value: '' }, 'mixture'),
    ...Array.from({ length: card.classes }, (_, k) => el('option', { value: k }, k)));
  const img = el('img', { class: 'digits', id: 'sample-img', alt: 'samples', width: '400' });
  const status = el('p', { class: 'muted', id: 'sample-status' });
  const controls = el('div', { class: 'controls' },
    'temperature', el('span', {}, temperature, ' ', tLabel), 'seed', seed, 'count', count);
  if (card.classes > 0) controls.append('class', label);
  body.append(el('div', { class: 'row' }, el('div', { class: 'panel' }, controls, status), el('div', { class: 'panel' }, img)));
  img.onload = () => { img.dataset.loaded = img.getAttribute('src'); status.textContent = 'T = ' + tLabel.textContent; };
  img.onerror = () => status.textContent = 'sampling failed';
  let timer = null;
  const redraw = () => {
    tLabel.textContent = Number(temperature.value).toFixed(2);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = new URLSearchParams({ n: count.value, temperature: temperature.value, seed: seed.value || '0' });
      if (label.value !== '') q.set('class', label.value);
      img.src = runPath(id) + '/samples.png?' + q;
    }, 80);
  };
  [temperature, seed, count, label].forEach(c => c.addEventListener('input', redraw));
  redraw();
}

// ---- inpainting ------------------------------------------------------------------------------------------------
function showInpaint(id, body, card) {
  const H = card.preprocessing.height, W = card.preprocessing.width, D = H * W, S = 10;
  let image = new Array(D).fill(0);
  let hidden = new Array(D).fill(0);
  let controller = null;
  const canvas = el('canvas', { width: W * S, height: H * S, class: 'paint digits', id: 'inpaint-canvas' });
  const result = el('canvas', { width: W * S, height: H * S, class: 'digits', id: 'result-canvas' });
  const mode = el('select', { id: 'paint-mode' }, el('option', { value: 'mask' }, 'paint the hidden region'),
    el('option', { value: 'image' }, 'draw the image'), el('option', { value: 'erase' }, 'erase the hidden region'));
  const mask = el('select', { id: 'mask' }, el('option', { value: '' }, '(painted)'),
    ...['top', 'bottom', 'odd', 'even', 'left', 'right', 'middle-vertical', 'middle-horizontal', 'random75',
      'random90'].map(m => el('option', { value: m }, m)));
  const index = el('input', { type: 'number', min: '0', value: '0', id: 'test-index', style: 'width:6em' });
  const thumbs = el('img', { class: 'digits', id: 'test-thumbs', alt: 'test images', title: 'click to choose',
    src: `${runPath(id)}/test-images.png?from=0&n=20`, style: 'cursor:pointer; display:block; margin-top:8px; width:290px' });
  const steps = el('input', { type: 'number', min: '0', max: '5000', value: '300', id: 'steps', style: 'width:6em' });
  const status = el('p', { id: 'inpaint-status', class: 'muted' }, 'pick an image and paint the region to fill');
  const run = el('button', { id: 'run-inpaint' }, 'Inpaint');
  const stop = el('button', { id: 'stop-inpaint' }, 'Stop');
  const loadTest = el('button', { id: 'load-test' }, 'Use test image');
  const blank = el('button', { id: 'blank' }, 'Blank canvas');
  body.append(el('div', { class: 'row' },
    el('div', { class: 'panel' }, el('h3', {}, 'Image and mask'), canvas,
      el('p', { class: 'muted' }, 'Drag to paint. Red: hidden, to be inpainted.')),
    el('div', { class: 'panel' }, el('div', { class: 'controls' }, 'test image', el('span', {}, index, ' ', loadTest),
      'or', blank, 'mouse', mode, 'named mask', mask, 'steps', steps, run, stop), thumbs),
    el('div', { class: 'panel' }, el('h3', {}, 'Inpainting'), result, status)));

  const paint = (ctx, pixels, hid) => {
    for (let d = 0; d < D; d++) {
      const g = Math.round(Math.max(0, Math.min(1, pixels[d])) * 255);
      ctx.fillStyle = hid && hid[d] ? `rgb(${Math.max(g, 160)},${g >> 1},${g >> 1})` : `rgb(${g},${g},${g})`;
      ctx.fillRect((d % W) * S, Math.floor(d / W) * S, S, S);
    }
  };
  const redraw = () => paint(canvas.getContext('2d'), image, hidden);
  const loadImage = async () => {
    try {
      image = (await api(`${runPath(id)}/test-images/${index.value || 0}`)).pixels;
      status.textContent = 'test image ' + index.value;
    } catch (e) {
      status.textContent = e.message + ' — draw an image instead';
      mode.value = 'image';
    }
    redraw();
  };
  loadTest.onclick = loadImage;
  // the grid is 10 tiles of 2x-scaled images a row, 2 grey pixels apart (ImageGrid's defaults)
  thumbs.onerror = () => thumbs.remove();
  thumbs.onclick = e => {
    const r = thumbs.getBoundingClientRect(), tile = 2 * W + 2, tileH = 2 * H + 2;
    const col = Math.floor((e.clientX - r.left) / r.width * thumbs.naturalWidth / tile);
    const row = Math.floor((e.clientY - r.top) / r.height * thumbs.naturalHeight / tileH);
    index.value = Math.min(19, row * 10 + Math.min(9, col));
    loadImage();
  };
  blank.onclick = () => { image = new Array(D).fill(0); mode.value = 'image'; redraw(); };
  mask.onchange = async () => {
    if (!mask.value) return;
    hidden = (await api(`${runPath(id)}/masks/${mask.value}`)).hidden.map(h => h ? 1 : 0);
    redraw();
  };
  let last = null;
  const dab = (c, r) => {
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const y = r + dy, x = c + dx;
      if (y < 0 || y >= H || x < 0 || x >= W) continue;
      const d = y * W + x;
      if (mode.value === 'image') image[d] = 1;
      else hidden[d] = mode.value === 'mask' ? 1 : 0;
    }
  };
  // mouse events come sparsely: paint every pixel on the line from the previous position, so strokes stay unbroken
  const brush = e => {
    const r = canvas.getBoundingClientRect();
    const c = Math.floor((e.clientX - r.left) / r.width * W), rr = Math.floor((e.clientY - r.top) / r.height * H);
    const from = last || [c, rr];
    const n = Math.max(Math.abs(c - from[0]), Math.abs(rr - from[1]), 1);
    for (let i = 0; i <= n; i++) {
      dab(Math.round(from[0] + (c - from[0]) * i / n), Math.round(from[1] + (rr - from[1]) * i / n));
    }
    last = [c, rr];
    if (mode.value !== 'image') mask.value = '';
    redraw();
  };
  canvas.addEventListener('mousedown', e => { last = null; brush(e); });
  canvas.addEventListener('mousemove', e => { if (last) brush(e); });
  window.addEventListener('mouseup', () => last = null);
  stop.onclick = () => controller && controller.abort();
  run.onclick = async () => {
    if (controller) controller.abort();
    controller = new AbortController();
    const request = { pixels: image, steps: Number(steps.value) };
    if (mask.value) request.mask = mask.value; else request.hidden = hidden;
    window.nice4jInpaint = { frames: 0 };
    status.textContent = 'starting…';
    try {
      const res = await fetch(runPath(id) + '/inpaint', { method: 'POST', body: JSON.stringify(request),
        headers: { 'Content-Type': 'application/json' }, signal: controller.signal });
      if (!res.ok) throw new Error((await res.json()).error);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const frame = JSON.parse(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (frame.error) throw new Error(frame.error);
          if (frame.step === 0) { window.nice4jInpaint.start = frame.pixels; window.nice4jInpaint.hidden = frame.hidden; }
          window.nice4jInpaint.frames++;
          paint(result.getContext('2d'), frame.pixels, null);
          status.textContent = `step ${frame.step} of ${frame.steps}, log p = ${fmt(frame.log_likelihood)} nats` +
            (frame.done ? ' — done' : '');
          if (frame.done) { window.nice4jInpaint.result = frame.pixels; status.dataset.done = 'true'; }
        }
      }
    } catch (e) {
      status.textContent = e.name === 'AbortError' ? 'stopped' : e.message;
    }
  };
  loadImage();
}

// ---- latent space ----------------------------------------------------------------------------------------------
function showLatent(id, body, card) {
  const from = el('input', { type: 'number', min: '0', value: '0', id: 'interp-from', style: 'width:6em' });
  const to = el('input', { type: 'number', min: '0', value: '1', id: 'interp-to', style: 'width:6em' });
  const img = el('img', { class: 'digits', id: 'interp-img', alt: 'interpolation' });
  const err = el('p', { class: 'muted' });
  const go = () => { img.src = `${runPath(id)}/interpolation.png?from=${from.value}&to=${to.value}&steps=10`; };
  img.onerror = () => err.textContent = 'no interpolation: the run\'s test images are not on this machine';
  img.onload = () => err.textContent = '';
  [from, to].forEach(i => i.addEventListener('change', go));
  body.append(el('div', { class: 'panel' }, el('h3', {}, 'Interpolation between two test images'),
    el('div', { class: 'controls' }, 'from test image', from, 'to test image', to), img, err));
  go();
  const spectrumBox = el('div', { id: 'spectrum' });
  const spectrumNote = el('p', { class: 'muted' });
  body.append(el('div', { class: 'panel' }, el('h3', {}, 'Spectrum'), spectrumBox, spectrumNote));
  api(runPath(id) + '/spectrum').then(s => {
    new uPlot({ width: 620, height: 260, scales: { x: { time: false }, y: { distr: 3 } },
      series: [{ label: 'rank' }, { label: s.kind === 'scaling' ? 'σ = 1/S' : 'σ (rms over classes)',
        stroke: '#6a1b9a', points: { show: false } }] },
    [s.sigmas.map((_, i) => i + 1), s.sigmas], spectrumBox);
    spectrumBox.dataset.components = s.sigmas.length;
    spectrumNote.textContent = `${s.sigmas.length} components, largest first (log scale)`;
  }).catch(e => spectrumNote.textContent = e.message);
  if (card.classes > 0) showSliders(id, body, card);
}

async function showSliders(id, body, card) {
  const panel = el('div', { class: 'panel', id: 'gin' }, el('h3', {}, 'Most important latent variables of a class'));
  body.append(panel);
  const label = el('select', { id: 'gin-class' }, ...Array.from({ length: card.classes }, (_, k) => el('option', { value: k }, k)));
  const decoded = el('img', { class: 'digits', id: 'gin-decoded', alt: 'decoded' });
  const sliders = el('div', { id: 'gin-sliders' });
  panel.append(el('p', { class: 'muted' }, 'The class mean with the 8 variables of largest spread σ in that class ' +
    'moved by the sliders (in σ); beside each, that variable from −2σ to +2σ and the heatmap of its effect.'),
    el('div', { class: 'row' }, el('div', {}, 'class ', label, sliders), decoded));
  let top = [];
  let inputs = [];
  const update = () => {
    const q = new URLSearchParams({ class: label.value, variables: top.map(v => v.variable).join(','),
      offsets: inputs.map(i => i.value).join(',') });
    decoded.src = `${runPath(id)}/latents/decode.png?${q}`;
  };
  const load = async () => {
    top = (await api(`${runPath(id)}/latents?top=8&class=${label.value}`)).top;
    inputs = top.map(() => el('input', { type: 'range', min: '-3', max: '3', step: '0.1', value: '0' }));
    inputs.forEach(i => i.addEventListener('input', update));
    sliders.replaceChildren(...top.map((v, i) => el('div', { class: 'slider' },
      `variable ${v.variable}`, inputs[i], el('span', { class: 'muted' }, `σ ${v.sigma.toFixed(3)}`),
      el('img', { class: 'digits', alt: 'effect', height: '36',
        src: `${runPath(id)}/latents/traversal.png?class=${label.value}&variable=${v.variable}` }))));
    update();
  };
  label.addEventListener('change', () => load().catch(e => sliders.replaceChildren(e.message)));
  await load();
}

// ---- model card ------------------------------------------------------------------------------------------------
function showCard(id, body, card) {
  const rows = [['architecture', card.architecture], ['prior', card.prior], ['parameters', card.parameters.toLocaleString()],
    ['data', `${card.preprocessing.height} x ${card.preprocessing.width}, ${card.preprocessing.levels} levels`],
    ['test log-likelihood', fmt(card.test.log_likelihood) + ' nats'], ['test bits/dim', fmt(card.test.bits_per_dim)],
    ['test examples', card.test.examples ?? '—'], ['preset', card.provenance.preset ?? '—'],
    ['created', card.provenance.created ?? '—'], ['command', card.provenance.command ?? '—'],
    ['nice4j', card.provenance.nice4j ?? '—']];
  body.append(el('div', { class: 'panel', id: 'model-card' },
    el('table', { class: 'kv' }, ...rows.map(([k, v]) => el('tr', {}, el('td', { class: 'muted' }, k), el('td', {}, v)))),
    el('h4', {}, 'Training settings'), el('pre', {}, JSON.stringify(card.training, null, 2)),
    el('h4', {}, 'Architecture'), el('pre', {}, JSON.stringify(card.model, null, 2)),
    el('h4', {}, 'Provenance'), el('pre', {}, JSON.stringify(card.provenance, null, 2))));
}

window.addEventListener('hashchange', route);
connectEvents();
route();

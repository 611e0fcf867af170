package org.nice4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.data.Condition;
import org.nice4j.data.ImageDataset;
import org.nice4j.infer.ClassLatents;
import org.nice4j.infer.LatentInterpolation;
import org.nice4j.infer.Mask;
import org.nice4j.infer.Masks;
import org.nice4j.infer.Spectrum;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.viz.ImageGrid;

/** What a run's model shows: its card, samples, test images, masks, interpolations, spectrum and latent views. */
final class ModelApi {
    static final int MAX_SAMPLES = 256;
    static final double MAX_TEMPERATURE = 10;
    static final int MAX_TEST_IMAGES = 100;
    static final int MAX_PATH_STEPS = 32;
    static final int MAX_SLIDERS = 64;
    static final double MAX_OFFSET = 4;

    private final Served served;

    ModelApi(Served served) {
        this.served = served;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/runs/{run}/model", this::card);
        routes.get("/api/runs/{run}/samples.png", this::samples);
        routes.get("/api/runs/{run}/test-images", this::testImages);
        routes.get("/api/runs/{run}/test-images.png", this::testImageGrid);
        routes.get("/api/runs/{run}/test-images/{index}", this::testImage);
        routes.get("/api/runs/{run}/masks/{name}", this::mask);
        routes.get("/api/runs/{run}/interpolation.png", this::interpolation);
        routes.get("/api/runs/{run}/spectrum", this::spectrum);
        routes.get("/api/runs/{run}/latents", this::latents);
        routes.get("/api/runs/{run}/latents/decode.png", this::decode);
        routes.get("/api/runs/{run}/latents/traversal.png", this::traversal);
    }

    private void card(Context ctx) {
        JsonNode summary = served.listing().summary(served.folders().run(ctx.pathParam("run")));
        served.onModel(ctx, loaded -> {
            FlowModel flow = loaded.flow();
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("run", ctx.pathParam("run"));
            card.put("architecture", flow.architecture().config()
                    .map(c -> c.layout().describe(c) + (c.scaling() ? ", diagonal scaling" : "")).orElse("composed in code"));
            card.put("prior", flow.prior().describe());
            card.put("classes", flow.prior().classes());
            card.put("model", flow.architecture().config().orElse(null));
            card.put("preprocessing", flow.preprocessing());
            card.put("parameters", flow.parameterCount());
            card.put("has_scaling", flow.scaling().isPresent());
            card.put("training", summary.path("training"));
            card.put("provenance", loaded.provenance());
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("log_likelihood", summary.path("test_log_likelihood_nats"));
            test.put("bits_per_dim", summary.path("test_bits_per_dim"));
            test.put("examples", summary.path("test_examples"));
            card.put("test", test);
            return Replies.json(card);
        });
    }

    private void samples(Context ctx) {
        int n = Params.intIn(ctx, "n", 64, 1, MAX_SAMPLES);
        double temperature = Params.doubleAbove(ctx, "temperature", 1.0, 0, MAX_TEMPERATURE);
        long seed = Params.longOf(ctx, "seed", 0);
        String label = ctx.queryParam("class");
        served.onModel(ctx, loaded -> {
            FlowModel flow = loaded.flow();
            Preprocessing pre = image(flow);
            Condition condition = Condition.NONE;
            if (label != null && !label.isEmpty()) {
                int classes = flow.prior().classes();
                if (classes == 0) {
                    throw new BadRequest("class", "the model's prior '" + flow.prior().id() + "' is not class-conditional");
                }
                condition = Condition.repeated(Params.intIn("class", label, 0, classes - 1), n);
            }
            float[][] rows = flow.sample(n, temperature, seed, condition);
            return Replies.png(ImageGrid.render(rows, pre.height(), pre.width(), (int) Math.ceil(Math.sqrt(n)),
                    ImageGrid.DEFAULT_PADDING, ImageGrid.DEFAULT_SCALE));
        });
    }

    private void testImages(Context ctx) {
        int from = Params.intIn(ctx, "from", 0, 0, Integer.MAX_VALUE);
        int n = Params.intIn(ctx, "n", 20, 1, MAX_TEST_IMAGES);
        served.onModel(ctx, loaded -> {
            ImageDataset test = test(loaded);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", test.size());
            out.put("from", from);
            out.put("labels", TestImages.labels(test, from, n));
            return Replies.json(out);
        });
    }

    private void testImageGrid(Context ctx) {
        int from = Params.intIn(ctx, "from", 0, 0, Integer.MAX_VALUE);
        int n = Params.intIn(ctx, "n", 20, 1, MAX_TEST_IMAGES);
        served.onModel(ctx, loaded -> {
            ImageDataset test = test(loaded);
            Preprocessing pre = loaded.flow().preprocessing();
            if (from >= test.size()) {
                throw new BadRequest("from", "must be below the " + test.size() + " test images, got " + from);
            }
            int count = Math.min(n, test.size() - from);
            float[][] rows = new float[count][];
            for (int i = 0; i < count; i++) {
                rows[i] = TestImages.image(test, pre.levels(), from + i);
            }
            return Replies.png(ImageGrid.render(rows, pre.height(), pre.width(), 10, ImageGrid.DEFAULT_PADDING,
                    ImageGrid.DEFAULT_SCALE));
        });
    }

    private void testImage(Context ctx) {
        String index = ctx.pathParam("index");
        served.onModel(ctx, loaded -> {
            ImageDataset test = test(loaded);
            int i = Params.intIn("index", index, 0, test.size() - 1);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", i);
            out.put("label", test.hasLabels() ? test.label(i) : null);
            out.put("pixels", TestImages.image(test, loaded.flow().preprocessing().levels(), i));
            return Replies.json(out);
        });
    }

    private void mask(Context ctx) {
        String name = ctx.pathParam("name");
        if (!Masks.NAMES.contains(name)) {
            throw new BadRequest("name", "unknown mask '" + Params.shortened(name) + "' (known: "
                    + String.join(", ", Masks.NAMES) + ")");
        }
        long seed = Params.longOf(ctx, "seed", 0);
        served.onModel(ctx, loaded -> {
            Preprocessing pre = image(loaded.flow());
            Mask mask = Masks.named(name, pre.height(), pre.width(), seed);
            return Replies.json(Map.of("name", name, "hidden", mask.hidden()));
        });
    }

    private void interpolation(Context ctx) {
        int steps = Params.intIn(ctx, "steps", 10, 2, MAX_PATH_STEPS);
        String from = ctx.queryParam("from") == null ? "0" : ctx.queryParam("from");
        String to = ctx.queryParam("to") == null ? "1" : ctx.queryParam("to");
        served.onModel(ctx, loaded -> {
            ImageDataset test = test(loaded);
            Preprocessing pre = loaded.flow().preprocessing();
            float[] a = TestImages.image(test, pre.levels(), Params.intIn("from", from, 0, test.size() - 1));
            float[] b = TestImages.image(test, pre.levels(), Params.intIn("to", to, 0, test.size() - 1));
            float[][][] paths = LatentInterpolation.paths(loaded.flow(), new float[][] {a}, new float[][] {b}, steps);
            return Replies.png(ImageGrid.render(paths[0], pre.height(), pre.width(), steps, ImageGrid.DEFAULT_PADDING,
                    ImageGrid.DEFAULT_SCALE));
        });
    }

    private void spectrum(Context ctx) {
        served.onModel(ctx, loaded -> {
            FlowModel flow = loaded.flow();
            List<Spectrum.Component> components;
            String kind;
            if (flow.scaling().isPresent()) {
                DiagonalScaling scaling = flow.scaling().get();
                components = Spectrum.of(scaling);
                kind = "scaling";
            } else if (flow.prior() instanceof ClassConditionalGaussian) {
                ClassLatents latents = new ClassLatents(flow);
                double[] importance = latents.importance();
                components = new ArrayList<>();
                for (int i : latents.ranking()) {
                    components.add(new Spectrum.Component(i, importance[i]));
                }
                kind = "class-spread";
            } else {
                throw new Unavailable("the model has neither a diagonal scaling layer nor a class-conditional prior, "
                        + "so it has no spectrum");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kind", kind);
            out.put("dimensions", components.stream().mapToInt(Spectrum.Component::dimension).toArray());
            out.put("sigmas", Spectrum.sigmas(components));
            return Replies.json(out);
        });
    }

    private void latents(Context ctx) {
        int top = Params.intIn(ctx, "top", 8, 1, MAX_SLIDERS);
        String label = ctx.queryParam("class") == null ? "0" : ctx.queryParam("class");
        served.onModel(ctx, loaded -> {
            ClassLatents latents = classLatents(loaded.flow());
            int k = Params.intIn("class", label, 0, loaded.flow().prior().classes() - 1);
            double[] spread = latents.spread(k);
            int[] ranking = latents.ranking(k);
            List<Map<String, Object>> variables = new ArrayList<>();
            for (int r = 0; r < Math.min(top, ranking.length); r++) {
                variables.add(Map.of("variable", ranking[r], "sigma", spread[ranking[r]]));
            }
            return Replies.json(Map.of("class", k, "classes", loaded.flow().prior().classes(), "top", variables));
        });
    }

    private void decode(Context ctx) {
        int[] variables = list(ctx, "variables").stream()
                .mapToInt(v -> Params.intIn("variables", v, 0, Integer.MAX_VALUE)).toArray();
        double[] offsets = list(ctx, "offsets").stream().mapToDouble(v -> offset("offsets", v)).toArray();
        if (variables.length != offsets.length) {
            throw new BadRequest("offsets", variables.length + " variables and " + offsets.length + " offsets");
        }
        String label = ctx.queryParam("class") == null ? "0" : ctx.queryParam("class");
        served.onModel(ctx, loaded -> {
            FlowModel flow = loaded.flow();
            ClassLatents latents = classLatents(flow);
            int k = Params.intIn("class", label, 0, flow.prior().classes() - 1);
            for (int v : variables) {
                Params.intIn("variables", String.valueOf(v), 0, flow.dimension() - 1);
            }
            Preprocessing pre = image(flow);
            float[] x = latents.decode(k, variables, offsets);
            return Replies.png(ImageGrid.render(new float[][] {x}, pre.height(), pre.width(), 1, 0, 4));
        });
    }

    private void traversal(Context ctx) {
        String label = ctx.queryParam("class") == null ? "0" : ctx.queryParam("class");
        String variable = ctx.queryParam("variable") == null ? "" : ctx.queryParam("variable");
        served.onModel(ctx, loaded -> {
            FlowModel flow = loaded.flow();
            ClassLatents latents = classLatents(flow);
            int k = Params.intIn("class", label, 0, flow.prior().classes() - 1);
            int v = Params.intIn("variable", variable, 0, flow.dimension() - 1);
            Preprocessing pre = image(flow);
            ClassLatents.Traversal t = latents.traverse(v);
            return Replies.png(ImageGrid.labelledRows(List.of(""), List.<float[][]>of(t.images()[k]),
                    List.of(t.heatmaps()[k]), pre.height(), pre.width(), ImageGrid.DEFAULT_PADDING,
                    ImageGrid.DEFAULT_SCALE));
        });
    }

    private ImageDataset test(ModelFile.Loaded loaded) {
        return served.tests().of(loaded.provenance(), loaded.flow().preprocessing());
    }

    private static Preprocessing image(FlowModel flow) {
        if (!flow.preprocessing().isImage()) {
            throw new Unavailable("the model takes continuous data, not images");
        }
        return flow.preprocessing();
    }

    private static ClassLatents classLatents(FlowModel flow) {
        if (!(flow.prior() instanceof ClassConditionalGaussian)) {
            throw new Unavailable("the model's prior '" + flow.prior().id() + "' is not class-conditional, so it has no "
                    + "per-class latent variables (train a gin-mnist model)");
        }
        return new ClassLatents(flow);
    }

    private static List<String> list(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> values = Arrays.asList(raw.split(","));
        if (values.size() > MAX_SLIDERS) {
            throw new BadRequest(name, "at most " + MAX_SLIDERS + " values, got " + values.size());
        }
        return values;
    }

    private static double offset(String name, String raw) {
        double t = Params.doubleOf(name, raw);
        if (Math.abs(t) > MAX_OFFSET) {
            throw new BadRequest(name, "offsets are between -" + MAX_OFFSET + " and " + MAX_OFFSET
                    + " standard deviations, got " + raw);
        }
        return t;
    }
}

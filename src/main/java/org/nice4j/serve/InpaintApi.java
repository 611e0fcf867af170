package org.nice4j.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.data.ImageDataset;
import org.nice4j.infer.Inpainter;
import org.nice4j.infer.InpaintingStep;
import org.nice4j.infer.Mask;
import org.nice4j.infer.Masks;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;

/**
 * Inpainting as a stream: one JSON line for the start state, then the state and its log-likelihood about
 * {@value #FRAMES} times while the steps run, then the result (or, should the engine fail midway, a line with the
 * error). A client that goes away stops the run at the next line the server fails to send.
 */
final class InpaintApi {
    static final int FRAMES = 50;
    static final String NDJSON = "application/x-ndjson";

    /** The client closed the connection: the run stops. */
    private static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }

    /**
     * DJL's PyTorch engine allows one gradient collector in the whole process at a time, so inpaintings, which
     * differentiate, take turns even on different models.
     */
    private static final ReentrantLock DIFFERENTIATING = new ReentrantLock(true);

    private final Served served;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();

    InpaintApi(Served served) {
        this.served = served;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/runs/{run}/inpaint", this::inpaint);
    }

    /** Counts for the status endpoint: inpaintings running now, finished and stopped by their client. */
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inpaintings_running", running.get());
        out.put("inpaintings_finished", finished.get());
        out.put("inpaintings_cancelled", cancelled.get());
        return out;
    }

    private void inpaint(Context ctx) throws IOException {
        Path file = served.folders().run(ctx.pathParam("run")).model();
        InpaintRequest request;
        try (InputStream body = ctx.req().getInputStream()) {
            request = InpaintRequest.read(body);
        }
        ctx.future(() -> served.pool().submit(() -> served.models().with(file, loaded -> stream(ctx, loaded, request))));
    }

    private Void stream(Context ctx, ModelFile.Loaded loaded, InpaintRequest request) {
        FlowModel flow = loaded.flow();
        Preprocessing pre = flow.preprocessing();
        if (!pre.isImage()) {
            throw new Unavailable("the model takes continuous data, not images");
        }
        request.requireDimension(pre.dimension());
        float[] image = request.pixels();
        if (request.image() != null) {
            ImageDataset test = served.tests().of(loaded.provenance(), pre);
            image = TestImages.image(test, pre.levels(),
                    Params.intIn("image", String.valueOf(request.image()), 0, test.size() - 1));
        }
        Mask mask = request.mask() != null ? Masks.named(request.mask(), pre.height(), pre.width(), request.seed())
                : new Mask("drawn", pre.height(), pre.width(), request.hidden());
        float[] start = request.init().start(image, mask, null, new SplittableRandom(request.seed()));
        int every = Math.max(1, request.steps() / FRAMES);
        running.incrementAndGet();
        DIFFERENTIATING.lock();
        try {
            ctx.status(200);
            ctx.contentType(NDJSON);
            OutputStream out = output(ctx);
            Map<String, Object> first = frame(flow, 0, request.steps(), start);
            first.put("hidden", mask.hidden());
            send(out, first);
            float[] result = new Inpainter(flow, request.steps(), request.seed(), InpaintingStep.SCALED).run(new float[][] {start},
                    new boolean[][] {mask.hidden()}, (step, row, rows) -> {
                        if (step % every == 0 && step < request.steps()) {
                            send(out, frame(flow, step, request.steps(), rows[0]));
                        }
                    })[0];
            Map<String, Object> last = frame(flow, request.steps(), request.steps(), result);
            last.put("done", true);
            send(out, last);
            finished.incrementAndGet();
        } catch (ClientGone gone) {
            cancelled.incrementAndGet();
        } catch (RuntimeException failure) {
            // the status line has gone out with the first frame: the failure ends the stream as its last line
            sendQuietly(ctx, Map.of("error", failure instanceof NiceException ? failure.getMessage()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        } finally {
            DIFFERENTIATING.unlock();
            running.decrementAndGet();
        }
        return null;
    }

    private static void sendQuietly(Context ctx, Map<String, Object> frame) {
        try {
            send(output(ctx), frame);
        } catch (ClientGone gone) {
            // nobody left to tell
        }
    }

    private static OutputStream output(Context ctx) {
        try {
            return ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private static Map<String, Object> frame(FlowModel flow, int step, int steps, float[] pixels) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("step", step);
        frame.put("steps", steps);
        double logProb = flow.logProb(new float[][] {pixels})[0];
        frame.put("log_likelihood", Double.isFinite(logProb) ? logProb : null);
        frame.put("pixels", pixels);
        return frame;
    }

    private static void send(OutputStream out, Map<String, Object> frame) {
        try {
            out.write(Json.MAPPER.writeValueAsBytes(frame));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        } catch (UncheckedIOException e) {
            throw new ClientGone(e.getCause());
        }
    }
}

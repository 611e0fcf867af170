package org.nice4j.serve;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.function.Function;
import org.nice4j.io.ModelFile;

/** What every handler shares: the runs, the loaded models, the engine threads and the test images. */
record Served(RunFolders folders, RunListing listing, ModelCache models, EnginePool pool, TestImages tests) {
    /**
     * Answers {@code ctx} with {@code work} done on the run's model on an engine thread; the web server's thread
     * returns at once and the answer is written when the work ends.
     */
    void onModel(Context ctx, Function<ModelFile.Loaded, Replies> work) {
        Path file = folders.run(ctx.pathParam("run")).model();
        ctx.future(() -> pool.submit(() -> models.with(file, work)).thenAccept(reply -> reply.writeTo(ctx)));
    }
}

package org.nice4j.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The runs: their list, each run's details and epochs, and the files it wrote (samples, curve, metrics). */
final class RunsApi {
    private final Served served;

    RunsApi(Served served) {
        this.served = served;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/runs", ctx -> Replies.json(served.listing().runs()).writeTo(ctx));
        routes.get("/api/runs/{run}", ctx -> Replies.json(served.listing().run(ctx.pathParam("run"))).writeTo(ctx));
        routes.get("/api/runs/{run}/metrics", ctx -> Replies.json(served.listing().metrics(ctx.pathParam("run")))
                .writeTo(ctx));
        routes.get("/api/runs/{run}/files/<path>", this::file);
    }

    private void file(Context ctx) throws IOException {
        Path file = served.folders().file(ctx.pathParam("run"), ctx.pathParam("path"));
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(contentType(file)).result(Files.readAllBytes(file));
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Replies.PNG;
        }
        if (name.endsWith(".json")) {
            return Replies.JSON;
        }
        if (name.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        return "application/octet-stream";
    }
}

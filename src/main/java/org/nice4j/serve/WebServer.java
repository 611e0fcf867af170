package org.nice4j.serve;

import ai.djl.Device;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.UriCompliance;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web page and its JSON API over a folder of training runs: one Javalin server with the page's static files,
 * the API under {@code /api}, engine work on a bounded pool and a bounded cache of loaded models.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /**
     * How the server is set up.
     *
     * @param runs       the folder of run folders; nothing outside it is ever served
     * @param host       the address to bind, 127.0.0.1 for this machine only
     * @param port       the port, 0 for any free one
     * @param device     where models run
     * @param models     how many loaded models to keep
     * @param threads    engine threads
     * @param queue      engine requests that may wait; more are refused with 503
     * @param pollMillis how often the runs folder is read for changes
     */
    public record Settings(Path runs, String host, int port, Device device, int models, int threads, int queue,
            long pollMillis) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("port", "the port must be between 0 and 65535, got " + port);
            }
            if (models < 1 || threads < 1 || queue < 1 || pollMillis < 1) {
                throw new NiceException("models, threads, queue and poll interval must be positive");
            }
        }

        /** Defaults for a folder, host and port: 2 models, 2 engine threads, 256 waiting requests, 1 s polls. */
        public static Settings of(Path runs, String host, int port, Device device) {
            return new Settings(runs, host, port, device, 2, 2, 256, 1000);
        }
    }

    private final Javalin app;
    private final ModelCache models;
    private final EnginePool pool;
    private final RunWatcher watcher;
    private final String host;

    private WebServer(Settings settings) {
        RunFolders folders = new RunFolders(settings.runs());
        RunListing listing = new RunListing(folders, new ModelChecks());
        this.models = new ModelCache(settings.models(), settings.device());
        this.pool = new EnginePool(settings.threads(), settings.queue());
        this.watcher = new RunWatcher(listing, settings.pollMillis());
        this.host = settings.host();
        Served served = new Served(folders, listing, models, pool, new TestImages());
        InpaintApi inpaint = new InpaintApi(served);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // served on this machine, where compression saves nothing and would hold back server-sent events
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.staticFiles.add("/web", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            // encoded separators and dots reach the handlers, which answer 404 for anything outside the runs
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.UNSAFE));
            new RunsApi(served).register(config.routes);
            new ModelApi(served).register(config.routes);
            inpaint.register(config.routes);
            config.routes.sse("/api/events", watcher::connect);
            config.routes.get("/api/status", ctx -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("runs", folders.root().toString());
                status.put("models_loaded", models.size());
                status.put("engine_arrays", models.engineArrays());
                status.put("event_clients", watcher.clients());
                status.putAll(inpaint.status());
                Replies.json(status).writeTo(ctx);
            });
            config.routes.exception(Exception.class, WebServer::answerFailure);
            config.routes.error(404, "*", ctx -> {
                if (!ctx.res().getContentType().startsWith(Replies.JSON)) {
                    error(ctx, 404, "no such page or API: " + Params.shortened(ctx.path()), null);
                }
            });
        });
    }

    /** Starts a server; it serves until {@link #close()}. */
    public static WebServer start(Settings settings) {
        WebServer server = new WebServer(settings);
        try {
            server.app.start(settings.host(), settings.port());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw new NiceException("cannot serve on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + ")");
        }
    }

    /** The port bound (the free one chosen for port 0). */
    public int port() {
        return app.port();
    }

    public String host() {
        return host;
    }

    /** The page's address, with the host as a browser reaches it. */
    public String address() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port() + "/";
    }

    private static void answerFailure(Exception failure, Context ctx) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof BadRequest bad) {
            error(ctx, 400, bad.getMessage(), bad.parameter());
        } else if (e instanceof InvalidSettingException invalid) {
            error(ctx, 400, invalid.getMessage(), invalid.setting());
        } else if (e instanceof NotFound) {
            error(ctx, 404, e.getMessage(), null);
        } else if (e instanceof EnginePool.Busy) {
            error(ctx, 503, e.getMessage(), null);
        } else if (e instanceof NiceException) {
            error(ctx, 422, e.getMessage(), null);
        } else {
            LOG.error("request {} failed", ctx.path(), e);
            error(ctx, 500, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private static void error(Context ctx, int status, String message, String parameter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        ctx.status(status);
        Replies.json(body).writeTo(ctx);
    }

    @Override
    public void close() {
        watcher.close();
        app.stop();
        pool.close();
        models.close();
    }
}

package org.nice4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nice4j.serve.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a web page over a folder of training runs: the runs with their live training curves, "
                + "samples with a temperature slider, inpainting drawn with the mouse, latent interpolation, the "
                + "spectrum, GIN's latent sliders and each model's card; and the JSON API under /api that the page "
                + "uses. Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runs", required = true, paramLabel = "DIR",
            description = "The folder of run folders (as nice4j train writes them); nothing outside it is served.")
    Path runs;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind; the default serves this machine only, 0.0.0.0 every network "
                    + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--models", defaultValue = "2",
            description = "Loaded models kept in memory at once (default: ${DEFAULT-VALUE}).")
    int models;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (models < 1 || models > 64) {
            throw new UsageException("--models must be between 1 and 64, got " + models);
        }
        WebServer.Settings defaults = WebServer.Settings.of(runs, host, port, common.device());
        CountDownLatch stop = new CountDownLatch(1);
        // Ctrl-C closes the server before the engine's own shutdown hook frees native memory under a running request
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> stop.countDown());
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean interrupted = false;
        try (WebServer server = WebServer.start(new WebServer.Settings(runs, host, port, defaults.device(), models,
                defaults.threads(), defaults.queue(), defaults.pollMillis()))) {
            out.println("nice4j serve: " + server.address() + " (runs from " + runs.toAbsolutePath().normalize() + ")");
            out.println(bindNote(server.host()));
            out.flush();
            stop.await();
        } catch (InterruptedException e) {
            // the server is closed by now; the interrupt is passed on once it is
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        out.println("nice4j serve: stopped");
        return 0;
    }

    /** Says plainly who can reach the page. */
    static String bindNote(String host) {
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        return local ? "bound to " + host + " only: reachable from this machine, not from the network (--host to change)"
                : "bound to " + host + ": reachable from other machines on the network, with no login; "
                        + "use --host 127.0.0.1 to keep it local";
    }
}

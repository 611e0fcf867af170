package org.nice4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nice4j.Json;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers as separate JVMs started from the test's
 * own class path, each worker offering one core, so that every executor is a JVM of its own. Spark's workers start
 * executors from a Spark home's {@code jars/} folder; a throwaway one links the class path's jars there, and the
 * application adds the module's class folders with {@code spark.executor.extraClassPath}. Closing it ends every
 * process it started, executors included.
 */
final class StandaloneCluster implements AutoCloseable {
    // Generous: three JVMs start at once, and a machine busy with other work gives each a fraction of a core.
    private static final Duration STARTUP = Duration.ofMinutes(5);

    private final Path dir;
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final int port;

    private StandaloneCluster(Path dir) throws IOException {
        this.dir = dir;
        this.home = Files.createDirectories(dir.resolve("spark-home"));
        Files.writeString(home.resolve("RELEASE"), "Spark (nice4j test cluster)\n");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.exists(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        this.port = freePort();
    }

    /** Starts a master and {@code workers} one-core workers, and waits until all have registered. */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir);
        try {
            int ui = freePort();
            cluster.launch(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(cluster.port), "--webui-port", String.valueOf(ui));
            for (int i = 0; i < workers; i++) {
                cluster.launch(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "1536m", "--webui-port",
                        String.valueOf(freePort()), "--work-dir", Files.createDirectories(dir.resolve("work-" + i))
                                .toString(), cluster.masterUrl());
            }
            cluster.awaitWorkers(ui, workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The module's class folders, which executors need beside the Spark home's jars. */
    String classFolders() {
        return classPath().stream().filter(e -> !e.endsWith(".jar")).collect(Collectors.joining(":"));
    }

    /** Kills worker {@code i} and the executor it started, as a lost machine would. */
    void killWorker(int i) {
        Process worker = processes.get(1 + i);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    /** Waits until the master's status page (its JSON view) counts {@code workers} live workers. */
    private void awaitWorkers(int uiPort, int workers) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            try {
                String body = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
                if (Json.MAPPER.readTree(body).path("aliveworkers").asInt() >= workers) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (processes.stream().anyMatch(p -> !p.isAlive())) {
                throw new IllegalStateException("a cluster process ended early; see the logs in " + dir);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster did not start in " + STARTUP + "; see the logs in " + dir);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void launch(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", String.join(":", classPath())));
        command.addAll(javaModuleOptions());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("DJL_OFFLINE", "true");
        processes.add(builder.start());
    }

    /** The test JVM's class path (surefire runs it without a manifest-only jar, see the pom). */
    private static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(":"));
    }

    /** The JDK internals Spark opens, as surefire passes them to the test JVM. */
    private static List<String> javaModuleOptions() {
        return Stream.of(System.getProperty("nice4j.sparkJavaOptions", "").split(" ")).filter(s -> !s.isBlank())
                .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

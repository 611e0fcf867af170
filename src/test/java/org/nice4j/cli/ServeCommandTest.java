package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code nice4j serve}: says where it listens and who can reach it, serves, and refuses a missing runs folder. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void printsTheAddressAndTheLoopbackBindAndServes() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(Main.run(new String[] {"serve", "--runs", runs.toString(), "--port",
                "0", "--device", "cpu"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))));
        serving.start();
        Matcher address = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher("");
        while (!address.reset(out.toString()).find() || !out.toString().contains("bound to")) {
            assertTrue(serving.isAlive(), "serve ended: " + out);
            Thread.sleep(50);
        }
        assertTrue(out.toString().contains("bound to 127.0.0.1 only"), out.toString());
        HttpResponse<String> runsList = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.group(1) + "/api/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, runsList.statusCode());
        assertEquals("[]", runsList.body());
        serving.interrupt();
        serving.join(20_000);
        assertEquals(0, code.get());
        assertTrue(out.toString().contains("stopped"));
    }

    @Test
    void saysWhenEveryNetworkCanReachThePage() {
        assertTrue(ServeCommand.bindNote("0.0.0.0").contains("reachable from other machines"));
        assertTrue(ServeCommand.bindNote("127.0.0.1").contains("not from the network"));
    }

    @Test
    void aMissingRunsFolderIsAUsageError() {
        CliFixture.Result r = CliFixture.run("serve", "--runs", dir.resolve("nope").toString(), "--port", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--runs: the runs folder"), r.err());
        assertEquals(2, CliFixture.run("serve", "--runs", dir.toString(), "--port", "70000").code());
    }
}

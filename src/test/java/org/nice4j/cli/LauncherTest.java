package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./nice4j} launcher builds the jar with Maven on first use and whenever {@code core.pom.xml} (the core's
 * pom) or a file under {@code src/main} is newer than it, then runs it. The script runs here in a copy of the project
 * layout with a fake jar, and fake {@code mvn} and {@code java} first on the PATH that only record how they were
 * called, so no real build or JVM starts.
 */
class LauncherTest {
    /** Modification times are set explicitly, well apart, so no test depends on the file system's clock resolution. */
    private static final Instant JAR_TIME = Instant.now().minusSeconds(3600);

    @TempDir
    Path root;
    Path bin;
    Path source;

    @BeforeEach
    void project() throws IOException {
        Files.copy(Path.of("nice4j"), root.resolve("nice4j"));
        executable(root.resolve("nice4j"));
        Files.createDirectories(root.resolve("target/lib"));
        Files.writeString(root.resolve("target/nice4j.jar"), "not a real jar");
        Files.writeString(root.resolve("core.pom.xml"), "<project/>");
        source = root.resolve("src/main/java/org/nice4j/Some.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Some {}");
        setTime(root.resolve("target/nice4j.jar"), JAR_TIME);
        setTime(root.resolve("core.pom.xml"), JAR_TIME.minusSeconds(600));
        try (var tree = Files.walk(root.resolve("src"))) {
            for (Path p : tree.toList()) {
                setTime(p, JAR_TIME.minusSeconds(600)); // folders too: adding or removing a source changes its folder
            }
        }
        bin = Files.createDirectory(root.resolve("fake-bin"));
        fakeCommand("mvn", 0);
        fakeCommand("java", 0);
    }

    @Test
    void runsTheJarWithoutBuildingWhenNoSourceIsNewer() throws Exception {
        Launch launch = launch("info", "--model", "m.nice4j");

        assertEquals(0, launch.code(), launch.err());
        assertEquals(List.of(), calls("mvn"));
        assertEquals(List.of("-Xms32m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20"
                + " -cp " + root.resolve("target/nice4j.jar") + ":" + root.resolve("target/lib") + "/*"
                + " org.nice4j.cli.Main info --model m.nice4j | DJL_OFFLINE=true"),
                calls("java"));
    }

    /** The JVM takes the last of repeated options: a user's NICE4J_JAVA_OPTS must follow the launcher's heap start. */
    @Test
    void theUsersJavaOptionsComeAfterTheLaunchersHeapSettings() throws Exception {
        Launch launch = launchWith(Map.of("NICE4J_JAVA_OPTS", "-Xms1g"), "info");

        assertEquals(0, launch.code(), launch.err());
        String line = calls("java").get(0);
        assertTrue(line.startsWith("-Xms32m ") && line.indexOf("-Xms1g") > line.indexOf("-XX:MaxHeapFreeRatio=20")
                && line.indexOf("-Xms1g") < line.indexOf(" -cp "), line);
    }

    @Test
    void buildsWhenASourceIsNewerThanTheJarAndNotAgainAfterwards() throws Exception {
        setTime(source, JAR_TIME.plusSeconds(60));

        Launch first = launch("info");
        Launch second = launch("info");

        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("nice4j: building"), first.err());
        assertEquals(List.of("-q -f " + root.resolve("core.pom.xml") + " -Dmaven.test.skip=true package"),
                calls("mvn"),
                "one build: the launcher marks the jar as newer than the sources it was built from");
        assertEquals(0, second.code(), second.err());
        assertEquals(2, calls("java").size());
    }

    @Test
    void buildsWhenThePomIsNewer() throws Exception {
        setTime(root.resolve("core.pom.xml"), JAR_TIME.plusSeconds(60));

        assertEquals(0, launch("info").code());
        assertEquals(1, calls("mvn").size());
    }

    @Test
    void buildsOnFirstUseWhenTheJarOrItsLibrariesAreMissing() throws Exception {
        Files.delete(root.resolve("target/lib"));

        assertEquals(0, launch("info").code());
        assertEquals(1, calls("mvn").size());
    }

    @Test
    void aFailedBuildStopsWithOneLineAndRunsNothing() throws Exception {
        fakeCommand("mvn", 1);
        setTime(source, JAR_TIME.plusSeconds(60));

        Launch launch = launch("info");

        assertEquals(1, launch.code());
        assertTrue(launch.err().strip().endsWith("nice4j: build failed"), launch.err());
        assertEquals(List.of(), calls("java"));
    }

    private record Launch(int code, String err) {}

    private Launch launch(String... args) throws IOException, InterruptedException {
        return launchWith(Map.of(), args);
    }

    private Launch launchWith(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("nice4j").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(root.resolve("launcher.err").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("DJL_OFFLINE");
        pb.environment().remove("NICE4J_JAVA_OPTS");
        pb.environment().putAll(environment);
        int code = pb.start().waitFor();
        return new Launch(code, Files.readString(root.resolve("launcher.err")));
    }

    /** A stand-in for {@code name} that appends its arguments (and, for java, DJL_OFFLINE) to a log and exits. */
    private void fakeCommand(String name, int exitCode) throws IOException {
        Path script = bin.resolve(name);
        String env = name.equals("java") ? " | DJL_OFFLINE=$DJL_OFFLINE" : "";
        Files.writeString(script,
                "#!/bin/sh\necho \"$*" + env + "\" >> \"" + log(name) + "\"\nexit " + exitCode + "\n");
        executable(script);
    }

    private List<String> calls(String name) throws IOException {
        return Files.exists(log(name)) ? Files.readAllLines(log(name)) : List.of();
    }

    private Path log(String name) {
        return root.resolve(name + ".calls");
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void setTime(Path file, Instant time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(time));
    }
}

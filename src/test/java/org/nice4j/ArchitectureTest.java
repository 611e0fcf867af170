package org.nice4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages depend in one direction only (docs: DESIGN.md), from the shells down to the base package:
 * cli/serve/spark → experiment/bench → train → infer/io → model → prior → transform → nn → data/engine → viz → base.
 * A package may use its own classes and those of any layer below it; packages that share a layer stay independent.
 * Read from the main sources as text, so that a wrong-way import fails here, with its file and line, before it
 * hardens into a cycle.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/org/nice4j");

    /** Top to bottom; "" is the base package {@code org.nice4j}. */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("cli", "serve", "spark"),
            Set.of("experiment", "bench"),
            Set.of("train"),
            Set.of("infer", "io"),
            Set.of("model"),
            Set.of("prior"),
            Set.of("transform"),
            Set.of("nn"),
            Set.of("data", "engine"),
            Set.of("viz"),
            Set.of(""));

    /** A use of another nice4j package: an import, or a fully qualified name in the code. */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.nice4j\\.([a-z][a-z0-9]*)\\.");

    @Test
    void packagesDependDownwardsOnly() throws IOException {
        List<Path> files = sources();
        assertTrue(files.size() > 50, "found only " + files.size() + " source files under " + SOURCES.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        Set<String> unplaced = new TreeSet<>();
        for (Path file : files) {
            String from = packageOf(file);
            if (layer(from) < 0) {
                unplaced.add(from);
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("package ")) {
                    continue;
                }
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    String to = m.group(1);
                    if (!allowed(from, to)) {
                        violations.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(Set.of(), unplaced, "packages missing from the layer order in this test");
        assertEquals(List.of(), violations, "imports against the package order");
    }

    @Test
    void theRuleAllowsOnlyDownwardUse() {
        assertTrue(allowed("train", "io"));
        assertTrue(allowed("io", "io"));
        assertTrue(allowed("viz", ""));
        assertFalse(allowed("io", "train"));
        assertFalse(allowed("infer", "io"), "packages of one layer stay independent");
        assertFalse(allowed("", "engine"));
        assertFalse(allowed("model", "unknown"));
    }

    private static boolean allowed(String from, String to) {
        int target = layer(to);
        return from.equals(to) || (target >= 0 && layer(from) < target);
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** The first package name below org.nice4j, or "" for the base package itself. */
    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}

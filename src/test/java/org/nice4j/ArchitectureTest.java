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
 * cli → serve/spark → experiment/bench → train → infer/io → model → prior → transform → nn → data/engine → viz → base.
 * A package may use its own classes and those of any layer below it; packages that share a layer stay independent.
 * Read from the main sources as text, so that a wrong-way import fails here, with its file and line, before it
 * hardens into a cycle.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/org/nice4j");

    /** Top to bottom; "" is the base package {@code org.nice4j}. */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("cli"),
            Set.of("serve", "spark"),
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

    /** Comments, string literals and character literals, in the order they start, so each hides the others. */
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "//[^\n]*|/\\*.*?\\*/|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'", Pattern.DOTALL);
    /** A command-line flag, such as {@code --lr} (not a "--" inside a word or a number range). */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z]");

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

    /**
     * Only the CLI knows its flags and its usage errors: the library's messages describe the value that was wrong
     * (InvalidSettingException names the setting), and the CLI says which flag sets it.
     */
    @Test
    void onlyTheCliSpeaksInFlags() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            if (packageOf(file).equals("cli")) {
                continue;
            }
            String text = Files.readString(file);
            if (text.contains("UsageException")) {
                violations.add(SOURCES.relativize(file) + ": UsageException");
            }
            for (String literal : flagLiterals(text)) {
                violations.add(SOURCES.relativize(file) + ": " + literal);
            }
        }
        assertEquals(List.of(), violations, "flags or UsageException outside org.nice4j.cli");
    }

    @Test
    void theFlagCheckSeesStringsOnly() {
        String code = "// --a \"x\"\nthrow e(\"--limit \\\" \" + '\"' + \"--lr\" + \"a--b\"); /* \"--c\" */";
        assertEquals(List.of("\"--limit \\\" \"", "\"--lr\""), flagLiterals(code));
    }

    /** The string literals in {@code code} that hold a flag; comments and character literals are skipped. */
    private static List<String> flagLiterals(String code) {
        List<String> found = new ArrayList<>();
        Matcher m = COMMENT_OR_LITERAL.matcher(code);
        while (m.find()) {
            if (m.group().startsWith("\"") && FLAG.matcher(m.group()).find()) {
                found.add(m.group());
            }
        }
        return found;
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

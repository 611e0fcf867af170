package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nice4j.data.IdxFixtures.gzip;
import static org.nice4j.data.IdxFixtures.writeFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

class DatasetLocatorTest {

    @TempDir
    Path tmp;

    /** Records calls and writes a tiny dataset where it is asked to. */
    private final class FakeFetcher implements DatasetFetcher {
        final List<Path> calls = new ArrayList<>();

        @Override
        public Set<String> knownDatasets() {
            return Set.of("mnist");
        }

        @Override
        public void fetch(String dataset, Path targetDir) {
            calls.add(targetDir);
            try {
                writeFolder(targetDir, 12, 2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final FakeFetcher fetcher = new FakeFetcher();

    private Path home() {
        return tmp.resolve("home");
    }

    private Path cache() throws IOException {
        return writeFolder(home().resolve(".nice4j/data/mnist"), 12, 2);
    }

    private DatasetLocator locator(Map<String, String> env) {
        return new DatasetLocator(env, home(), fetcher);
    }

    @Test
    void explicitDataDirBeatsEnvironmentAndCache() throws IOException {
        Path data = writeFolder(tmp.resolve("data"), 12, 2);
        Path env = writeFolder(tmp.resolve("env"), 12, 2);
        cache();

        IdxFolder folder = locator(Map.of("NICE4J_DATA", env.toString())).locate("mnist", data);

        assertEquals(data, folder.dir());
        assertEquals(List.of(), fetcher.calls);
    }

    @Test
    void environmentBeatsCache() throws IOException {
        Path env = writeFolder(tmp.resolve("env"), 12, 2);
        cache();

        assertEquals(env, locator(Map.of("NICE4J_DATA", env.toString())).locate("mnist", null).dir());
        assertEquals(List.of(), fetcher.calls);
    }

    @Test
    void environmentSubdirectoryNamedAfterTheDatasetIsPreferred() throws IOException {
        Path env = writeFolder(tmp.resolve("env"), 12, 2);
        Path sub = writeFolder(env.resolve("mnist"), 12, 2);

        assertEquals(sub, locator(Map.of("NICE4J_DATA", env.toString())).locate("mnist", null).dir());
    }

    @Test
    void bareEnvironmentDirectoryCountsOnlyAsMnist() throws IOException {
        Path env = writeFolder(tmp.resolve("env"), 12, 2);
        DatasetLocator locator = locator(Map.of("NICE4J_DATA", env.toString()));

        assertEquals(env, locator.locate("mnist", null).dir());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> locator.locate("fashion", null));
        assertEquals("unknown dataset 'fashion' (known: mnist; or a data directory with the four IDX files)",
                e.getMessage());
    }

    @Test
    void otherDatasetsAreFoundInTheirEnvironmentSubdirectory() throws IOException {
        Path env = tmp.resolve("env");
        Path fashion = writeFolder(env.resolve("fashion"), 12, 2);

        assertEquals(fashion, locator(Map.of("NICE4J_DATA", env.toString())).locate("fashion", null).dir());
    }

    @Test
    void incompleteEnvironmentDirectoryFallsThroughToCache() throws IOException {
        Path env = writeFolder(tmp.resolve("env"), 12, 2);
        Files.delete(env.resolve(IdxFolder.TEST_LABELS));
        Path cache = cache();

        assertEquals(cache, locator(Map.of("NICE4J_DATA", env.toString())).locate("mnist", null).dir());
    }

    @Test
    void cacheBeatsFetching() throws IOException {
        Path cache = cache();

        assertEquals(cache, locator(Map.of()).locate("mnist", null).dir());
        assertEquals(List.of(), fetcher.calls);
    }

    @Test
    void fetchesIntoTheCacheWhenNothingElseExists() {
        DatasetLocator locator = locator(Map.of("NICE4J_DATA", tmp.resolve("empty").toString()));

        IdxFolder folder = locator.locate("mnist", null);

        Path expected = home().resolve(".nice4j/data/mnist");
        assertEquals(List.of(expected), fetcher.calls);
        assertEquals(expected, folder.dir());
        assertEquals(12, folder.train().size());
        assertEquals(expected, locator.locate("mnist", null).dir());
        assertEquals(1, fetcher.calls.size(), "the second call finds the cache");
    }

    @Test
    void fetcherThatLeavesFilesMissingIsReported() {
        DatasetFetcher lazy = new DatasetFetcher() {
            @Override
            public Set<String> knownDatasets() {
                return Set.of("mnist");
            }

            @Override
            public void fetch(String dataset, Path targetDir) {
            }
        };

        NiceException e = assertThrows(NiceException.class,
                () -> new DatasetLocator(Map.of(), home(), lazy).locate("mnist", null));

        assertTrue(e.getMessage().contains(IdxFolder.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void missingFileInDataDirIsAUsageErrorNamingDirAndFile() throws IOException {
        Path data = writeFolder(tmp.resolve("data"), 12, 2);
        Files.delete(data.resolve(IdxFolder.TEST_IMAGES));
        cache();

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> locator(Map.of()).locate("mnist", data));

        assertTrue(e.getMessage().startsWith("the data directory " + data + " lacks " + IdxFolder.TEST_IMAGES),
                e.getMessage());
        assertEquals(List.of(), fetcher.calls);
    }

    @Test
    void missingDataDirIsAUsageError() {
        Path data = tmp.resolve("absent");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> locator(Map.of()).locate("mnist", data));

        assertEquals("the data directory " + data + " does not exist", e.getMessage());
        assertEquals("dataDir", e.setting());
    }

    @Test
    void gzipAndRawFileNamesBothCount() throws IOException {
        Path data = writeFolder(tmp.resolve("data"), 12, 2);
        Path raw = data.resolve(IdxFolder.TRAIN_IMAGES);
        Files.write(data.resolve(IdxFolder.TRAIN_IMAGES + ".gz"), gzip(Files.readAllBytes(raw)));
        Files.delete(raw);

        IdxFolder folder = locator(Map.of()).locate("custom", data);

        assertEquals("custom", folder.train().name());
        assertEquals(12, folder.train().size());
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> locator(Map.of()).locate("foo", null));

        assertEquals("unknown dataset 'foo' (known: mnist; or a data directory with the four IDX files)",
                e.getMessage());
        assertEquals(List.of(), fetcher.calls);
    }

    @Test
    void datasetNameMustNotEscapeTheCache() {
        assertThrows(InvalidSettingException.class, () -> locator(Map.of()).locate("../etc", null));
        assertThrows(InvalidSettingException.class, () -> locator(Map.of()).locate("a/b", null));
    }
}

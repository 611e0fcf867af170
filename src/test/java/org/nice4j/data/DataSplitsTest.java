package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

class DataSplitsTest {
    @TempDir
    Path dir;

    @Test
    void aSeededSplitIsDeterministicDisjointAndInFileOrder() {
        Table all = numbered(100);
        DataSplits a = DataSplits.random(all, 0.2, 0.1, 7);
        DataSplits b = DataSplits.random(all, 0.2, 0.1, 7);
        assertEquals(List.of(70, 20, 10), List.of(a.train().size(), a.valid().size(), a.test().size()));
        assertArrayEquals(((Table) a.valid()).values(), ((Table) b.valid()).values());
        assertArrayEquals(((Table) a.test()).values(), ((Table) b.test()).values());
        float[] every = concat(a);
        Arrays.sort(every);
        assertArrayEquals(all.values(), every);
        float[] train = ((Table) a.train()).values();
        for (int i = 1; i < train.length; i++) {
            assertTrue(train[i - 1] < train[i]);
        }
        assertNotEquals(Arrays.toString(((Table) a.test()).values()),
                Arrays.toString(((Table) DataSplits.random(all, 0.2, 0.1, 8).test()).values()));
    }

    @Test
    void labelsTravelWithTheirRows() {
        Table all = new Table("t", 1, new float[] {0, 1, 2, 3, 4, 5}, new int[] {0, 10, 20, 30, 40, 50});
        DataSplits s = DataSplits.random(all, 0.5, 0, 3);
        for (Rows part : List.of(s.train(), s.valid())) {
            for (int i = 0; i < part.size(); i++) {
                assertEquals(10 * (int) ((Table) part).values()[i], part.label(i));
            }
        }
    }

    @Test
    void fractionsOutsideTheUnitIntervalOrTooFewRowsAreRefused() {
        InvalidSettingException big = assertThrows(InvalidSettingException.class,
                () -> DataSplits.random(numbered(10), 0.1, 1.5, 0));
        assertEquals("testFraction", big.setting());
        assertEquals("a fraction of the data must be in [0, 1), got 1.5", big.getMessage());
        assertEquals("validFraction", assertThrows(InvalidSettingException.class,
                () -> DataSplits.random(numbered(10), -0.1, 0.1, 0)).setting());
        assertThrows(InvalidSettingException.class, () -> DataSplits.random(numbered(10), 0.6, 0.4, 0));
        assertThrows(NiceException.class, () -> DataSplits.random(numbered(2), 0.5, 0.4, 0));
    }

    @Test
    void aRequestReadsTheFileBesideSeparateValidationAndTestFiles() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "a,b\n" + rows(0, 50));
        Path valid = Files.writeString(dir.resolve("valid.csv"), "a,b\n" + rows(100, 5));
        DataRequest request = new DataRequest(null, train, valid, null, null, 0.1, 0.2, 0);
        DataSplits s = request.resolve(locatorThatMustNotBeUsed(), "mnist").splits();
        assertEquals(List.of(40, 5, 10), List.of(s.train().size(), s.valid().size(), s.test().size()));
        assertEquals(100, ((Table) s.valid()).values()[0]);

        Path wide = Files.writeString(dir.resolve("wide.csv"), "1,2,3\n");
        NiceException e = assertThrows(NiceException.class, () -> new DataRequest(null, train, null, wide, null, 0.1,
                0.1, 0).resolve(locatorThatMustNotBeUsed(), "mnist"));
        assertTrue(e.getMessage().contains("('wide.csv', rows of 3 values) differ from the training data"
                + " ('train.csv', rows of 2 values)"), e.getMessage());
    }

    @Test
    void namedToyDataIsMadeOnTheSpot() {
        DataSplits moons = new DataRequest(null, null, null, null, null, 0.1, 0.1, 0)
                .resolve(locatorThatMustNotBeUsed(), NamedDatasets.defaultFor(false)).splits();
        assertEquals(DataShape.table(2), moons.shape());
        assertEquals(List.of(2000, 500, 500), List.of(moons.train().size(), moons.valid().size(),
                moons.test().size()));
    }

    @Test
    void pathsAreReadByWhatTheyAre() throws IOException {
        Path idx = SyntheticDigits.writeFolder(dir.resolve("digits"), 12, 6, 1);
        Path pngs = DataFixtures.greyPng(dir.resolve("pngs/a.png"), 2, 2, 0).getParent();
        Path npy = DataFixtures.npy(dir.resolve("x.npy"), "<f4", new long[] {1, 1}, new double[1]);
        Path csv = Files.writeString(dir.resolve("x.CSV"), "1\n");
        assertEquals(Map.of(idx, DataFiles.Kind.IDX_FOLDER, pngs, DataFiles.Kind.PNG_FOLDER, npy, DataFiles.Kind.NPY,
                csv, DataFiles.Kind.CSV), Map.of(idx, DataFiles.kindOf(idx), pngs, DataFiles.kindOf(pngs), npy,
                DataFiles.kindOf(npy), csv, DataFiles.kindOf(csv)));
        Path other = Files.writeString(dir.resolve("x.json"), "{}");
        assertEquals("dataDir", assertThrows(InvalidSettingException.class, () -> DataFiles.kindOf(other)).setting());
        assertEquals("labelColumn", assertThrows(InvalidSettingException.class, () -> DataFiles.open(npy, "y"))
                .setting());
        DataSplits reference = new DataRequest(null, idx, null, null, null, 0.1, 0.1, 0)
                .resolve(new DatasetLocator(Map.of(), dir, failingFetcher()), "mnist").splits();
        assertEquals(List.of(10, 2, 6), List.of(reference.train().size(), reference.valid().size(),
                reference.test().size()));
    }

    private static String rows(int from, int n) {
        StringBuilder text = new StringBuilder();
        IntStream.range(from, from + n).forEach(i -> text.append(i).append(',').append(-i).append('\n'));
        return text.toString();
    }

    private static Table numbered(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return new Table("numbers", 1, values, null);
    }

    private static float[] concat(DataSplits s) {
        float[] a = ((Table) s.train()).values();
        float[] b = ((Table) s.valid()).values();
        float[] c = ((Table) s.test()).values();
        float[] all = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private DatasetLocator locatorThatMustNotBeUsed() {
        return new DatasetLocator(Map.of(), dir.resolve("home"), failingFetcher());
    }

    private static DatasetFetcher failingFetcher() {
        return new DatasetFetcher() {
            @Override
            public Set<String> knownDatasets() {
                return Set.of();
            }

            @Override
            public void fetch(String dataset, Path target) {
                throw new AssertionError("no download expected");
            }
        };
    }
}

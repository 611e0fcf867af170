package org.nice4j.data;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Datasets known by name: the toy data made on the spot, and image datasets found (or fetched) by a
 * {@link DatasetLocator}.
 */
public final class NamedDatasets {
    /** Two moons, the 2-D toy data of the continuous presets (nice-toy): made on the spot, not read from files. */
    public static final String TWO_MOONS = "two-moons";
    /** Points of the two-moons training set and of each held-out set, with the README Java example's noise. */
    private static final int MOONS_TRAIN = 2000;
    private static final int MOONS_HELD_OUT = 500;
    private static final double MOONS_NOISE = 0.05;

    private static final Map<String, Supplier<DataSplits>> GENERATED = Map.of(TWO_MOONS, NamedDatasets::twoMoons);

    private NamedDatasets() {}

    /** The dataset a model of images, or of continuous rows, trains on when none is named. */
    public static String defaultFor(boolean images) {
        return images ? DatasetLocator.DEFAULT_DATASET : TWO_MOONS;
    }

    /** Whether {@code name} is made on the spot rather than read from files. */
    public static boolean isGenerated(String name) {
        return GENERATED.containsKey(name);
    }

    /** The splits of the dataset called {@code name}: made on the spot, or the reference split of its IDX files. */
    public static DataSplits splits(String name, DatasetLocator locator) {
        Supplier<DataSplits> generated = GENERATED.get(name);
        return generated != null ? generated.get() : DataSplits.of(locator.locate(name, null).referenceSplits());
    }

    /** The seeds of the README's Java example: the same points every run, so a resumed run sees the same data. */
    private static DataSplits twoMoons() {
        return new DataSplits(moons(MOONS_TRAIN, 1), moons(MOONS_HELD_OUT, 2), moons(MOONS_HELD_OUT, 3));
    }

    private static Table moons(int n, long seed) {
        return new Table(TWO_MOONS, 2, ToyDensities.twoMoons(n, MOONS_NOISE, seed), null);
    }
}

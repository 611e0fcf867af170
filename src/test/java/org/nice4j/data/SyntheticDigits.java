package org.nice4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * MNIST-shaped data made on the spot, for tests that need 28x28 labelled images but not the genuine digits: each
 * class is a different set of thick strokes (bars, a ring, diagonals) drawn at a random offset and brightness, on a
 * black background with blank corners. A model can learn it (the classes differ, pixels are correlated) and it is
 * the same for the same seed, so a fresh clone without {@code ../shared} tests the same behaviour.
 */
public final class SyntheticDigits {
    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    /** The seed of the {@link #sharedFolder} folders. */
    public static final long SHARED_SEED = 1;

    /** Folders written by {@link #sharedFolder}, by their (train, test) sizes. */
    private static final Map<List<Integer>, Path> SHARED = new HashMap<>();

    private SyntheticDigits() {
    }

    /**
     * A folder of {@code trainSize} training and {@code testSize} test images (seed {@value #SHARED_SEED}), written
     * once per test JVM into a temporary directory that is deleted when the JVM exits, so that the test classes
     * using the same sizes pay for writing it once. Callers must not change it.
     */
    public static synchronized Path sharedFolder(int trainSize, int testSize) {
        return SHARED.computeIfAbsent(List.of(trainSize, testSize), sizes -> {
            try {
                Path dir = Files.createTempDirectory("nice4j-digits-" + trainSize + "-" + testSize + "-");
                dir.toFile().deleteOnExit();
                writeFolder(dir, trainSize, testSize, SHARED_SEED);
                // Registered after the directory, so deleted before it (deleteOnExit runs in reverse order).
                for (String name : IdxFolder.FILE_NAMES) {
                    dir.resolve(name + IdxFolder.GZIP_SUFFIX).toFile().deleteOnExit();
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Writes the four standard IDX files (gzip, as MNIST is distributed) of {@code trainSize} training and
     * {@code testSize} test images into {@code dir}.
     */
    public static Path writeFolder(Path dir, int trainSize, int testSize, long seed) throws IOException {
        Random random = new Random(seed);
        write(dir, IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS, trainSize, random);
        write(dir, IdxFolder.TEST_IMAGES, IdxFolder.TEST_LABELS, testSize, random);
        return dir;
    }

    private static void write(Path dir, String imagesName, String labelsName, int n, Random random)
            throws IOException {
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            labels[i] = (byte) label;
            draw(label, random, pixels, i * SIDE * SIDE);
        }
        IdxFixtures.write(dir.resolve(imagesName + IdxFolder.GZIP_SUFFIX), IdxFixtures.gzip(
                IdxFixtures.idx(IdxReader.IMAGES_MAGIC, new int[] {n, SIDE, SIDE}, pixels)));
        IdxFixtures.write(dir.resolve(labelsName + IdxFolder.GZIP_SUFFIX), IdxFixtures.gzip(
                IdxFixtures.idx(IdxReader.LABELS_MAGIC, new int[] {n}, labels)));
    }

    /** One image of class {@code label} into {@code out} from {@code offset}, inside rows and columns 4..23. */
    private static void draw(int label, Random random, byte[] out, int offset) {
        int dr = random.nextInt(5) - 2;
        int dc = random.nextInt(5) - 2;
        int bright = 160 + random.nextInt(96);
        for (int r = 4; r < SIDE - 4; r++) {
            for (int c = 4; c < SIDE - 4; c++) {
                if (inStroke(label, r - dr - 14, c - dc - 14)) {
                    int value = bright - random.nextInt(40);
                    out[offset + r * SIDE + c] = (byte) value;
                }
            }
        }
    }

    /** Whether the point (y, x), relative to the centre, lies on one of the strokes of class {@code label}. */
    private static boolean inStroke(int label, int y, int x) {
        int rr = y * y + x * x;
        boolean ring = rr >= 36 && rr <= 64;
        boolean vertical = Math.abs(x) <= 1 && Math.abs(y) <= 8;
        boolean horizontal = Math.abs(y) <= 1 && Math.abs(x) <= 7;
        boolean top = Math.abs(y + 7) <= 1 && Math.abs(x) <= 7;
        boolean bottom = Math.abs(y - 7) <= 1 && Math.abs(x) <= 7;
        boolean diagonal = Math.abs(x + y) <= 1 && Math.abs(x) <= 7;
        boolean antiDiagonal = Math.abs(x - y) <= 1 && Math.abs(x) <= 7;
        boolean left = Math.abs(x + 6) <= 1 && Math.abs(y) <= 8;
        boolean right = Math.abs(x - 6) <= 1 && Math.abs(y) <= 8;
        return switch (label) {
            case 0 -> ring;
            case 1 -> vertical;
            case 2 -> top || diagonal || bottom;
            case 3 -> top || horizontal || bottom || right;
            case 4 -> left && y <= 0 || horizontal || right;
            case 5 -> top || antiDiagonal || bottom;
            case 6 -> ring && y >= -2 || left;
            case 7 -> top || diagonal;
            case 8 -> ring || horizontal;
            default -> ring && y <= 2 || right;
        };
    }
}

package org.nice4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nice4j.data.SyntheticDigits;

/**
 * {@code train} calls that finish in a second or two: MNIST-shaped synthetic digits (train 50, validation 10,
 * test 30), coupling networks of one hidden layer of 8 units, minibatches of 20.
 */
final class TinyRuns {
    private TinyRuns() {}

    /** A folder of 60 training and 30 test images, as {@code --data} takes it. */
    static Path digits(Path dir, long seed) throws IOException {
        return SyntheticDigits.writeFolder(dir, 60, 30, seed);
    }

    /** {@code train} for one epoch on {@code data} into {@code out}, then {@code more} options. */
    static String[] train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--epochs", "1", "--hidden",
                "8", "--depth", "1", "--batch", "20", "--no-progress", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}

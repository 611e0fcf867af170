package org.nice4j.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nice4j.NiceException;
import org.nice4j.train.EpochMetrics;

/** Reads back the metrics.csv a run writes after every epoch (see RunDirectory.writeMetrics). */
final class MetricsFile {
    private static final String HEADER = "epoch,train_nll,valid_ll,learning_rate,seconds";

    private MetricsFile() {}

    /** The epochs so far; none when the run has not finished its first epoch. */
    static List<EpochMetrics> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new NiceException(file + ": not a nice4j metrics file (its first line is not '" + HEADER + "')");
        }
        List<EpochMetrics> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",");
            try {
                out.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            } catch (RuntimeException e) {
                throw new NiceException(file + ": line " + (i + 1) + " is not epoch,train_nll,valid_ll,learning_rate,"
                        + "seconds: '" + Params.shortened(lines.get(i)) + "'");
            }
        }
        return out;
    }
}

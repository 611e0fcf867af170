package org.nice4j.serve;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nice4j.data.ImageExamples;
import org.nice4j.infer.ImageRows;
import org.nice4j.infer.SmallModels;
import org.nice4j.io.ModelFile;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.prior.PriorKind;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.RunDirectory;

/**
 * A runs folder as the server sees it, made in a second: "small", the briefly trained NICE of
 * {@link SmallModels} with two epochs of metrics and a summary; "gin", a 28x28 GIN flow whose class statistics
 * are fitted to synthetic digits; "broken", a model file with a flipped byte; "foreign", a text file named as a
 * model. The data folder the models name in their provenance is the synthetic digits' one.
 */
final class ServedRuns {
    static final String SMALL = "small";
    static final String GIN = "gin";
    static final String BROKEN = "broken";
    static final String FOREIGN = "foreign";

    private ServedRuns() {}

    static Path create(Path runs) throws IOException {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("preset", "nice-mnist");
        provenance.put("dataset", "mnist");
        provenance.put("data_dir", SmallModels.mnistDir().toString());
        provenance.put("limit", null);
        RunDirectory small = new RunDirectory(Files.createDirectories(runs.resolve(SMALL)));
        ModelFile.save(SmallModels.trained(), provenance, small.model());
        small.writeMetrics(List.of(new EpochMetrics(1, 700.5, -690.25, 1e-3, 1.5),
                new EpochMetrics(2, 650.0, -640.75, 1e-3, 1.4)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("epochs", 2);
        summary.put("best_valid_log_likelihood_nats", -640.75);
        summary.put("test_log_likelihood_nats", -645.5);
        summary.put("test_bits_per_dim", 6.1);
        summary.put("test_examples", 1000);
        summary.put("training", Map.of("epochs", 2, "batch_size", 50));
        summary.put("provenance", provenance);
        small.writeSummary(summary);

        Map<String, Object> ginProvenance = new LinkedHashMap<>(provenance);
        ginProvenance.put("preset", "gin-mnist");
        RunDirectory gin = new RunDirectory(Files.createDirectories(runs.resolve(GIN)));
        try (FlowModel model = ginModel()) {
            ModelFile.save(model, ginProvenance, gin.model());
        }
        gin.writeMetrics(List.of(new EpochMetrics(1, 600, -590, 1e-3, 1)));

        RunDirectory broken = new RunDirectory(Files.createDirectories(runs.resolve(BROKEN)));
        byte[] bytes = Files.readAllBytes(small.model());
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(broken.model(), bytes);
        RunDirectory foreign = new RunDirectory(Files.createDirectories(runs.resolve(FOREIGN)));
        Files.writeString(foreign.model(), "this is not a model\n");
        return runs;
    }

    /** A GIN flow of 4 couplings with its 10 class Gaussians fitted to the encoded synthetic digits. */
    static FlowModel ginModel() {
        ModelConfig config = new ModelConfig(CouplingKind.GIN, new Layout.Flat(4, PartitionKind.ODD_EVEN),
                new NetworkConfig(16, 1, Init.UNIFORM, 0.05, false), false, PriorKind.CLASS_GAUSSIAN, 2, 3L, 10);
        FlowModel model = FlowModel.create(config, Preprocessing.images(28, 28), Device.cpu(), 3);
        int n = 200;
        float[][] rows = ImageRows.first(SmallModels.mnist().train(), 256, n);
        int[] labels = new ImageExamples(SmallModels.mnist().train(), 256).labels(
                IntStream.range(0, n).toArray());
        ((ClassConditionalGaussian) model.prior()).fit(model.encode(rows, 100), labels);
        return model;
    }
}

package org.nice4j.spark;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.data.NoisyExamples;
import org.nice4j.engine.Precision;
import org.nice4j.io.ModelFile;
import org.nice4j.io.Tensors;
import org.nice4j.model.DensityModel;
import org.nice4j.train.Checkpoint;
import org.nice4j.train.Optimizer;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingStep;

/**
 * One worker's part of a round, run on an executor over its partition: rebuild the model from the broadcast, train on
 * the partition's next minibatches, and hand back gradients (one step) or parameters and optimizer state (several).
 * Only {@code Serializable} values travel: the broadcast file, the settings, and float arrays.
 */
final class RoundTask implements Function2<Integer, Iterator<Row>, Iterator<RoundResult>> {
    private static final long serialVersionUID = 1L;

    /** The prefix of optimizer state arrays among the parameters in a result. */
    static final String OPTIMIZER_PREFIX = "optimizer/";

    /** One task at a time per executor JVM trains: DJL's PyTorch engine allows one gradient collector per JVM. */
    private static final Object JVM_TRAINING = new Object();

    private final FileBroadcast start;
    private final FeatureColumn column;
    // The settings a worker needs, as plain values: the library's records are not Serializable.
    private final int batchSize;
    private final long seed;
    private final double noise;
    private final Precision precision;
    private final int localSteps;
    private final int epoch;
    private final int round;
    private final double[] rates;
    private final double momentum;

    RoundTask(FileBroadcast start, FeatureColumn column, TrainingConfig config, int localSteps, int epoch, int round,
            double[] rates, double momentum) {
        this.start = start;
        this.column = column;
        this.batchSize = config.batchSize();
        this.seed = config.seed();
        this.noise = config.noise();
        this.precision = config.precision();
        this.localSteps = localSteps;
        this.epoch = epoch;
        this.round = round;
        this.rates = rates;
        this.momentum = momentum;
    }

    @Override
    public Iterator<RoundResult> call(Integer partition, Iterator<Row> rows) {
        List<Row> shard = new ArrayList<>();
        rows.forEachRemaining(shard::add);
        int[][] batches = Batches.shuffledBatches(shard.size(), batchSize,
                new SplittableRandom(Seeds.mix(seed, epoch, partition)));
        int first = round * localSteps;
        if (first >= batches.length) {
            return List.of(RoundResult.empty()).iterator();
        }
        synchronized (JVM_TRAINING) {
            TaskEngine.prepare();
            return List.of(train(partition, shard, batches, first)).iterator();
        }
    }

    private RoundResult train(int partition, List<Row> shard, int[][] batches, int first) {
        long started = System.nanoTime();
        Checkpoint.Restored restored = localSteps == 1 ? null : Checkpoint.load(start.localCopy(), Device.cpu());
        try (DensityModel model = restored != null ? restored.model()
                : ModelFile.load(start.localCopy(), Device.cpu()).model()) {
            Examples examples = model.preprocessing().examples(column.rows(shard, 0, "partition " + partition), 0);
            Examples train = noise > 0 ? new NoisyExamples(examples, noise) : examples;
            GradientCapture capture = restored == null ? new GradientCapture(model.parameters()) : null;
            Optimizer optimizer = restored != null ? restored.restoreOptimizer() : capture;
            TrainingStep step = new TrainingStep(model, optimizer, precision);
            long seen = 0;
            double lossSum = 0;
            for (int b = first; b < Math.min(batches.length, first + localSteps); b++) {
                float[] x = train.batch(batches[b], new SplittableRandom(Seeds.mix(seed, epoch, partition,
                        b)));
                double loss = step.run(x, train.condition(batches[b]), batches[b].length, rates[b - first],
                        momentum);
                lossSum += loss * batches[b].length;
                seen += batches[b].length;
                if (!Double.isFinite(loss)) {
                    break;
                }
            }
            LinkedHashMap<String, float[]> arrays = new LinkedHashMap<>();
            if (capture != null) {
                arrays.putAll(capture.gradients());
            } else {
                Tensors.toHost(model.parameters(), "").forEach((name, t) -> arrays.put(name, t.data()));
                Tensors.toHost(optimizer.state(), OPTIMIZER_PREFIX).forEach((name, t) -> arrays.put(name, t.data()));
            }
            return RoundResult.of(arrays, seen, lossSum, (System.nanoTime() - started) / 1e9);
        }
    }
}

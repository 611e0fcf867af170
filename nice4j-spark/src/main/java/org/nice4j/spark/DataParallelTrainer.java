package org.nice4j.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Examples;
import org.nice4j.io.HostTensor;
import org.nice4j.io.ModelFile;
import org.nice4j.io.Tensors;
import org.nice4j.model.DensityModel;
import org.nice4j.train.Checkpoint;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.Evaluator;
import org.nice4j.train.Optimizer;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingDiverged;
import org.nice4j.train.TrainingState;
import org.nice4j.train.WeightAverage;

/**
 * Data-parallel training on Spark in synchronous rounds. Each partition of the training table is one worker's shard.
 * A round broadcasts the driver's model (and, for several local steps, its optimizer state); every worker trains from
 * it on its own next {@code localSteps} minibatches; the driver combines:
 * <ul>
 *   <li>one local step: the workers send their minibatch gradients, the driver averages them weighted by minibatch
 *       size and takes one optimizer step: exactly a step on the union of the minibatches;</li>
 *   <li>several: the workers run the optimizer themselves and send parameters and optimizer state, which the driver
 *       averages weighted by the examples each saw (deeplearning4j's ParameterAveragingTrainingMaster).</li>
 * </ul>
 * Minibatch order and noise come from the seed, the epoch, the partition and the minibatch's index, so a round that
 * Spark reruns (a lost executor) computes the same result. The driver keeps the run folder as {@code train} does:
 * the best model, a checkpoint after every epoch (and every {@link TrainingConfig#checkpointSeconds()}), the metrics
 * and the curve; a resumed run continues at the round it stopped before.
 */
public final class DataParallelTrainer {
    private final JavaSparkContext spark;
    private final DensityModel model;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final RunDirectory run;
    private final Map<String, Object> provenance;
    private final int localSteps;
    private final PrintWriter log;
    private final RoundTimes times = new RoundTimes();
    /** Checkpoints record an inactive average: the rounds step the raw weights only. */
    private final WeightAverage noAverage;

    /**
     * @param localSteps the minibatches each worker trains on per round (K)
     * @param log        where a line per epoch goes
     */
    public DataParallelTrainer(JavaSparkContext spark, DensityModel model, Optimizer optimizer, TrainingConfig config,
            RunDirectory run, Map<String, Object> provenance, int localSteps, PrintWriter log) {
        if (localSteps < 1) {
            throw new InvalidSettingException("localSteps", "the local steps per round must be at least 1, got "
                    + localSteps);
        }
        if (config.averageDecay() > 0) {
            throw new InvalidSettingException("averageDecay", "data-parallel training steps the raw weights and keeps"
                    + " no weight average; use a decay of 0");
        }
        this.spark = spark;
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
        this.run = run;
        this.provenance = new LinkedHashMap<>(provenance);
        this.localSteps = localSteps;
        this.log = log;
        this.noAverage = new WeightAverage(model.parameters(), 0);
    }

    /** Time per round, split between the workers' training and the rest (broadcast, aggregate, update). */
    public RoundTimes times() {
        return times;
    }

    /**
     * Trains until {@code config.epochs()} epochs are done.
     *
     * @param train       the training table, one shard per partition
     * @param features    its column of model input ({@link DistributedScorer#score} says which types)
     * @param labelColumn its int column of class labels, or null
     * @param valid       validation examples, scored on the driver after each epoch (null: keep the last epoch)
     * @param state       where the run stands ({@link TrainingState#start()} for a new run)
     */
    public TrainingState train(Dataset<Row> train, String features, String labelColumn, Examples valid,
            TrainingState state) {
        FeatureColumn column = FeatureColumn.of(train.schema(), features, labelColumn,
                model.preprocessing().dataShape());
        JavaRDD<Row> shards = train.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Integer> sizes = shards.mapPartitions(rows -> {
                int n = 0;
                for (; rows.hasNext(); rows.next()) {
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            int maxBatches = sizes.stream().mapToInt(n -> (n + config.batchSize() - 1) / config.batchSize()).max()
                    .orElse(0);
            if (maxBatches == 0) {
                throw new InvalidSettingException("train", "the training table has no rows");
            }
            int rounds = (maxBatches + localSteps - 1) / localSteps;
            while (state.epoch() < config.epochs()) {
                state = epoch(shards, column, valid, state, rounds);
            }
            return state;
        } finally {
            shards.unpersist(false);
        }
    }

    private TrainingState epoch(JavaRDD<Row> shards, FeatureColumn column, Examples valid, TrainingState state,
            int rounds) {
        int epoch = state.epoch();
        double momentum = config.optimizer().momentumAt(epoch);
        long started = System.nanoTime();
        long lastCheckpoint = started;
        double lr = Double.NaN;
        for (int r = state.batch(); r < rounds; r++) {
            double[] rates = new double[localSteps];
            for (int k = 0; k < localSteps; k++) {
                rates[k] = config.learningRateAt(state.step() + k, epoch, state.history());
            }
            lr = rates[0];
            RoundResult result = round(shards, column, epoch, r, rates, momentum);
            double loss = result.lossSum() / result.examples();
            if (!Double.isFinite(loss)) {
                throw new TrainingDiverged("training diverged: the loss is " + loss + " at epoch " + (epoch + 1)
                        + ", round " + (r + 1) + "; " + (Files.exists(run.checkpoint())
                        ? "the last good checkpoint is kept in " + run.checkpoint() : "no checkpoint was written"));
            }
            state = new TrainingState(epoch, r + 1, state.step() + localSteps, state.epochNllSum() + loss,
                    state.epochBatches() + 1, state.epochSeconds(), state.bestValidLl(), state.bestEpoch(),
                    state.history());
            if (r + 1 < rounds && (System.nanoTime() - lastCheckpoint) / 1e9 >= config.checkpointSeconds()) {
                state = withSeconds(state, state.epochSeconds() + (System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                checkpoint(state);
                lastCheckpoint = System.nanoTime();
            }
        }
        double seconds = state.epochSeconds() + (System.nanoTime() - started) / 1e9;
        double validLl = valid == null ? Double.NaN : Evaluator.meanValidationScore(model, valid, Evaluator.BATCH);
        EpochMetrics metrics = new EpochMetrics(epoch + 1, state.epochNllSum() / Math.max(1, state.epochBatches()),
                validLl, lr, seconds);
        boolean best = valid == null || validLl > state.bestValidLl();
        List<EpochMetrics> history = new ArrayList<>(state.history());
        history.add(metrics);
        state = new TrainingState(epoch + 1, 0, state.step(), 0, 0, 0, best ? validLl : state.bestValidLl(),
                best ? epoch + 1 : state.bestEpoch(), List.copyOf(history));
        if (best) {
            Map<String, Object> p = new LinkedHashMap<>(provenance);
            p.put("epoch", metrics.epoch());
            p.put("steps", state.step());
            p.put("valid_log_likelihood", Double.isFinite(validLl) ? validLl : null);
            ModelFile.save(model, p, run.model());
        }
        checkpoint(state);
        run.writeMetrics(history);
        run.writeCurve(history);
        log.printf(Locale.ROOT, "epoch %d/%d: train NLL %.3f, valid LL %.3f nats, %.1f s (%d rounds of %d local "
                + "steps; per round %.3f s training, %.3f s broadcast and combine)%s%n", epoch + 1, config.epochs(),
                metrics.trainNll(), validLl, seconds, rounds, localSteps, times.meanComputeSeconds(),
                times.meanCommunicationSeconds(), best ? ", kept" : "");
        return state;
    }

    /** One synchronous round: broadcast, local training on every shard, combine on the driver. */
    private RoundResult round(JavaRDD<Row> shards, FeatureColumn column, int epoch, int round, double[] rates,
            double momentum) {
        long started = System.nanoTime();
        FileBroadcast start = broadcastStart();
        RoundResult result;
        try {
            RoundTask task = new RoundTask(start, column, config, localSteps, epoch, round, rates, momentum);
            // A tree: with many workers the executors add most partial sums, not the driver alone.
            result = shards.mapPartitionsWithIndex(task, false).treeReduce(RoundResult::plus);
        } finally {
            start.destroy();
        }
        if (result.examples() > 0 && Double.isFinite(result.lossSum())) {
            combine(result, rates[0], momentum);
        }
        times.add((System.nanoTime() - started) / 1e9, result.computeSeconds());
        return result;
    }

    /** The model (and for several local steps the optimizer state) as the workers start from it. */
    private FileBroadcast broadcastStart() {
        try {
            Path file = Files.createTempFile("nice4j-round-", ".nice4j");
            try {
                if (localSteps == 1) {
                    ModelFile.save(model, Map.of(), file);
                } else {
                    Checkpoint.save(file, model, optimizer, noAverage, config, TrainingState.start(), Map.of());
                }
                return FileBroadcast.of(spark, file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the round's model", e);
        }
    }

    private void combine(RoundResult result, double learningRate, double momentum) {
        if (localSteps == 1) {
            stepWithGradients(result, learningRate, momentum);
            return;
        }
        Map<String, HostTensor> parameters = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> parameters.put(name,
                new HostTensor(p.getShape().getShape(), result.average(name))));
        Tensors.assign(model.parameters(), parameters, "the averaged parameters");
        try (NDManager staging = model.manager().newSubManager()) {
            Map<String, NDArray> state = new LinkedHashMap<>();
            for (String name : result.arrays().keySet()) {
                if (name.startsWith(RoundTask.OPTIMIZER_PREFIX)) {
                    String slot = name.substring(RoundTask.OPTIMIZER_PREFIX.length());
                    NDArray p = model.parameters().get(slot.substring(0, slot.lastIndexOf('/')));
                    state.put(slot, staging.create(result.average(name), p.getShape()));
                }
            }
            optimizer.load(state, optimizer.steps() + localSteps);
        }
    }

    /** Takes one optimizer step along the averaged gradient: a step on the union of the workers' minibatches. */
    private void stepWithGradients(RoundResult result, double learningRate, double momentum) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray[] gradients = model.parameters().entrySet().stream()
                    .map(e -> scope.create(result.average(e.getKey()), e.getValue().getShape()))
                    .toArray(NDArray[]::new);
            optimizer.step(gradients, learningRate, momentum);
        }
    }

    private void checkpoint(TrainingState state) {
        Checkpoint.save(run.checkpoint(), model, optimizer, noAverage, config, state, provenance);
    }

    private static TrainingState withSeconds(TrainingState s, double seconds) {
        return new TrainingState(s.epoch(), s.batch(), s.step(), s.epochNllSum(), s.epochBatches(), seconds,
                s.bestValidLl(), s.bestEpoch(), s.history());
    }
}

package org.nice4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.data.Condition;
import org.nice4j.data.Table;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;
import org.nice4j.train.Optimizer;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingSettings;
import org.nice4j.train.TrainingState;
import org.nice4j.train.TrainingStep;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The two ways a round combines the workers, against single-machine training from the same start: one local step
 * (gradient averaging) is one step on the union of the workers' minibatches; with one worker, K local steps with
 * parameter and optimizer-state averaging are K ordinary steps.
 */
class DataParallelTrainerTest {
    private static final int DIMENSION = 2;

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start();
        TaskEngine.prepare();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void oneLocalStepAveragesGradientsIntoOneLargeBatchStep() {
        float[] values = gaussianRows(200, 1);
        // A minibatch larger than each worker's shard: each worker's minibatch is its whole shard.
        TrainingConfig config = config(1, 1000);
        try (DensityModel distributed = model(); DensityModel single = model()) {
            Optimizer rule = config.optimizer().create(distributed.parameters());
            TrainingState state = trainer(distributed, rule, config, 1, "k1")
                    .train(table(values, 2), "features", null, null, TrainingState.start());

            Optimizer reference = config.optimizer().create(single.parameters());
            double loss = new TrainingStep(single, reference).run(values, Condition.NONE, 200,
                    config.learningRateAt(0, 0, List.of()), config.optimizer().momentumAt(0));

            assertEquals(loss, state.history().get(0).trainNll(), 1e-5);
            assertSameParameters(single, distributed);
        }
    }

    @Test
    void severalLocalStepsOnOneWorkerAreOrdinarySteps() {
        float[] values = gaussianRows(40, 2);
        TrainingConfig config = config(1, 10);
        try (DensityModel distributed = model(); DensityModel single = model()) {
            Optimizer rule = config.optimizer().create(distributed.parameters());
            trainer(distributed, rule, config, 4, "k4").train(table(values, 1), "features", null, null,
                    TrainingState.start());

            Optimizer reference = config.optimizer().create(single.parameters());
            TrainingStep step = new TrainingStep(single, reference);
            Table rows = new Table("t", DIMENSION, values, null);
            int[][] batches = Batches.shuffledBatches(40, 10, new SplittableRandom(Seeds.mix(config.seed(), 0, 0)));
            for (int b = 0; b < batches.length; b++) {
                step.run(rows.examples().batch(batches[b], null), Condition.NONE, 10,
                        config.learningRateAt(b, 0, List.of()), config.optimizer().momentumAt(0));
            }
            assertSameParameters(single, distributed);
        }
    }

    private static DataParallelTrainer trainer(DensityModel model, Optimizer rule, TrainingConfig config, int k,
            String run) {
        return new DataParallelTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), model, rule, config,
                new RunDirectory(dir.resolve(run)), Map.of(), k, new PrintWriter(new StringWriter()));
    }

    private static void assertSameParameters(DensityModel expected, DensityModel actual) {
        expected.parameters().forEach((name, p) -> {
            float[] e = p.toFloatArray();
            float[] a = actual.parameters().get(name).toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-5, name + "[" + i + "]");
            }
        });
        assertTrue(expected.parameterCount() > 0);
    }

    /** RMSProp with momentum, as the NICE paper trains, without input noise. */
    private static TrainingConfig config(int epochs, int batch) {
        return new TrainingSettings(batch, "rmsprop", 1e-3, null, null, 0.0, null, null, null, null, null, null, null)
                .resolve(epochs, 11, null);
    }

    private static DensityModel model() {
        return FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 7);
    }

    static Dataset<Row> table(float[] values, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length / DIMENSION; i++) {
            List<Float> row = new ArrayList<>();
            for (int j = 0; j < DIMENSION; j++) {
                row.add(values[i * DIMENSION + j]);
            }
            rows.add(RowFactory.create(CollectionConverters.asScala(row).toSeq()));
        }
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false));
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows,
                partitions), schema);
    }

    private static float[] gaussianRows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = new float[n * DIMENSION];
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian();
            values[i * DIMENSION] = (float) a;
            values[i * DIMENSION + 1] = (float) (0.8 * a + 0.6 * rng.nextGaussian());
        }
        return values;
    }
}

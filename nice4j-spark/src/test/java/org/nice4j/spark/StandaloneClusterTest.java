package org.nice4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.model.DensityModel;
import org.nice4j.train.Checkpoint;

/**
 * The jobs on a standalone cluster of two one-core workers on 127.0.0.1 (separate JVMs, started and ended here): a
 * data-parallel run whose second worker is killed mid-run finishes on the remaining one, Spark rerunning the lost
 * tasks (whose results are fixed by their seeds), and leaves a checkpoint that loads.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    @TempDir
    static Path dir;
    static StandaloneCluster cluster;
    static SparkSession spark;
    static Path table;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
        spark = SparkSession.builder().master(cluster.masterUrl()).appName("nice4j-spark cluster test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.extraClassPath", cluster.classFolders())
                .config("spark.executorEnv.DJL_OFFLINE", "true")
                .getOrCreate();
        StringBuilder csv = new StringBuilder("a,b\n");
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 400; i++) {
            double a = rng.nextGaussian();
            csv.append(a).append(',').append(0.8 * a + 0.6 * rng.nextGaussian()).append('\n');
        }
        table = Files.writeString(dir.resolve("table.csv"), csv);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRunWhoseWorkerIsKilledFinishesOnTheOtherAndKeepsAValidCheckpoint() throws Exception {
        Path run = dir.resolve("run");
        Thread killer = new Thread(() -> {
            try {
                while (!Files.exists(run.resolve("metrics.csv"))) {
                    Thread.sleep(100);
                }
                cluster.killWorker(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.setDaemon(true);
        killer.start();

        LocalSpark.Result r = LocalSpark.run("train", "--preset", "nice-toy", "--data", table.toString(),
                "--epochs", "3", "--hidden", "8", "--depth", "1", "--batch", "40", "--workers-steps", "2",
                "--partitions", "2", "--out", run.toString());
        killer.join(10_000);

        assertEquals(0, r.code(), r.err());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and three epochs");
        assertTrue(r.out().contains("epoch 3/3"), r.out());
        try (DensityModel model = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu()).model()) {
            assertTrue(model.parameterCount() > 0);
        }
    }
}

package org.nice4j.infer;

import ai.djl.Device;
import java.nio.file.Path;
import org.nice4j.data.Condition;
import org.nice4j.data.IdxFolder;
import org.nice4j.data.ImageExamples;
import org.nice4j.data.Splits;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;
import org.nice4j.train.RmsPropMomentum;
import org.nice4j.train.TrainingStep;

/**
 * A small NICE (4 additive couplings of 2 x 64 ReLU, scaling, logistic prior) trained for 20 steps of 50 images
 * on MNIST-shaped synthetic digits ({@link SyntheticDigits}), so that it is the same with or without
 * {@code ../shared}: enough to score held-out digits far above its untrained start ({@link SmallModelsTest}), and
 * ready in about a second on an idle machine. Shared by the tests of this package and of the CLI commands; tests
 * must not close it.
 */
public final class SmallModels {
    public static final int TRAIN_IMAGES = 500;
    /** Sizes of the data folder: its reference split holds 1,000 training, 200 validation and 1,000 test images. */
    private static final int TRAIN_FILE = 1200;
    private static final int TEST_FILE = 1000;
    private static final int BATCH = 50;
    private static final int STEPS = 20;
    /** The seed of the trained model's initial parameters. */
    static final long SEED = 7;

    private static Splits mnist;
    private static FlowModel trained;

    private SmallModels() {}

    /** The folder of MNIST-shaped IDX files the model trains on, for commands given {@code --data}. */
    public static Path mnistDir() {
        return SyntheticDigits.sharedFolder(TRAIN_FILE, TEST_FILE);
    }

    public static synchronized Splits mnist() {
        if (mnist == null) {
            mnist = new IdxFolder("mnist", mnistDir()).referenceSplits();
        }
        return mnist;
    }

    public static synchronized FlowModel trained() {
        if (trained == null) {
            // Published only once trained, so that no caller can ever be handed the untrained start.
            FlowModel model = untrained(SEED);
            ImageExamples examples = new ImageExamples(mnist().train().limit(TRAIN_IMAGES), 256);
            TrainingStep step = new TrainingStep(model, new RmsPropMomentum(model.parameters(), 0.95, 100));
            for (int s = 0; s < STEPS; s++) {
                int[] idx = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    idx[i] = (s * BATCH + i) % TRAIN_IMAGES;
                }
                step.run(examples.evaluationBatch(idx), Condition.NONE, BATCH, 1e-3, 0);
            }
            trained = model;
        }
        return trained;
    }

    /** A freshly initialised model of the same architecture; the caller closes it. */
    public static FlowModel untrained(long seed) {
        ModelConfig config = ModelConfig.nice(4, PartitionKind.ODD_EVEN, new NetworkConfig(64, 2, Init.HE, 0.01, false),
                true, PriorKind.LOGISTIC);
        return FlowModel.create(config, Preprocessing.images(28, 28), Device.cpu(), seed);
    }

    /** The first {@code n} test images, dequantized as for evaluation. */
    public static float[][] testImages(int n) {
        return ImageRows.first(mnist().test(), 256, n);
    }
}

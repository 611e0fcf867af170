package org.nice4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.engine.Scope;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowArchitecture;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;
import org.nice4j.prior.NormalPrior;
import org.nice4j.prior.Prior;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingListener;
import org.nice4j.train.TrainingRun;
import org.nice4j.transform.AdditiveCoupling;
import org.nice4j.transform.Partition;
import org.nice4j.transform.Transform;
import org.nice4j.transform.Transformed;

/** The README's second Java example: a flow composed in code around a user-written transform, trained, reloaded. */
class ComposedFlowExampleTest {
    @TempDir
    Path dir;

    // --- README composed example start ---
    /** A user's own invertible step: y = x·exp(s) + b, with s and b learned per coordinate; log|det| = Σ s. */
    static final class ScaleShift implements Transform {
        private final NDArray logScale;
        private final NDArray shift;

        ScaleShift(NDManager manager, int dimension) {
            logScale = manager.zeros(new Shape(1, dimension));
            shift = manager.zeros(new Shape(1, dimension));
            logScale.setRequiresGradient(true);
            shift.setRequiresGradient(true);
        }

        @Override
        public Transformed forward(NDArray x) {
            NDArray logDet = x.getManager().ones(new Shape(x.getShape().get(0))).mul(logScale.sum());
            return new Transformed(x.mul(Scope.like(x, logScale.exp())).add(shift), logDet);
        }

        @Override
        public Transformed inverse(NDArray y) {
            NDArray logDet = y.getManager().ones(new Shape(y.getShape().get(0))).mul(logScale.sum().neg());
            return new Transformed(y.sub(shift).mul(Scope.like(y, logScale.neg().exp())), logDet);
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of("log_scale", logScale, "shift", shift);
        }
    }

    /** Two additive couplings (NICE's) with 2 x 32 ReLU networks, then the user's step, over a standard normal. */
    static final FlowArchitecture MOONS_FLOW = new FlowArchitecture() {
        @Override
        public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
            var networks = Mlp.factory(manager, 32, 2, Init.HE, 0.01, false, rng);
            return List.of(new AdditiveCoupling(Partition.halves(dimension, 0), networks),
                    new AdditiveCoupling(Partition.halves(dimension, 1), networks),
                    new ScaleShift(manager, dimension));
        }

        @Override
        public Prior prior(NDManager manager, int dimension) {
            return new NormalPrior();
        }
    };
    // --- README composed example end ---

    @Test
    void aComposedFlowTrainsSavesAndReloadsWithTheSameScores() {
        var data = new TrainingRun.Data(
                new ContinuousExamples(ToyDensities.twoMoons(2000, 0.05, 1), 2),
                new ContinuousExamples(ToyDensities.twoMoons(500, 0.05, 2), 2),
                new ContinuousExamples(ToyDensities.twoMoons(500, 0.05, 3), 2));
        float[][] points = {{0f, 0.5f}, {5f, 5f}};
        double[] untrained;
        try (FlowModel fresh = FlowModel.create(MOONS_FLOW, Preprocessing.continuous(2), Device.cpu(), 42)) {
            untrained = fresh.logProb(points);
        }

        var outcome = TrainingRun.start(dir.resolve("mine"), MOONS_FLOW, Preprocessing.continuous(2),
                TrainingConfig.paper(5, 42), Device.cpu(), data, Map.of(), new TrainingListener() {});
        Path file = dir.resolve("mine/model.nice4j");
        try (FlowModel model = ModelFile.load(file, Device.cpu(), MOONS_FLOW).flow()) {
            double[] scores = model.logProb(points);
            assertTrue(scores[0] > untrained[0] + 0.5, "training raised log p on the moons: " + untrained[0]
                    + " -> " + scores[0]);
            assertTrue(scores[0] > scores[1], "a point on the moons is likelier than one far away");
            NDArray logScale = model.parameters().get("2.log_scale");
            assertTrue(logScale.abs().sum().getFloat() > 0, "the user's transform was trained");
            assertEquals(outcome.testLogLikelihood(), org.nice4j.train.Evaluator.meanLogLikelihood(model,
                    data.test(), 200), 0, "the reloaded flow scores the test split as the run did");
            float[][] roundTrip = model.decode(model.encode(points));
            for (int i = 0; i < points.length; i++) {
                assertArrayEquals(points[i], roundTrip[i], 1e-5f, "decode(encode(x)) = x through the user's step");
            }
        }
        NiceException e = assertThrows(NiceException.class, () -> ModelFile.load(file, Device.cpu()));
        assertTrue(e.getMessage().contains("composed in code (org.nice4j.ComposedFlowExampleTest$"), e.getMessage());
    }
}

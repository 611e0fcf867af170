package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.data.Batches;
import org.nice4j.data.Condition;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.prior.PriorKind;
import org.nice4j.train.Evaluator;
import org.nice4j.train.RmsPropMomentum;
import org.nice4j.train.TrainingStep;

class FlowModelTest {

    @Test
    void niceMnistPresetIsThePapersArchitecture() {
        Presets.Preset p = Presets.get("nice-mnist");
        ModelConfig c = p.flow();
        assertEquals(new Layout.Flat(4, PartitionKind.ODD_EVEN), c.layout());
        assertEquals(1000, c.network().hidden());
        assertEquals(5, c.network().depth());
        assertEquals(PriorKind.LOGISTIC, c.prior());
        assertTrue(c.scaling());
        assertEquals(784, p.preprocessing().dimension());
        try (FlowModel m = FlowModel.create(p, Device.cpu(), 0)) {
            // 4 couplings of 392→1000→(4×1000→1000)→392 plus 784 log-scales
            long perCoupling = 392L * 1000 + 1000 + 4 * (1000L * 1000 + 1000) + 1000L * 392 + 392;
            assertEquals(4 * perCoupling + 784, m.parameterCount());
        }
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Presets.get("nope"));
        assertTrue(e.getMessage().contains("nice-mnist"), e.getMessage());
    }

    @Test
    void decodeInvertsEncodeAndSamplingIsSeeded() {
        try (FlowModel m = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3);
                NDManager scope = m.manager().newSubManager()) {
            // A fresh nice-toy is the identity (zeroed output layers, zero log-scales), which inverts trivially.
            ModelNoise.perturb(m, 0.05, 5);
            NDArray x = scope.create(ToyDensities.twoMoons(50, 0.05, 1), new Shape(50, 2));
            NDArray h = m.encode(x);
            assertTrue(h.sub(x).abs().max().getFloat() > 0.5f, "encode moves points: the model is not the identity");
            // Rounding leaves ~2e-7 here, for |x| up to 2.
            assertArrayEquals(x.toFloatArray(), m.decode(h).toFloatArray(), 1e-5f);
            assertArrayEquals(m.sample(5, 1.0, 9)[4], m.sample(5, 1.0, 9)[4]);
            assertFalse(Arrays.equals(m.sample(5, 1.0, 9)[4], m.sample(5, 1.0, 10)[4]), "another seed, other samples");
        }
    }

    @Test
    void wrongShapeIsAClearError() {
        try (FlowModel m = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3);
                NDManager scope = m.manager().newSubManager()) {
            NiceException e = assertThrows(NiceException.class, () -> m.logProb(scope.zeros(new Shape(4, 3))));
            assertTrue(e.getMessage().contains("(n, 2)"), e.getMessage());
        }
    }

    /** A small NICE learns two moons: held-out log-likelihood rises by a clear margin within seconds. */
    @Test
    void trainingOnTwoMoonsImprovesHeldOutLikelihood() {
        ContinuousExamples train = new ContinuousExamples(ToyDensities.twoMoons(2000, 0.05, 1), 2);
        ContinuousExamples heldOut = new ContinuousExamples(ToyDensities.twoMoons(1000, 0.05, 2), 2);
        try (FlowModel m = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 0)) {
            double before = Evaluator.meanLogLikelihood(m, heldOut, 500);
            TrainingStep step = new TrainingStep(m, new org.nice4j.train.Adam(m.parameters(), 0.9, 0.999, 1e-8, 0));
            SplittableRandom rng = new SplittableRandom(0);
            for (int epoch = 0; epoch < 30; epoch++) {
                for (int[] batch : Batches.shuffledBatches(train.size(), 100, rng)) {
                    step.run(train.batch(batch, rng), Condition.NONE, batch.length, 3e-3, 0);
                }
            }
            double after = Evaluator.meanLogLikelihood(m, heldOut, 500);
            assertTrue(after > before + 0.5, "held-out LL " + before + " -> " + after);
        }
    }

    @Test
    void rmsPropStepChangesTheModelAndKeepsNativeMemoryFlat() {
        ContinuousExamples train = new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 1), 2);
        try (FlowModel m = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 0)) {
            Map<String, float[]> before = new LinkedHashMap<>();
            m.parameters().forEach((name, p) -> before.put(name, p.toFloatArray()));
            TrainingStep step = new TrainingStep(m, new RmsPropMomentum(m.parameters(), 0.95, 100));
            int[] all = java.util.stream.IntStream.range(0, 200).toArray();
            float[] rows = train.batch(all, new SplittableRandom(0));
            double firstLoss = step.run(rows, Condition.NONE, 200, 1e-3, 0.5);
            int arrays = m.manager().getManagedArrays().size();
            double lastLoss = firstLoss;
            for (int i = 0; i < 20; i++) {
                lastLoss = step.run(rows, Condition.NONE, 200, 1e-3, 0.5);
            }
            assertEquals(arrays, m.manager().getManagedArrays().size(), "arrays leaked into the model's manager");
            // Every array moves: the zeroed output layers first, the layers below once gradients reach them.
            m.parameters().forEach((name, p) -> assertFalse(Arrays.equals(before.get(name), p.toFloatArray()),
                    name + " unchanged by 21 steps"));
            assertTrue(lastLoss < firstLoss, "loss on the batch " + firstLoss + " -> " + lastLoss);
        }
    }
}

package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;

class InpaintingStudyTest {
    private static final int IMAGES = 3;
    private static final int STEPS = 25;

    private static FlowModel model;
    private static float[][] originals;
    private static float[] mean;
    private static List<Mask> masks;
    private static List<InpaintingStudy.MaskReport> reports;

    @BeforeAll
    static void inpaint() {
        model = SmallModels.trained();
        originals = SmallModels.testImages(IMAGES);
        ImageDataset train = SmallModels.mnist().train().limit(SmallModels.TRAIN_IMAGES);
        mean = MeanImage.of(train, 256);
        masks = Masks.named(List.of("top", "random90"), 28, 28, 5);
        reports = paperStudy(InitialState.NOISE, STEPS, 11).run(originals, masks);
    }

    @Test
    void observedPixelsComeBackBitIdentical() {
        for (InpaintingStudy.MaskReport r : reports) {
            for (int i = 0; i < IMAGES; i++) {
                for (int d = 0; d < 784; d++) {
                    if (!r.mask().isHidden(d)) {
                        assertEquals(Float.floatToRawIntBits(originals[i][d]),
                                Float.floatToRawIntBits(r.completions()[i][d]), r.mask().name() + " pixel " + d);
                    }
                }
            }
        }
    }

    @Test
    void everyValueStaysInTheDataInterval() {
        for (InpaintingStudy.MaskReport r : reports) {
            for (float[] image : r.completions()) {
                for (float v : image) {
                    assertTrue(v >= 0f && v <= 1f, r.mask().name() + ": " + v);
                }
            }
        }
    }

    @Test
    void inpaintingRaisesTheLogLikelihood() {
        for (InpaintingStudy.MaskReport r : reports) {
            assertTrue(r.logProbAfter() > r.logProbBefore(),
                    r.mask().name() + ": log p " + r.logProbBefore() + " -> " + r.logProbAfter());
        }
    }

    @Test
    void hiddenPixelsMoveAwayFromTheirStart() {
        InpaintingStudy.MaskReport top = reports.get(0);
        assertFalse(Arrays.equals(top.starts()[0], top.completions()[0]));
    }

    @Test
    void sameSeedGivesTheSameCompletions() {
        List<InpaintingStudy.MaskReport> again =
                paperStudy(InitialState.NOISE, STEPS, 11).run(originals, masks);
        for (int m = 0; m < masks.size(); m++) {
            for (int i = 0; i < IMAGES; i++) {
                assertArrayEquals(reports.get(m).completions()[i], again.get(m).completions()[i]);
            }
        }
    }

    @Test
    void baselineFillsHolesWithTheMeanImage() {
        Mask top = masks.get(0);
        float[] filled = top.fill(originals[0], mean);
        assertEquals(mean[0], filled[0]);
        assertEquals(originals[0][783], filled[783]);
        float[][] fills = new float[IMAGES][];
        double mse = 0;
        for (int i = 0; i < IMAGES; i++) {
            fills[i] = top.fill(originals[i], mean);
            mse += top.hiddenMse(fills[i], originals[i]) / IMAGES;
        }
        double logProb = Arrays.stream(model.logProb(fills)).sum() / IMAGES;
        assertEquals(mse, reports.get(0).baselineMse(), 1e-12);
        assertEquals(logProb, reports.get(0).baselineLogProb(), 1e-9);
        assertTrue(reports.get(0).baselineMse() > 0);
    }

    @Test
    void zeroStepsReturnTheStartStates() {
        List<InpaintingStudy.MaskReport> none =
                paperStudy(InitialState.ZEROS, 0, 1).run(originals, masks.subList(0, 1));
        assertArrayEquals(none.get(0).starts()[1], none.get(0).completions()[1]);
        assertEquals(0f, none.get(0).completions()[1][0]);
    }

    /**
     * Inpainting leaves nothing in the model's manager beyond what the same number of plain log p evaluations
     * leave there (at the time of writing, DiagonalScaling leaves one scalar per forward pass).
     */
    @Test
    void inpaintingLeavesNoNativeMemoryOfItsOwnBehind() {
        int steps = 3;
        int byLogProb = growthOfModelManager(() -> {
            for (int i = 0; i < steps; i++) {
                model.logProb(new float[][] {originals[0]});
            }
        });
        int byInpainting = growthOfModelManager(() -> paper(steps, 0)
                .run(new float[][] {originals[0]}, new boolean[][] {masks.get(0).hidden()}));
        assertEquals(byLogProb, byInpainting);
    }

    @Test
    void progressSeesEveryStepAndEndsAtTheResult() {
        int steps = 5;
        float[][] starts = {originals[0]};
        boolean[][] hidden = {masks.get(0).hidden()};
        List<float[]> seen = new ArrayList<>();
        float[][] result = paper(steps, 3).run(starts, hidden, (step, firstRow, rows) -> {
            assertEquals(seen.size() + 1, step);
            assertEquals(0, firstRow);
            seen.add(rows[0]);
        });
        assertEquals(steps, seen.size());
        assertArrayEquals(result[0], seen.get(steps - 1));
        assertArrayEquals(result[0], paper(steps, 3).run(starts, hidden)[0], "watching changes nothing");
        IllegalStateException stop = new IllegalStateException("stop");
        assertEquals(stop, assertThrows(IllegalStateException.class,
                () -> paper(steps, 3).run(starts, hidden, (step, firstRow, rows) -> {
                    throw stop;
                })));
        assertTrue(model.parameters().values().stream().allMatch(p -> p.hasGradient()), "unfrozen after a stop");
    }

    /**
     * A model started from the data pins the digits' blank border down hard (σ_d near the dequantization noise's
     * 0.0011, against about 0.3 for the strokes): the paper's step there is about 0.1 · S_dd ≈ 160, so those pixels
     * bounce between 0 and 1 and log p does not rise; the scaled step climbs.
     */
    @Test
    void onASharpModelThePapersStepOvershootsWhereTheScaledStepClimbs() {
        try (FlowModel sharp = SmallModels.untrained(5);
                NDManager scope = sharp.manager().newSubManager()) {
            ImageExamples train = new ImageExamples(SmallModels.mnist().train().limit(SmallModels.TRAIN_IMAGES), 256);
            int[] first = IntStream.range(0, 500).toArray();
            float[] rows = train.batch(first, new SplittableRandom(1));
            assertTrue(sharp.startFromData(Host.array(scope, rows, new Shape(first.length, 784)), 2));
            List<Mask> top = masks.subList(0, 1);
            InpaintingStudy.MaskReport paper = new InpaintingStudy(sharp, mean, InitialState.NOISE, STEPS,
                    InpaintingStep.PAPER, 11).run(originals, top).get(0);
            InpaintingStudy.MaskReport scaled = new InpaintingStudy(sharp, mean, InitialState.NOISE, STEPS,
                    InpaintingStep.SCALED, 11).run(originals, top).get(0);

            assertTrue(scaled.logProbAfter() > scaled.logProbBefore() + 1000, "scaled: " + scaled.logProbBefore()
                    + " -> " + scaled.logProbAfter());
            assertTrue(scaled.logProbAfter() > paper.logProbAfter() + 1000, "paper " + paper.logProbAfter()
                    + ", scaled " + scaled.logProbAfter());
            assertTrue(scaled.hiddenMse() < paper.hiddenMse(), "paper " + paper.hiddenMse() + ", scaled "
                    + scaled.hiddenMse());
        }
    }

    /** On a flat spectrum (a fresh model's scaling layer, all S_dd = 1) the scaled step is the paper's, bit for bit. */
    @Test
    void onAFlatSpectrumTheScaledStepIsThePapers() {
        float[][] starts = {originals[0]};
        boolean[][] hidden = {masks.get(0).hidden()};
        try (FlowModel flat = SmallModels.untrained(6)) {
            assertArrayEquals(new Inpainter(flat, 4, 3, InpaintingStep.PAPER).run(starts, hidden)[0],
                    new Inpainter(flat, 4, 3, InpaintingStep.SCALED).run(starts, hidden)[0]);
        }
    }

    /** The study of the shared small model with the paper's step rule. */
    private static InpaintingStudy paperStudy(InitialState init, int steps, long seed) {
        return new InpaintingStudy(model, mean, init, steps, InpaintingStep.PAPER, seed);
    }

    /** An inpainter of the shared small model with the paper's step rule. */
    private static Inpainter paper(int steps, long seed) {
        return new Inpainter(model, steps, seed, InpaintingStep.PAPER);
    }

    private static int growthOfModelManager(Runnable work) {
        int before = model.manager().getManagedArrays().size();
        work.run();
        return model.manager().getManagedArrays().size() - before;
    }

    @Test
    void parametersKeepRequiringGradients() {
        assertTrue(model.parameters().values().stream().allMatch(p -> p.hasGradient()));
    }

    @Test
    void stepSizeFollowsThePaper() {
        assertEquals(10.0 / 101, Inpainter.stepSize(1));
        assertEquals(10.0 / 1100, Inpainter.stepSize(1000));
    }
}

package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nice4j.data.ImageDataset;
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
        reports = new InpaintingStudy(model, mean, InitialState.NOISE, STEPS, 11).run(originals, masks);
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
                new InpaintingStudy(model, mean, InitialState.NOISE, STEPS, 11).run(originals, masks);
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
                new InpaintingStudy(model, mean, InitialState.ZEROS, 0, 1).run(originals, masks.subList(0, 1));
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
        int byInpainting = growthOfModelManager(() -> new Inpainter(model, steps, 0)
                .run(new float[][] {originals[0]}, new boolean[][] {masks.get(0).hidden()}));
        assertEquals(byLogProb, byInpainting);
    }

    @Test
    void progressSeesEveryStepAndEndsAtTheResult() {
        int steps = 5;
        float[][] starts = {originals[0]};
        boolean[][] hidden = {masks.get(0).hidden()};
        List<float[]> seen = new ArrayList<>();
        float[][] result = new Inpainter(model, steps, 3).run(starts, hidden, (step, firstRow, rows) -> {
            assertEquals(seen.size() + 1, step);
            assertEquals(0, firstRow);
            seen.add(rows[0]);
        });
        assertEquals(steps, seen.size());
        assertArrayEquals(result[0], seen.get(steps - 1));
        assertArrayEquals(result[0], new Inpainter(model, steps, 3).run(starts, hidden)[0], "watching changes nothing");
        IllegalStateException stop = new IllegalStateException("stop");
        assertEquals(stop, assertThrows(IllegalStateException.class,
                () -> new Inpainter(model, steps, 3).run(starts, hidden, (step, firstRow, rows) -> {
                    throw stop;
                })));
        assertTrue(model.parameters().values().stream().allMatch(p -> p.hasGradient()), "unfrozen after a stop");
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

package org.nice4j.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nice4j.Seeds;
import org.nice4j.model.FlowModel;

/**
 * Inpaints every image under every mask in one batch and scores the outcome against the plain baseline of the
 * paper's question "does the model know more than the average digit?": holes filled with the training mean image.
 * Per mask it reports the mean squared error on the hidden pixels and the mean log p of the start states, the
 * completions and the baseline fills.
 */
public final class InpaintingStudy {
    private final FlowModel model;
    private final float[] meanImage;
    private final InitialState init;
    private final int steps;
    private final InpaintingStep rule;
    private final long seed;

    public InpaintingStudy(FlowModel model, float[] meanImage, InitialState init, int steps, InpaintingStep rule,
            long seed) {
        this.model = model;
        this.meanImage = meanImage.clone();
        this.init = init;
        this.steps = steps;
        this.rule = rule;
        this.seed = seed;
    }

    /**
     * The outcome for one mask over all images.
     *
     * @param starts          the start states, one per image (the figure's "initial state" row)
     * @param completions     the inpainted images
     * @param hiddenMse       mean over images of the squared error on hidden pixels, completions vs originals
     * @param logProbBefore   mean log p of the start states, in nats
     * @param logProbAfter    mean log p of the completions
     * @param baselineMse     the same error for holes filled with the training mean image
     * @param baselineLogProb mean log p of those mean-filled images
     */
    public record MaskReport(Mask mask, float[][] starts, float[][] completions, double hiddenMse,
            double logProbBefore, double logProbAfter, double baselineMse, double baselineLogProb) {}

    /** @param originals preprocessed images (values in [0, 1]), row-major */
    public List<MaskReport> run(float[][] originals, List<Mask> masks) {
        int n = originals.length;
        float[][] starts = new float[n * masks.size()][];
        boolean[][] hidden = new boolean[starts.length][];
        for (int m = 0; m < masks.size(); m++) {
            boolean[] flags = masks.get(m).hidden();
            for (int i = 0; i < n; i++) {
                int row = m * n + i;
                starts[row] = init.start(originals[i], masks.get(m), meanImage,
                        new SplittableRandom(Seeds.mix(seed, 2, row)));
                hidden[row] = flags;
            }
        }
        float[][] completions = new Inpainter(model, steps, Seeds.mix(seed, 1), rule).run(starts, hidden);
        List<MaskReport> reports = new ArrayList<>();
        for (int m = 0; m < masks.size(); m++) {
            float[][] maskStarts = Arrays.copyOfRange(starts, m * n, (m + 1) * n);
            float[][] maskCompletions = Arrays.copyOfRange(completions, m * n, (m + 1) * n);
            reports.add(report(masks.get(m), originals, maskStarts, maskCompletions));
        }
        return reports;
    }

    private MaskReport report(Mask mask, float[][] originals, float[][] starts, float[][] completions) {
        float[][] baseline = new float[originals.length][];
        double mse = 0;
        double baselineMse = 0;
        for (int i = 0; i < originals.length; i++) {
            baseline[i] = mask.fill(originals[i], meanImage);
            mse += mask.hiddenMse(completions[i], originals[i]);
            baselineMse += mask.hiddenMse(baseline[i], originals[i]);
        }
        int n = originals.length;
        return new MaskReport(mask, starts, completions, mse / n, meanLogProb(starts), meanLogProb(completions),
                baselineMse / n, meanLogProb(baseline));
    }

    private double meanLogProb(float[][] rows) {
        double sum = 0;
        for (int from = 0; from < rows.length; from += Inpainter.CHUNK) {
            float[][] chunk = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + Inpainter.CHUNK));
            for (double lp : model.logProb(chunk)) {
                sum += lp;
            }
        }
        return sum / rows.length;
    }
}

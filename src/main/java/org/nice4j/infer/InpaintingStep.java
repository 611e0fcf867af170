package org.nice4j.infer;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;
import org.nice4j.model.FlowModel;

/**
 * How far an inpainting step moves each hidden pixel. The paper's rule moves every pixel by α_i(∂log p/∂x + ε).
 * A well-trained NICE pins some coordinates down hard (MNIST's blank border: σ_d = 1/S_dd near 0.0007, against 0.2
 * for the strokes), and there ∂log p/∂x reaches S_dd ≈ 1,400: a step of α_i ≈ 0.1 times that crosses the whole
 * [0, 1] interval, so those pixels bounce between 0 and 1 and log p falls instead of rising (measured on the 10-epoch
 * default model: mean log p from −84,000 to −166,000 over 1,000 steps, MSE 0.44 against the mean image's 0.06).
 */
public enum InpaintingStep implements Choice {
    /** α_i(∂log p/∂x + ε) for every pixel, as the NICE paper writes it (§5.2). */
    PAPER,
    /**
     * The paper's step times (σ_d/σ_max)² per pixel, σ_d = 1/S_dd the scaling layer's scale of coordinate d: the
     * inverse of the curvature the scaling layer gives log p along d, normalised so that the least pinned coordinate
     * keeps the paper's step. On a flat spectrum this is the paper's rule; a model without a scaling layer gets it
     * unchanged.
     */
    SCALED;

    @JsonCreator
    public static InpaintingStep parse(String id) {
        return Choice.parse(InpaintingStep.class, id, "step");
    }

    /** Each coordinate's factor on the paper's step, or null for none (the paper's rule, bit for bit). */
    float[] factors(FlowModel model) {
        if (this == PAPER || model.scaling().isEmpty()) {
            return null;
        }
        float[] logScale = model.scaling().orElseThrow().logScale().toFloatArray();
        double smallest = Double.POSITIVE_INFINITY;
        for (float s : logScale) {
            smallest = Math.min(smallest, s);
        }
        float[] factors = new float[logScale.length];
        for (int d = 0; d < factors.length; d++) {
            factors[d] = (float) Math.exp(-2 * (logScale[d] - smallest)); // (σ_d/σ_max)², σ = exp(−s)
        }
        return factors;
    }
}

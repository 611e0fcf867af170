package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Host;
import org.nice4j.engine.Scope;

/**
 * σ, the scale of the VDAE family's injected noise: ε ~ N(0, σ²I) in the VDAE (paper eq. 4, 6), the posterior
 * covariance σ²·J·Jᵀ in the L-VDAE (eq. 7). Either learned (one log σ, started at {@link #INITIAL}: a tenth of the
 * [0, 1] pixel range, small enough that the bound starts near the flow's) or fixed by the user, as in the paper's
 * fixed-noise study (Figure 1).
 */
public final class NoiseScale {
    /** The learned σ's starting value. */
    public static final double INITIAL = 0.1;

    private final NDArray logSigma;
    private final boolean learned;

    private NoiseScale(NDArray logSigma, boolean learned) {
        this.logSigma = logSigma;
        this.learned = learned;
    }

    /** A learned σ when {@code fixed} is null, else σ = {@code fixed} for good. */
    public static NoiseScale create(NDManager manager, Double fixed) {
        checkFixed(fixed);
        NDArray logSigma = Host.array(manager, new float[] {(float) Math.log(fixed == null ? INITIAL : fixed)},
                new Shape(1));
        logSigma.setRequiresGradient(fixed == null);
        return new NoiseScale(logSigma, fixed == null);
    }

    /** Fails unless {@code fixed} is null (σ learned) or a positive finite σ. */
    public static void checkFixed(Double fixed) {
        if (fixed != null && !(fixed > 0 && Double.isFinite(fixed))) {
            throw new InvalidSettingException("noiseSigma", "the noise scale must be a positive number, got " + fixed);
        }
    }

    /** σ as a (1) array in {@code batch}'s scope, on the tape when learned. */
    public NDArray sigma(NDArray batch) {
        return Scope.like(batch, logSigma.exp());
    }

    /** c·log σ as a (1) array in {@code batch}'s scope, on the tape when learned. */
    public NDArray logSigmaTimes(NDArray batch, double c) {
        return Scope.like(batch, Host.times(logSigma, c));
    }

    /** σ's current value. */
    public double value() {
        return Math.exp(logSigma.getFloat(0));
    }

    /** "log_sigma" when learned; a fixed σ lives in the architecture, not among the arrays. */
    public Map<String, NDArray> parameters() {
        return learned ? Map.of("log_sigma", logSigma) : Map.of();
    }
}

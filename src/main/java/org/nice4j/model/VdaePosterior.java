package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;

/** How a VDAE with a flow encoder draws z given x (paper §2 and §3). */
public enum VdaePosterior implements Choice {
    /** z = f(x + ε), ε ~ N(0, σ²I) (eq. 4): the VDAE. */
    NOISY,
    /**
     * z = f(x) + σ·J·ω, ω ~ N(0, I), so q(z | x) = N(f(x), σ²JJᵀ) (eq. 7): the L-VDAE with a flow encoder (m = n), whose
     * log det(JJᵀ) = 2·log|det J| the flow gives and whose J·ω is a tangent pushed through it.
     */
    LINEARISED;

    @JsonCreator
    public static VdaePosterior parse(String id) {
        return Choice.parse(VdaePosterior.class, id, "posterior");
    }
}

package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;

/** The VDAE's p(x | z) (paper §2, §5.1): tied to the encoder's inverse, or a network of its own. */
public enum VdaeDecoder implements Choice {
    /** N(f⁻¹(z), σ²I), σ the noise's own scale (eq. 6): the bound is then a flow's likelihood of x + ε (appendix A). */
    COUPLED,
    /** A residual network of its own on z, Bernoulli or Gaussian as the data is (the paper's "VDAE: ResNet"). */
    DECOUPLED;

    @JsonCreator
    public static VdaeDecoder parse(String id) {
        return Choice.parse(VdaeDecoder.class, id, "decoder");
    }
}

package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import org.nice4j.InvalidSettingException;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Transform;

/**
 * The data-dependent start of a flow, in the manner of Glow's ActNorm, shared by the models whose flow has one (a
 * flow model's own, a VDAE's encoder): every transform that fixes a spread ({@link Transform#startFromData}) is set
 * so that a batch passed through the flow leaves it with the prior's standard deviation in every dimension.
 */
final class FlowStart {
    private FlowStart() {}

    /**
     * Starts {@code flow} from the batch {@code x} towards {@code prior}'s spread; false when no transform of the flow
     * sets anything.
     *
     * @throws InvalidSettingException when the prior has no single per-coordinate spread to start towards
     */
    static boolean apply(Transform flow, Prior prior, NDArray x) {
        if (!flow.startsFromData()) {
            return false;
        }
        double target = prior.coordinateStd().orElseThrow(() -> new InvalidSettingException("initExamples",
                "the prior '" + prior.id() + "' has no single per-coordinate spread to initialise towards"));
        flow.startFromData(x, target);
        return true;
    }
}

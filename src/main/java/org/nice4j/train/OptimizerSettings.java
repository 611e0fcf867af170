package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import org.nice4j.InvalidSettingException;

/**
 * Which update rule a run trains with, and its constants: stored in the training configuration (and so in every
 * checkpoint) as {@code {"kind": "rmsprop", …}} or {@code {"kind": "adam", …}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = OptimizerSettings.RmsProp.class, name = "rmsprop"),
        @JsonSubTypes.Type(value = OptimizerSettings.Adam.class, name = "adam")})
public sealed interface OptimizerSettings {

    /** The rule's name, as checkpoints and the CLI spell it: "rmsprop", "adam". */
    String id();

    /** The rule and the constants a user chose, for a run's first line: "rmsprop", "adamw (weight decay 0.01)". */
    default String describe() {
        return id();
    }

    /** The rule over {@code parameters}, with fresh state. */
    Optimizer create(Map<String, NDArray> parameters);

    /** The momentum for a 0-based epoch index; rules without momentum take 0. */
    default double momentumAt(int epochIndex) {
        return 0;
    }

    /**
     * NICE's RMSProp (section 5.1) with momentum that starts at a given epoch.
     *
     * @param decay             the running average's coefficient (the paper: 0.95)
     * @param maxScaling        the largest factor the normalisation may scale a gradient by (the paper: 100)
     * @param momentumFromEpoch the 1-based epoch from which {@code momentum} replaces {@code initialMomentum}
     */
    record RmsProp(double decay, double maxScaling, double initialMomentum, double momentum, int momentumFromEpoch)
            implements OptimizerSettings {
        public RmsProp {
            if (!(maxScaling > 0) || !(decay >= 0 && decay < 1)) {
                throw new InvalidSettingException("optimizer", "RMSProp needs 0 <= decay < 1 and max scaling > 0, got decay " + decay
                        + " and max scaling " + maxScaling);
            }
            if (!(initialMomentum >= 0 && initialMomentum < 1) || !(momentum >= 0 && momentum < 1)) {
                throw new InvalidSettingException("momentum", "momentum must lie in [0, 1), got " + initialMomentum + " and " + momentum);
            }
        }

        /** The paper's: decay 0.95, max scaling 100, momentum 0 then 0.5 from the fifth epoch. */
        public static RmsProp paper() {
            return new RmsProp(0.95, 100, 0, 0.5, 5);
        }

        @Override
        public String id() {
            return "rmsprop";
        }

        @Override
        public Optimizer create(Map<String, NDArray> parameters) {
            return new RmsPropMomentum(parameters, decay, maxScaling);
        }

        @Override
        public double momentumAt(int epochIndex) {
            return epochIndex + 1 >= momentumFromEpoch ? momentum : initialMomentum;
        }
    }

    /**
     * Adam (Kingma & Ba) with its usual constants; GIN trains with it. With {@code weightDecay} > 0 it is AdamW
     * (Loshchilov & Hutter): every weight matrix is also shrunk by lr·λ·θ a step, apart from the adaptive step, while
     * vectors (biases, the scaling layer's log-scales, ActNorm's) are left alone: shrinking a log-scale towards 0 would
     * pull a scale towards 1, a prior on the data's spread rather than on the networks' size.
     *
     * @param weightDecay λ of the decoupled decay; 0 for none, as checkpoints from before this setting read back
     */
    record Adam(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerSettings {
        public Adam {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
                throw new InvalidSettingException("optimizer", "Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1 + ", "
                        + beta2 + ", " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new InvalidSettingException("weightDecay", "the weight decay must be a finite value >= 0, got "
                        + weightDecay);
            }
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay. */
        public static Adam standard() {
            return standard(0);
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8 and the weight decay λ. */
        public static Adam standard(double weightDecay) {
            return new Adam(0.9, 0.999, 1e-8, weightDecay);
        }

        @Override
        public String id() {
            return "adam";
        }

        @Override
        public String describe() {
            return weightDecay > 0 ? "adamw (weight decay " + weightDecay + ")" : id();
        }

        @Override
        public Optimizer create(Map<String, NDArray> parameters) {
            return new org.nice4j.train.Adam(parameters, beta1, beta2, epsilon, weightDecay);
        }
    }
}

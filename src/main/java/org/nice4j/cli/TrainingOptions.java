package org.nice4j.cli;

import org.nice4j.engine.Precision;
import org.nice4j.train.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The training recipe's options, shared by {@code nice4j train} and the Spark module's {@code train}: each is null
 * where the user left it open, and {@link #settings} hands them to the library, which fills the gaps from the preset's
 * paper, then from NICE.
 */
public final class TrainingOptions {
    @Option(names = "--batch", description = "Minibatch size (default: the preset's paper's, else 200).")
    Integer batch;

    @Option(names = "--optimizer", description = "rmsprop (NICE's) or adam (default: the preset's paper's, else rmsprop).")
    String optimizer;

    @Option(names = "--lr", description = "Initial learning rate (default: the preset's paper's, else 1e-3).")
    Double lr;

    @Option(names = "--lr-decay", description = "Learning rate divided by this after each minibatch (default: the preset's paper's, else 1.0005).")
    Double lrDecay;

    @Option(names = "--lr-min", description = "Learning-rate floor (default: the preset's paper's, else 1e-4).")
    Double lrMin;

    @Option(names = "--noise", description = "σ of Gaussian noise added to every training minibatch (default: the preset's paper's, else 0).")
    Double noise;

    @Option(names = "--lr-drop-epoch", paramLabel = "EPOCH",
            description = "First epoch (1-based) trained at the learning rate / 10; 0 for never (default: for gin-mnist the second half of the epochs, else never).")
    Integer lrDropEpoch;

    @Option(names = "--momentum", description = "RMSProp's momentum once it starts (default: 0.5).")
    Double momentum;

    @Option(names = "--momentum-from", description = "First epoch (1-based) with momentum (default: 5).")
    Integer momentumFrom;

    @Option(names = "--rms-decay", description = "RMSProp averaging coefficient (default: 0.95).")
    Double rmsDecay;

    @Option(names = "--max-scaling", description = "RMSProp maximum gradient scaling (default: 100).")
    Double maxScaling;

    @Option(names = "--init-examples", paramLabel = "N",
            description = "Set the scaling layer from the first N training examples before the first step, so that the"
                    + " couplings' output leaves it with the prior's spread (default: the preset's recipe, else 0, the"
                    + " paper's exp(0) = 1 start).")
    Integer initExamples;

    @Option(names = "--schedule", paramLabel = "exponential|cosine",
            description = "Shape of the learning rate: exponential (divided by --lr-decay per minibatch, down to"
                    + " --lr-min) or cosine (warmed up over --warmup minibatches, then half a cosine down to --lr-min at"
                    + " the last minibatch) (default: the preset's recipe, else exponential).")
    String schedule;

    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "Minibatches of linear warm-up before the cosine (default: the preset's recipe, else 0).")
    Integer warmup;

    @Option(names = "--average", paramLabel = "DECAY",
            description = "Validate, keep and test a moving (Polyak) average of the weights with this decay per"
                    + " minibatch, e.g. 0.999 (default: the preset's recipe, else 0, the raw weights).")
    Double average;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA",
            description = "Adam's decoupled weight decay (AdamW) on the networks' weight matrices: each step also"
                    + " shrinks them by lr·LAMBDA·θ; biases and scales are left alone (default: 0, none).")
    Double weightDecay;

    @Option(names = "--precision", paramLabel = "fp32|bf16",
            description = "Format of the coupling networks' matrix products in training: bf16 rounds their inputs and"
                    + " weights to bfloat16 (parameters, optimizer, log-determinants and loss stay float32; validation"
                    + " and test scores are float32) (default: fp32).")
    String precision;

    @Option(names = "--checkpoint-minutes", description = "Checkpoint inside an epoch this often (default: 10).")
    Integer checkpointMinutes;

    /** The flags the user gave, as library settings. */
    public TrainingSettings settings() {
        return new TrainingSettings(batch, optimizer, lr, lrDecay, lrMin, noise, lrDropEpoch, momentum, momentumFrom,
                rmsDecay, maxScaling, checkpointMinutes == null ? null : checkpointMinutes * 60, initExamples,
                precision == null ? null : Precision.parse(precision), schedule, warmup, average, weightDecay);
    }
}

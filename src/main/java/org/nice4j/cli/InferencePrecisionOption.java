package org.nice4j.cli;

import org.nice4j.engine.Autocast;
import org.nice4j.engine.Precision;
import picocli.CommandLine.Option;

/**
 * The --precision option of the commands that score with a trained model ({@code eval}, {@code score}): the coupling
 * networks' matrix products in float32 or bfloat16. The weights do not change while such a command runs, so it scores
 * in a {@link Autocast#frozen} block, which rounds each weight once rather than once per batch.
 */
final class InferencePrecisionOption {
    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "fp32, or bf16 for the coupling networks' matrix products in bfloat16 (default: "
                    + "${DEFAULT-VALUE}).")
    String precision;

    /** The chosen precision; an unknown name is refused in one line naming the option. */
    Precision precision() {
        return Precision.parse(precision);
    }

    /** A block in which the model's products use the chosen precision; close it when scoring is done. */
    Autocast block() {
        return Autocast.frozen(precision());
    }
}

package org.nice4j.train;

import java.nio.file.Path;
import org.nice4j.NiceException;

/** The run stopped on request (Ctrl-C) after checkpointing at a minibatch boundary; it can be resumed. */
public final class RunInterrupted extends NiceException {
    private static final long serialVersionUID = 1L;

    private final transient Path run;

    public RunInterrupted(String message, Path run) {
        super(message);
        this.run = run;
    }

    /** The directory of the run, to continue with {@code TrainingRun.resume}. */
    public Path run() {
        return run;
    }
}

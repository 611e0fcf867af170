package org.nice4j.train;

import org.nice4j.NiceException;

/** The run stopped on request (Ctrl-C) after checkpointing at a minibatch boundary; it can be resumed. */
public final class RunInterrupted extends NiceException {
    private static final long serialVersionUID = 1L;

    public RunInterrupted(String message) {
        super(message);
    }
}

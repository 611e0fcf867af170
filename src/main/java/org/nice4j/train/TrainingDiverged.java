package org.nice4j.train;

import org.nice4j.NiceException;

/**
 * The loss became NaN or infinite; the last good checkpoint, if any, is kept. Its own type so that a shell can add
 * its advice (a smaller learning rate) in its own terms.
 */
public final class TrainingDiverged extends NiceException {
    private static final long serialVersionUID = 1L;

    public TrainingDiverged(String message) {
        super(message);
    }
}

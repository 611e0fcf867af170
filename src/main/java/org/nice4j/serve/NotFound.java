package org.nice4j.serve;

import org.nice4j.NiceException;

/** Nothing to serve under that path: a run or file that does not exist, or one outside the served folder. */
final class NotFound extends NiceException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
        super(message);
    }
}

package org.nice4j.serve;

import org.nice4j.NiceException;

/**
 * What a request needs of a run cannot be used: its model file is missing, damaged or foreign, or its test images
 * are not on this machine. Answered 422 with the reason, which the page shows as an error card.
 */
final class Unavailable extends NiceException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
        super(message);
    }
}

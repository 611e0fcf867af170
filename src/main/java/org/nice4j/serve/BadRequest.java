package org.nice4j.serve;

import org.nice4j.NiceException;

/** A request value out of bounds or malformed: answered 400 with the parameter's name and what is wrong. */
final class BadRequest extends NiceException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    BadRequest(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}

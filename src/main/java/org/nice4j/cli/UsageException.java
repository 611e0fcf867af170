package org.nice4j.cli;

import org.nice4j.NiceException;

/**
 * A mistake in how nice4j was called (options that do not fit together, a flag out of range): the CLI exits with
 * code 2. Only the CLI knows its flags; the library reports a bad value as an InvalidSettingException instead.
 */
class UsageException extends NiceException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

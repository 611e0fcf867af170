package org.nice4j;

/** A mistake in how nice4j was called (unknown dataset, option out of range): the CLI exits with code 2. */
public class UsageException extends NiceException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

package org.nice4j;

/**
 * A failure the user can act on: a bad file, a wrong shape, a diverged run. The message is one line that names
 * the file or argument and what was expected; the CLI prints it as it is, without a stack trace.
 */
public class NiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NiceException(String message) {
        super(message);
    }

    public NiceException(String message, Throwable cause) {
        super(message, cause);
    }
}

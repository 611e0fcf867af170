package org.nice4j;

/**
 * A setting with a value the library cannot use (0 epochs, a negative learning rate, an unknown prior): the message
 * describes the value and what was expected, and {@link #setting()} names the setting the way the library's types
 * do ("epochs", "learningRate"), so that a shell around the library can say which of its own options to change. The
 * CLI exits with code 2 for it, as for any usage error.
 */
public class InvalidSettingException extends NiceException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting's name in the library's configuration types. */
    public String setting() {
        return setting;
    }
}

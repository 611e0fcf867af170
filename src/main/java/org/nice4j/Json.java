package org.nice4j;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of nice4j, for model files, checkpoints, presets, run summaries and the CLI's {@code --json}.
 * A mapper is thread-safe once configured, and one configuration means every file is read by the same rules.
 */
public final class Json {

    /**
     * Reads strictly: an unknown property (a misspelt preset field, a header from a newer version) is an error
     * rather than a silently ignored setting, and text after the JSON value means the block is damaged.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Writes indented JSON, for files and output that people read. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}

    /**
     * The first line of a Jackson error message: it says what is wrong, and the lines after it only locate the
     * problem in a source that a user never sees.
     */
    public static String firstLine(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return "unknown reason";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

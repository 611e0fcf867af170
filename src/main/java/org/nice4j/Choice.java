package org.nice4j;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An option of a configuration, stored in presets and model files by its {@link #id()}: the enums of couplings,
 * partitions, priors, stages and initialisations implement it and share one spelling and one way of reading it back.
 */
public interface Choice {

    /** How model files, presets and people spell this option: the constant's name in lower case, '_' as '-'. */
    @JsonValue
    default String id() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} spelled {@code id}; an unknown id is an {@link InvalidSettingException} for
     * {@code setting} that lists the known ones.
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String id, String setting) {
        E[] options = type.getEnumConstants();
        return Arrays.stream(options).filter(o -> o.id().equals(id)).findFirst().orElseThrow(() ->
                new InvalidSettingException(setting, "unknown " + setting + " '" + id + "' (known: "
                        + Arrays.stream(options).map(Choice::id).collect(Collectors.joining(", ")) + ")"));
    }
}

package org.nice4j.serve;

import io.javalin.http.Context;
import java.util.Locale;

/** Query parameters read with bounds, so that a bad value is a 400 naming it instead of work out of proportion. */
final class Params {
    private Params() {}

    static int intIn(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        return intIn(name, raw, min, max);
    }

    static int intIn(String name, String raw, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(name, "'" + shortened(raw) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new BadRequest(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A value in the half-open interval (above, max]. */
    static double doubleAbove(Context ctx, String name, double fallback, double above, double max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        double value = doubleOf(name, raw);
        if (!(value > above && value <= max)) {
            throw new BadRequest(name, String.format(Locale.ROOT, "must be above %s and at most %s, got %s",
                    above, max, raw.strip()));
        }
        return value;
    }

    static double doubleOf(String name, String raw) {
        try {
            double value = Double.parseDouble(raw.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a non-finite number
        }
        throw new BadRequest(name, "'" + shortened(raw) + "' is not a finite number");
    }

    static long longOf(Context ctx, String name, long fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(name, "'" + shortened(raw) + "' is not a whole number");
        }
    }

    /** Echoes at most a few characters of a bad value: the answer must not grow with the request. */
    static String shortened(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}

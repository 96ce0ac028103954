package io.tocsin.platform.http;

import io.tocsin.platform.problem.ProblemException;
import java.util.Locale;

/**
 * Query parameters read by hand: JAX-RS turns a parameter it cannot convert into a 404, but a
 * wrong {@code limit=abc} is the caller's input error, a 400 naming the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid(name, "must be a whole number between " + min + " and " + max);
    }

    public static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.invalid(name, "must be true or false");
        };
    }
}

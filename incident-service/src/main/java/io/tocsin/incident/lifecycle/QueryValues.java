package io.tocsin.incident.lifecycle;

import io.tocsin.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Multi-valued query parameters: repeated ({@code severity=SEV1&severity=SEV2}) or comma-separated. */
public final class QueryValues {

    private QueryValues() {
    }

    public static List<String> split(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }

    public static Set<Severity> severities(List<String> values) {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String value : split(values)) {
            try {
                severities.add(Severity.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("severity", "must be one of SEV1, SEV2, SEV3, SEV4");
            }
        }
        return severities;
    }
}

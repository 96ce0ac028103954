package io.tocsin.incident.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns the list's {@code q} into a text-search query: every word must start a word of the title. */
final class TitleSearch {

    private TitleSearch() {
    }

    /** {@code "checkout err"} → {@code "checkout:* & err:*"}; null when there is nothing to search for. */
    static String toTsQuery(String q) {
        if (q == null) {
            return null;
        }
        String query = Arrays.stream(q.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .limit(10)
                .map(word -> word + ":*")
                .collect(Collectors.joining(" & "));
        return query.isEmpty() ? null : query;
    }
}

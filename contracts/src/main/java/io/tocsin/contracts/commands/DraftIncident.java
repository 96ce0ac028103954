package io.tocsin.contracts.commands;

import java.time.Instant;
import java.util.List;

/**
 * Command {@code draft_incident} (autodraft-service → incident-service): a metric turned
 * unhealthy and its policy asks for a draft. incident-service appends to an open incident on
 * one of {@code services} or creates a draft (SPEC §4.1).
 *
 * @param severity    {@code SEV1}..{@code SEV4}
 * @param unhealthySince when the metric turned unhealthy (the draft's impact start)
 * @param observedAt  the time of the signal that triggered the request
 */
public record DraftIncident(
        String commandId,
        String org,
        String origin,
        String metric,
        String metricTitle,
        List<String> services,
        String severity,
        Double value,
        String threshold,
        Double score,
        Instant unhealthySince,
        Instant observedAt) {
}

package io.tocsin.contracts.commands;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Command {@code import_incident} (notifier-service → incident-service): an incident run in
 * another tool (incident.io), pulled for analytics. incident-service keeps one incident per
 * {@code externalId} (source kind {@code incident_io}): the first import creates it, later
 * imports update its fields and timestamps.
 *
 * @param externalId     the tool's id of the incident (the de-duplication key)
 * @param name           the incident's name (becomes the title)
 * @param summary        its summary, Markdown (becomes the description)
 * @param severity       {@code SEV1}..{@code SEV4}, mapped from the tool's severity by the sender
 * @param status         a Tocsin status: {@code declared}, {@code investigating}, {@code mitigated},
 *                       {@code resolved}, or {@code dismissed} for an incident declined or cancelled there
 * @param services       affected service slugs
 * @param customFields   the tool's custom fields, {@code name → string | number | boolean | array of those};
 *                       team mappings read them (e.g. {@code "Affected Teams": ["Payments"]})
 * @param impactStartedAt when customer impact started, if known
 * @param declaredAt     when the incident was created there (required)
 * @param acknowledgedAt when someone first acknowledged it, if known
 * @param resolvedAt     when it was resolved (only kept when {@code status} is {@code resolved})
 * @param url            the incident's page in the tool
 */
public record ImportIncident(
        String commandId,
        String org,
        String origin,
        String externalId,
        String name,
        String summary,
        String severity,
        String status,
        List<String> services,
        Map<String, Object> customFields,
        Instant impactStartedAt,
        Instant declaredAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        String url) {
}

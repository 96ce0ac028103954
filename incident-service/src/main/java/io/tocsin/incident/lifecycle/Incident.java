package io.tocsin.incident.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An incident as stored; changes produce a new value (see {@link IncidentService}). */
public record Incident(
        UUID id,
        String org,
        String reference,
        String title,
        String description,
        Severity severity,
        IncidentStatus status,
        String environment,
        List<String> services,
        List<UUID> owners,
        String commanderId,
        String declaredBy,
        SourceKind sourceKind,
        String sourceExternalId,
        Map<String, Object> customFields,
        boolean autoDrafted,
        Instant impactStartedAt,
        Instant detectedAt,
        Instant declaredAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        String mitigationSummary,
        String resolutionSummary,
        Instant lastUpdateAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** A builder seeded with this incident's values, for producing the changed incident. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy used while applying a change; {@link #build()} makes the new value. */
    public static final class Builder {
        UUID id;
        String org;
        String reference;
        String title;
        String description;
        Severity severity;
        IncidentStatus status;
        String environment;
        List<String> services;
        List<UUID> owners;
        String commanderId;
        String declaredBy;
        SourceKind sourceKind;
        String sourceExternalId;
        Map<String, Object> customFields;
        boolean autoDrafted;
        Instant impactStartedAt;
        Instant detectedAt;
        Instant declaredAt;
        Instant acknowledgedAt;
        Instant mitigatedAt;
        Instant resolvedAt;
        String mitigationSummary;
        String resolutionSummary;
        Instant lastUpdateAt;
        Instant createdAt;
        Instant updatedAt;
        long version;

        Builder() {
        }

        Builder(Incident i) {
            id = i.id;
            org = i.org;
            reference = i.reference;
            title = i.title;
            description = i.description;
            severity = i.severity;
            status = i.status;
            environment = i.environment;
            services = i.services;
            owners = i.owners;
            commanderId = i.commanderId;
            declaredBy = i.declaredBy;
            sourceKind = i.sourceKind;
            sourceExternalId = i.sourceExternalId;
            customFields = i.customFields;
            autoDrafted = i.autoDrafted;
            impactStartedAt = i.impactStartedAt;
            detectedAt = i.detectedAt;
            declaredAt = i.declaredAt;
            acknowledgedAt = i.acknowledgedAt;
            mitigatedAt = i.mitigatedAt;
            resolvedAt = i.resolvedAt;
            mitigationSummary = i.mitigationSummary;
            resolutionSummary = i.resolutionSummary;
            lastUpdateAt = i.lastUpdateAt;
            createdAt = i.createdAt;
            updatedAt = i.updatedAt;
            version = i.version;
        }

        public Incident build() {
            return new Incident(id, org, reference, title, description, severity, status, environment,
                    List.copyOf(services), List.copyOf(owners), commanderId, declaredBy, sourceKind, sourceExternalId,
                    Map.copyOf(customFields), autoDrafted, impactStartedAt, detectedAt, declaredAt, acknowledgedAt,
                    mitigatedAt, resolvedAt, mitigationSummary, resolutionSummary, lastUpdateAt, createdAt, updatedAt,
                    version);
        }
    }
}

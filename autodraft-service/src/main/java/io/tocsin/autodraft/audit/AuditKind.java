package io.tocsin.autodraft.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an audit row records about a metric and its drafts. */
public enum AuditKind {
    /** An admin set or changed the policy, dwell or severity. */
    POLICY_CHANGED("metric.policy_changed"),
    /** autodraft sent {@code draft_incident} (the incident is not known yet). */
    DRAFT_REQUESTED("incident.auto_draft_requested"),
    /** A draft was due but the cooldown held it back; details carry the reason. */
    DRAFT_SKIPPED("incident.auto_draft_skipped"),
    /** incident-service created the draft. */
    DRAFTED("incident.auto_drafted"),
    /** incident-service folded the request into an incident already open on the service. */
    SIGNAL_APPENDED("incident.signal_appended"),
    PUBLISHED("incident.auto_published"),
    /** Dismissed by an operator, or confirmed dismissed after an expiry request (details.reason). */
    DISMISSED("incident.auto_dismissed"),
    /** autodraft sent {@code expire_draft} for a draft left undecided too long. */
    EXPIRED("incident.auto_expired");

    private final String wire;

    AuditKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static AuditKind fromWire(String value) {
        for (AuditKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown audit kind " + value);
    }
}

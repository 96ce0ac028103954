package io.tocsin.contracts.events;

import io.tocsin.contracts.CloudEvents;

/** Every incident event type (SPEC §3); the CloudEvent type is {@code io.tocsin.<name>}. */
public enum IncidentEventType {
    CREATED("incident.created"),
    AUTO_DRAFTED("incident.auto_drafted"),
    AUTO_PUBLISHED("incident.auto_published"),
    AUTO_DISMISSED("incident.auto_dismissed"),
    SIGNAL_APPENDED("incident.signal_appended"),
    STATUS_CHANGED("incident.status_changed"),
    SEVERITY_CHANGED("incident.severity_changed"),
    COMMANDER_ASSIGNED("incident.commander_assigned"),
    UPDATED("incident.updated"),
    TIMELINE_ENTRY_ADDED("incident.timeline_entry_added"),
    LINK_ADDED("incident.link_added"),
    UPDATE_OVERDUE("incident.update_overdue"),
    POSTMORTEM_CREATED("postmortem.created");

    private final String wireName;

    IncidentEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in webhook subscriptions and docs, e.g. {@code incident.created}. */
    public String wireName() {
        return wireName;
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code io.tocsin.incident.created}. */
    public String cloudEventType() {
        return CloudEvents.TYPE_PREFIX + wireName;
    }

    public static IncidentEventType fromCloudEventType(String type) {
        for (IncidentEventType t : values()) {
            if (t.cloudEventType().equals(type)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown incident event type: " + type);
    }
}

package io.tocsin.contracts.commands;

import io.tocsin.contracts.CloudEvents;

/** Commands executed by incident-service (SPEC §3); CloudEvent type {@code io.tocsin.command.<name>}. */
public enum CommandType {
    DRAFT_INCIDENT("draft_incident"),
    EXPIRE_DRAFT("expire_draft"),
    EXTERNAL_ACKNOWLEDGED("external_acknowledged"),
    EXTERNAL_RESOLVED("external_resolved"),
    EXTERNAL_REASSIGNED("external_reassigned"),
    EXTERNAL_REOPENED("external_reopened"),
    IMPORT_INCIDENT("import_incident");

    private final String wireName;

    CommandType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public String cloudEventType() {
        return CloudEvents.TYPE_PREFIX + "command." + wireName;
    }
}

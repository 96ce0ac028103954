package io.tocsin.contracts.commands;

import java.util.UUID;

/**
 * Command {@code expire_draft} (autodraft-service → incident-service): a draft nobody published
 * or dismissed within 24 hours is dismissed with reason {@code auto_expired}. A draft that was
 * decided in the meantime is left alone.
 */
public record ExpireDraft(String commandId, String org, String origin, UUID incidentId) {
}

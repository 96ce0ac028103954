package io.tocsin.notifier.email;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Someone Tocsin emails: an address, and the user and roles it belongs to (owners receive draft emails). */
public record Recipient(UUID id, String org, String email, String name, String userId, List<String> roles, Instant createdAt) {
}

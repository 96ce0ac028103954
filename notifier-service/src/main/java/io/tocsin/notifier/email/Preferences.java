package io.tocsin.notifier.email;

import jakarta.validation.constraints.NotNull;

/** A person's notification preferences: {@code autoIncidentDrafts} — email me auto-drafted incidents (owners; default on). */
public record Preferences(@NotNull Boolean autoIncidentDrafts) {
}

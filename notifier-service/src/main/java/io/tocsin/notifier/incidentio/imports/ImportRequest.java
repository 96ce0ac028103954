package io.tocsin.notifier.incidentio.imports;

import jakarta.validation.constraints.NotNull;

/** Body of {@code PUT /api/integrations/incident-io/import}: whether the import runs on its schedule. */
public record ImportRequest(@NotNull Boolean enabled) {
}

package io.tocsin.incident.postmortems;

import io.tocsin.incident.lifecycle.Severity;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The severities whose resolution creates a postmortem draft (default SEV1 and SEV2); an empty
 * list turns them off. Also the body of {@code PUT /api/postmortem-settings}.
 */
public record PostmortemSettings(@NotNull @Size(max = 4) List<@NotNull Severity> severities) {

    static final PostmortemSettings DEFAULT = new PostmortemSettings(List.of(Severity.SEV1, Severity.SEV2));
}

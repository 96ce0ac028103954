package io.tocsin.incident.postmortems;

import jakarta.validation.constraints.Size;

/** Body of {@code PATCH /api/incidents/{id}/postmortem}: the Markdown body, the status, or both. */
public record PostmortemPatch(@Size(max = PostmortemPatch.BODY_MAX) String body, PostmortemStatus status) {

    /** Characters a postmortem may hold; the generated draft stays well below. */
    public static final int BODY_MAX = 500_000;
}

package io.tocsin.autodraft.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** An intake key as the API shows it: the key itself only in the answer that created it, else its last 4 characters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeKeyView(UUID id, String name, String service, String key, String keyLast4, String createdBy,
        Instant createdAt) {

    static IntakeKeyView of(IntakeKey key) {
        return new IntakeKeyView(key.id(), key.name(), key.service(), null, key.keyLast4(), key.createdBy(), key.createdAt());
    }

    static IntakeKeyView created(IntakeKey key, String secret) {
        return new IntakeKeyView(key.id(), key.name(), key.service(), secret, key.keyLast4(), key.createdBy(), key.createdAt());
    }
}

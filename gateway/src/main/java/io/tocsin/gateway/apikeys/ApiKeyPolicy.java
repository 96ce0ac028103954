package io.tocsin.gateway.apikeys;

import io.tocsin.gateway.identity.Caller;
import io.tocsin.gateway.identity.ExternalClaims;
import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Roles;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who may create which key, and when a key works. A key never carries a role its creator does not have
 * (roles include the ones below them), and API keys cannot mint further keys: a leaked key must not be
 * able to outlive its own revocation.
 */
public final class ApiKeyPolicy {

    private static final List<String> LADDER = List.of(Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN, Roles.OWNER);

    private ApiKeyPolicy() {
    }

    /** The requested roles, de-duplicated in ladder order; throws a 400 or 403 problem when they cannot be granted. */
    public static List<String> grantable(Caller creator, List<String> requested) {
        if (creator.isApiKey()) {
            throw forbidden("API keys cannot create API keys; use a personal token");
        }
        for (int i = 0; i < requested.size(); i++) {
            if (!ExternalClaims.TOCSIN_ROLES.contains(requested.get(i))) {
                throw new ProblemException(400, "validation", "Invalid request", "roles[" + i + "]: unknown role",
                        List.of(new FieldError("roles[" + i + "]", "must be one of " + LADDER)));
            }
        }
        Set<String> held = Roles.expand(creator.roles());
        List<String> beyond = requested.stream().filter(role -> !held.contains(role)).distinct().toList();
        if (!beyond.isEmpty()) {
            throw forbidden("a key cannot have roles its creator does not have: " + beyond);
        }
        return LADDER.stream().filter(requested::contains).toList();
    }

    public static void checkExpiry(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalid("expiresAt", "must be in the future");
        }
    }

    /** Not revoked and not expired. */
    public static boolean isUsable(ApiKey key, Instant now) {
        return key.revokedAt() == null && (key.expiresAt() == null || now.isBefore(key.expiresAt()));
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }
}

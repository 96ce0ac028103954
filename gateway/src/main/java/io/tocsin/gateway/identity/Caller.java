package io.tocsin.gateway.identity;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as the gateway established it (an external token or an API key): what it vouches for
 * in the internal JWT. {@code roles} are the granted Tocsin roles, not expanded; {@code apiKeyId} is set
 * only for API keys.
 */
public record Caller(String sub, String org, Set<String> roles, String email, String name, String plan, UUID apiKeyId) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller apiKey(UUID keyId, String org, Set<String> roles, String keyName, String plan) {
        return new Caller("api-key:" + keyId, org, roles, null, keyName, plan, keyId);
    }

    public boolean isApiKey() {
        return apiKeyId != null;
    }

    /** One token bucket per API key, or per user of an organisation (lengths keep org and sub apart). */
    public String rateLimitKey() {
        return isApiKey() ? "key:" + apiKeyId : "user:" + org.length() + ":" + org + ":" + sub;
    }

    /** For the access log: no token, no e-mail. */
    public String describe() {
        return sub + "@" + org;
    }
}

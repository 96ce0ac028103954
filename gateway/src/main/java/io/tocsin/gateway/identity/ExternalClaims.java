package io.tocsin.gateway.identity;

import io.tocsin.platform.security.Roles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a caller from the claims of a verified external token. The organisation comes from the configured
 * claim, else Keycloak's {@code organization} claim, either of which may be a string, an array of strings
 * or an object keyed by organisation alias (the first one is taken). Roles are read from every configured
 * claim path and kept only if they are Tocsin roles.
 */
public final class ExternalClaims {

    public static final String KEYCLOAK_ORGANIZATION = "organization";
    public static final Set<String> TOCSIN_ROLES = Set.of(Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN, Roles.OWNER);

    private final String orgClaim;
    private final List<String> rolesClaims;

    public ExternalClaims(String orgClaim, List<String> rolesClaims) {
        this.orgClaim = orgClaim;
        this.rolesClaims = List.copyOf(rolesClaims);
    }

    /** The caller, or empty when the token names no subject or no organisation. */
    public Optional<Caller> caller(Map<String, Object> claims) {
        String sub = text(claims.get("sub"));
        Optional<String> org = org(claims.get(orgClaim)).or(() -> org(claims.get(KEYCLOAK_ORGANIZATION)));
        if (sub == null || org.isEmpty()) {
            return Optional.empty();
        }
        String name = text(claims.get("name"));
        if (name == null) {
            name = text(claims.get("preferred_username"));
        }
        return Optional.of(new Caller(sub, org.get(), roles(claims), text(claims.get("email")), name,
                text(claims.get("plan")), null));
    }

    /**
     * A string, or an array or object (Keycloak's {@code organization}: aliases as keys) naming
     * exactly one organisation. A token naming several is refused: which one the caller acts in
     * must not depend on the order of a claim.
     */
    static Optional<String> org(Object value) {
        if (value instanceof String s) {
            return Optional.ofNullable(text(s));
        }
        if (value instanceof Collection<?> values) {
            return single(values.stream().map(ExternalClaims::text).filter(v -> v != null).distinct().toList());
        }
        if (value instanceof Map<?, ?> byAlias) {
            return single(byAlias.keySet().stream().map(ExternalClaims::text).filter(v -> v != null).distinct().toList());
        }
        return Optional.empty();
    }

    private static Optional<String> single(java.util.List<String> orgs) {
        return orgs.size() == 1 ? Optional.of(orgs.get(0)) : Optional.empty();
    }

    private Set<String> roles(Map<String, Object> claims) {
        Set<String> roles = new LinkedHashSet<>();
        for (String path : rolesClaims) {
            for (String role : strings(at(claims, path))) {
                if (TOCSIN_ROLES.contains(role)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** The value at a {@code /}-separated claim path, e.g. {@code realm_access/roles}. */
    private static Object at(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String segment : path.split("/")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** An array of strings, or one string of space- or comma-separated names. */
    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> {
                if (v instanceof String s) {
                    strings.add(s.strip());
                }
            });
        } else if (value instanceof String s) {
            for (String part : s.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    strings.add(part);
                }
            }
        }
        return strings;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}

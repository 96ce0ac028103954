package io.tocsin.platform.security;

import java.util.Set;

/** Who is calling, as the gateway vouched for them in the internal JWT. */
public record Caller(String sub, String org, Set<String> roles, String email, String name) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}

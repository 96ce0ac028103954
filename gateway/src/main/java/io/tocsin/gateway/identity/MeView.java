package io.tocsin.gateway.identity;

import java.util.List;

/** {@code GET /api/me}: who the gateway thinks the caller is. */
public record MeView(String sub, String org, List<String> roles, String email, String name) {

    static MeView of(Caller caller) {
        return new MeView(caller.sub(), caller.org(), caller.roles().stream().sorted().toList(), caller.email(), caller.name());
    }
}

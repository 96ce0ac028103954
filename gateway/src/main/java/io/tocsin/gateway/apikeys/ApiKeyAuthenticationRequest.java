package io.tocsin.gateway.apikeys;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A presented {@code tsk_} key, to be checked by {@link ApiKeyIdentityProvider}. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public ApiKeyAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[" + ApiKeySecret.PREFIX + "…]";
    }
}

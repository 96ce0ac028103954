package io.tocsin.gateway.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.tocsin.devstack.testing.DevStackResource;

/**
 * Every test in this module runs against one devstack (real PostgreSQL), a real OIDC issuer (discovery and
 * JWKS over HTTP), WireMock standing in for the services, and devstack's signing key as the gateway's.
 */
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(TestIssuer.class)
@QuarkusTestResource(FakeServices.class)
@QuarkusTestResource(InternalKeyFile.class)
public final class TestStack {

    private TestStack() {
    }
}

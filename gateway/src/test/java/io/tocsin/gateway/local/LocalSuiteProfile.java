package io.tocsin.gateway.local;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.tocsin.devstack.DevStack;
import io.tocsin.devstack.testing.DevStackResource;
import io.tocsin.gateway.support.FakeServices;
import io.tocsin.gateway.support.InternalKeyFile;
import java.util.List;
import java.util.Map;

/**
 * The gateway as deploy/local runs it: the {@code local} profile, trusting the dev issuer whose public key is
 * devstack's ({@code TOCSIN_OIDC_PUBLIC_KEY} = the content of {@code <data>/keys/public.pem}); no OIDC server.
 */
public class LocalSuiteProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "local";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("TOCSIN_OIDC_PUBLIC_KEY", DevStack.shared().signingKeys().publicKeyPem());
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevStackResource.class), new TestResourceEntry(FakeServices.class),
                new TestResourceEntry(InternalKeyFile.class));
    }
}

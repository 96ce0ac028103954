package io.tocsin.notifier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the production setting, webhooks may not point into Tocsin's own network. */
@QuarkusTest
@TestProfile(PrivateTargetTest.ProductionTargets.class)
class PrivateTargetTest {

    /** {@code tocsin.webhooks.allow-private-targets=false}, as in production. */
    public static class ProductionTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.webhooks.allow-private-targets", "false");
        }
    }

    @Test
    void urlsResolvingToLoopbackLinkLocalOrPrivateAddressesAreRefused() {
        String org = Api.newOrg();
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data", "http://192.168.0.10/hook", "http://[::1]/hook", "http://[fd00::1]/hook"}) {
            Api.admin(org).body("{\"url\":\"" + url + "\"}").post("/api/webhooks").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", containsString("not allowed"));
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.webhooks WHERE org_id = ?", org)).isZero();
        // A public address literal is accepted (nothing is sent until an event comes).
        Api.admin(org).body("{\"url\":\"https://93.184.215.14/hook\"}").post("/api/webhooks").then().statusCode(201);
    }
}

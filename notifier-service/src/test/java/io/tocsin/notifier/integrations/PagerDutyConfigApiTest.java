package io.tocsin.notifier.integrations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admins configure PagerDuty; keys, tokens and secrets are stored encrypted and shown by their last 4 characters. */
@QuarkusTest
class PagerDutyConfigApiTest {

    @Test
    void secretsAreMaskedOnReadEncryptedAtRestAndKeptWhenLeftOut() {
        String org = Api.newOrg();
        Api.admin(org).get("/api/integrations/pagerduty").then().statusCode(200).body("stored", equalTo(false))
                .body("minimumSeverity", equalTo("SEV2")).body("routingRules.size()", equalTo(0));

        Api.admin(org).body("{\"routingRules\":[{\"service_pattern\":\"payment-*\",\"service_key\":\"payments-key-AAAA1111\"}],"
                + "\"serviceKey\":\"default-key-BBBB2222\",\"minimumSeverity\":\"SEV1\",\"webhookSecrets\":[\"whsecret-CCCC3333\","
                + "\"whsecret-DDDD4444\"],\"apiToken\":\"api-token-EEEE5555\"}").put("/api/integrations/pagerduty").then()
                .statusCode(200)
                .body("routingRules[0].service_pattern", equalTo("payment-*"))
                .body("routingRules[0].service_key", equalTo("****1111"))
                .body("serviceKey", equalTo("****2222"))
                .body("webhookSecrets", equalTo(List.of("****3333", "****4444")))
                .body("apiToken", equalTo("****5555"))
                .body("minimumSeverity", equalTo("SEV1"))
                .body("updatedBy", equalTo("u-admin"));

        var row = TestDatabase.rows("SELECT settings::text AS settings, secrets FROM notifier.integrations WHERE org_id = ?", org).get(0);
        String stored = row.get("settings") + new String((byte[]) row.get("secrets"), StandardCharsets.ISO_8859_1);
        for (String secret : new String[] {"payments-key", "default-key", "whsecret", "api-token"}) {
            assertThat(stored).doesNotContain(secret);
        }

        // Secret fields left out keep their values; an empty list clears.
        Api.admin(org).body("{\"minimumSeverity\":\"SEV3\",\"webhookSecrets\":[]}").put("/api/integrations/pagerduty").then()
                .statusCode(200).body("apiToken", equalTo("****5555")).body("routingRules[0].service_key", equalTo("****1111"))
                .body("webhookSecrets.size()", equalTo(0)).body("minimumSeverity", equalTo("SEV3"));
        String everything = given().auth().oauth2(io.tocsin.devstack.testing.TestTokens.token(org, "u-admin", "admin"))
                .get("/api/integrations/pagerduty").asString();
        assertThat(everything).doesNotContain("EEEE5555").doesNotContain("AAAA1111");
    }

    @Test
    void badInputIsRefusedAndOnlyAdminsConfigure() {
        String org = Api.newOrg();
        Api.admin(org).body("{\"minimumSeverity\":\"SEV9\"}").put("/api/integrations/pagerduty").then().statusCode(400)
                .body("errors[0].field", equalTo("minimumSeverity"));
        Api.admin(org).body("{\"routingRules\":[{\"service_pattern\":\"x\"}]}").put("/api/integrations/pagerduty").then()
                .statusCode(400).body("errors[0].field", startsWith("routingRules")).body("errors[0].field", containsString("serviceKey"));
        Api.admin(org).body("{\"color\":\"red\"}").put("/api/integrations/pagerduty").then().statusCode(400)
                .body("errors[0].field", equalTo("color"));
        Api.as(org, "u-resp", "responder").body("{}").put("/api/integrations/pagerduty").then().statusCode(403);
        Api.as(org, "u-resp", "responder").get("/api/integrations/incident-io").then().statusCode(403);
        given().get("/api/integrations/pagerduty").then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM notifier.integrations WHERE org_id = ?", org)).isZero();
    }
}

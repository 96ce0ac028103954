package io.tocsin.autodraft.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tocsin.autodraft.support.Api;
import io.tocsin.devstack.InternalJwt;
import io.tocsin.devstack.SigningKeys;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.devstack.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Only internal JWTs signed with the gateway's key, with an org, reach autodraft-service. */
@QuarkusTest
class ForgedTokenTest {

    private static final String METRIC = "{\"slug\":\"forged\",\"title\":\"Forged\",\"policy\":\"immediate\",\"severity\":\"major\"}";

    @Test
    void tokensTheGatewayDidNotMintAre401AndChangeNothing() {
        String org = Api.newOrg();
        String otherKey = InternalJwt.builder().subject("u-1").org(org).roles("owner").sign(SigningKeys.generate().privateKey());
        String localDevIssuer = TestTokens.sign(InternalJwt.builder().subject("u-1").org(org).roles("owner")
                .issuer("tocsin-local-dev").audience("tocsin-api"));
        String noOrg = TestTokens.sign(InternalJwt.builder().subject("u-1").roles("owner").withoutClaim("org"));
        String unsigned = InternalJwt.builder().subject("u-1").org(org).roles("owner").unsigned();
        for (String token : new String[] {otherKey, localDevIssuer, noOrg, unsigned}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(METRIC).post("/api/metrics").then()
                    .statusCode(401).contentType("application/problem+json").body("type", equalTo("/problems/unauthenticated"));
        }
        given().contentType(ContentType.JSON).body(METRIC).post("/api/metrics").then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM autodraft.metrics WHERE org_id = ?", org)).isZero();
        Api.admin(org).body(METRIC).post("/api/metrics").then().statusCode(201);
    }
}

package io.tocsin.gateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tocsin.devstack.InternalJwt;
import io.tocsin.devstack.SigningKeys;
import io.tocsin.devstack.testing.TestTokens;
import io.tocsin.gateway.support.InternalTokens;
import io.tocsin.gateway.support.Services;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** In the local profile the gateway trusts the dev issuer, and only it: what deploy/local/token.sh prints gets in. */
@QuarkusTest
@TestProfile(LocalSuiteProfile.class)
class LocalSuiteTest {

    @Test
    void aDevIssuerTokenGoesThroughTheGateway() {
        String token = TestTokens.sign(devToken());
        given().auth().oauth2(token).get("/api/me").then().statusCode(200)
                .body("sub", equalTo("local-user")).body("org", equalTo("demo")).body("roles", contains("owner"));

        String path = Services.uniquePath("/api/incidents");
        given().auth().oauth2(token).get(path).then().statusCode(200);
        JsonObject claims = InternalTokens.verifiedClaims(Services.received(path).get(0).getHeader("Authorization"));
        assertThat(claims.getString("iss")).isEqualTo("tocsin-gateway");
        assertThat(claims.getString("org")).isEqualTo("demo");
        assertThat(claims.getString("sub")).isEqualTo("local-user");
    }

    @Test
    void otherTokensSignedWithTheLocalKeysAreRefused() {
        given().auth().oauth2(TestTokens.token("demo", "local-user", "owner")).get("/api/me").then().statusCode(401);
        given().auth().oauth2(TestTokens.sign(devToken().audience("tocsin"))).get("/api/me").then().statusCode(401);
        given().auth().oauth2(devToken().sign(SigningKeys.generate().privateKey())).get("/api/me").then().statusCode(401);
        given().auth().oauth2(devToken().unsigned()).get("/api/me").then().statusCode(401);
    }

    /** What deploy/local/token.sh prints: devstack's TokenMain with the dev issuer and the gateway's audience. */
    private static InternalJwt.Builder devToken() {
        return InternalJwt.builder().issuer("tocsin-local-dev").audience("tocsin-api")
                .subject("local-user").org("demo").roles("owner").email("local-user@example.com").name("local-user");
    }
}

package io.tocsin.incident.security;

import static io.restassured.RestAssured.given;
import static io.tocsin.incident.support.Api.declare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tocsin.devstack.InternalJwt;
import io.tocsin.devstack.SigningKeys;
import io.tocsin.devstack.testing.TestTokens;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.TestClock;
import io.tocsin.platform.security.VerifiedInternalTokens;
import jakarta.inject.Inject;
import io.tocsin.devstack.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Only internal JWTs minted with the gateway's key, for this audience, with an org, get in; roles are enforced. */
@QuarkusTest
class AuthenticationTest {

    @Inject
    VerifiedInternalTokens tokens;

    @Inject
    TestClock clock;

    private static final String BODY = "{\"title\":\"Should not exist\",\"severity\":\"SEV1\"}";

    @Test
    void missingOrForgedTokensAre401AndChangeNothing() {
        String org = Api.newOrg();
        InternalJwt.Builder valid = InternalJwt.builder().subject("u-1").org(org).roles("owner");
        String forged = InternalJwt.builder().subject("u-1").org(org).roles("owner").sign(SigningKeys.generate().privateKey());
        String expired = TestTokens.sign(InternalJwt.builder().subject("u-1").org(org).roles("owner")
                .issuedAt(Instant.now().minus(Duration.ofMinutes(10))).expiresIn(Duration.ofMinutes(5)));
        String wrongIssuer = TestTokens.sign(InternalJwt.builder().subject("u-1").org(org).roles("owner").issuer("someone-else"));
        String wrongAudience = TestTokens.sign(InternalJwt.builder().subject("u-1").org(org).roles("owner").audience("other"));
        String noOrg = TestTokens.sign(InternalJwt.builder().subject("u-1").roles("owner").withoutClaim("org"));
        String tooLong = TestTokens.sign(InternalJwt.builder().subject("u-1").org(org).roles("owner").expiresIn(Duration.ofHours(12)));
        String signed = TestTokens.sign(valid);
        String tampered = signed.substring(0, signed.lastIndexOf('.') + 1) + flip(signed.substring(signed.lastIndexOf('.') + 1));

        given().contentType(ContentType.JSON).body(BODY).post("/api/incidents").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        for (String token : new String[] {forged, expired, wrongIssuer, wrongAudience, noOrg, tooLong, tampered, valid.unsigned(), "garbage"}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(BODY).post("/api/incidents").then()
                    .statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isZero();
        given().auth().oauth2(signed).contentType(ContentType.JSON).body(BODY).post("/api/incidents").then().statusCode(201);
    }

    @Test
    void aTokenVerifiedOnceIsRememberedUntilItExpiresAndNothingElseRidesOnIt() {
        String org = Api.newOrg();
        String viewer = TestTokens.sign(InternalJwt.builder().subject("u-2").org(org).roles("viewer").expiresIn(Duration.ofMinutes(2)));
        assertThat(tokens.identity(viewer)).isNull();

        given().auth().oauth2(viewer).get("/api/incidents").then().statusCode(200);
        assertThat(tokens.identity(viewer)).isNotNull();
        assertThat(tokens.identity(viewer).getRoles()).contains("viewer");

        // Served from memory: the same caller, the same roles, the same organisation.
        given().auth().oauth2(viewer).get("/api/incidents").then().statusCode(200);
        given().auth().oauth2(viewer).contentType(ContentType.JSON).body(BODY).post("/api/incidents").then().statusCode(403);
        String other = declare(Api.newOrg(), "Another organisation's", "SEV2");
        given().auth().oauth2(viewer).get("/api/incidents/" + other).then().statusCode(404);
        // A token that differs from a remembered one is verified afresh.
        String tampered = viewer.substring(0, viewer.lastIndexOf('.') + 1) + flip(viewer.substring(viewer.lastIndexOf('.') + 1));
        given().auth().oauth2(tampered).get("/api/incidents").then().statusCode(401);

        clock.advance(Duration.ofMinutes(3));
        try {
            assertThat(tokens.identity(viewer)).isNull();
        } finally {
            clock.reset();
        }
    }

    @Test
    void aRememberedTokenIsAcceptedWithoutBeingVerifiedAgain() {
        String org = Api.newOrg();
        String id = declare(org, "Seen through a remembered token", "SEV2");
        // Not a JWT at all: only the memory can accept it.
        String raw = "remembered-" + org;
        Map<String, Object> claims = Map.of("raw_token", raw, "sub", "u-3", "org", org,
                "exp", Instant.now().plus(Duration.ofMinutes(1)).getEpochSecond());
        tokens.remember(new JsonWebToken() {
            @Override
            public String getName() {
                return "u-3";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        }, Set.of("viewer"));

        given().auth().oauth2(raw).get("/api/incidents/" + id).then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(raw + "x").get("/api/incidents/" + id).then().statusCode(401);
    }

    @Test
    void rolesAreEnforcedAndImplyTheLowerOnes() {
        String org = Api.newOrg();
        String id = declare(org, "Roles", "SEV2");
        Api.as(org, "viewer").get("/api/incidents/" + id).then().statusCode(200);
        Api.as(org, "viewer").body(BODY).post("/api/incidents").then().statusCode(403).contentType("application/problem+json");
        Api.as(org, "viewer").post("/api/incidents/" + id + "/dismiss").then().statusCode(403);
        Api.as(org, "responder").body("{\"name\":\"Team\"}").post("/api/teams").then().statusCode(403);
        Api.as(org, "admin").body(BODY).post("/api/incidents").then().statusCode(201);
        Api.as(org, "owner").body("{\"name\":\"Owners' team\"}").post("/api/teams").then().statusCode(201);
        Api.as(org, "nobody").get("/api/incidents").then().statusCode(403);
        assertThat(TestDatabase.count("SELECT count(*) FROM incident.incidents WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void publicEndpointsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private static String flip(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }
}

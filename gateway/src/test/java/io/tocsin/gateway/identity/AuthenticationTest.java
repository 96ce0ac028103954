package io.tocsin.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.tocsin.devstack.testing.TestTokens;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.InternalTokens;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** External tokens are verified against the issuer's published keys; anything doubtful is a 401 and goes nowhere. */
@QuarkusTest
class AuthenticationTest {

    @Test
    void missingForgedOrUnfitTokensAre401AndNothingIsForwarded() {
        String org = Api.newOrg();
        Instant now = Instant.now();
        String valid = Tokens.token(org, "u-1", "owner");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", Tokens.sign(Tokens.claims(org, "u-1", "owner").issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(600))));
        refused.put("wrong issuer", Tokens.sign(Tokens.claims(org, "u-1", "owner").issuer("https://issuer.example.com/realms/other")));
        refused.put("wrong audience", Tokens.sign(Tokens.claims(org, "u-1", "owner").audience("another-app")));
        refused.put("unsigned", unsigned(valid));
        refused.put("tampered", tampered(valid));
        refused.put("signed by another key", Tokens.signWithOtherKey(Tokens.claims(org, "u-1", "owner")));
        refused.put("no org", Tokens.sign(Tokens.claims(org, "u-1", "owner").remove("org")));
        refused.put("internal JWT", TestTokens.token(org, "u-1", "owner"));
        refused.put("garbage", "not-a-token");
        refused.put("malformed API key", "tsk_short");
        refused.put("unknown API key", "tsk_" + "A".repeat(43));

        String path = Services.uniquePath("/api/incidents");
        given().contentType(ContentType.JSON).body("{}").post(path).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("/problems/unauthenticated"));
        given().auth().preemptive().basic("admin", "admin").get(path).then().statusCode(401);
        refused.forEach((why, token) -> given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post(path)
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("/problems/unauthenticated")).body("status", equalTo(401)));
        assertThat(Services.received(path)).isEmpty();

        Api.bearer(valid).body("{}").post(path).then().statusCode(200);
        assertThat(Services.received(path)).hasSize(1);
    }

    @Test
    void meAnswersWhoTheCallerIs() {
        String org = Api.newOrg();
        Api.bearer(Tokens.token(org, "u-bob", "responder", "admin", "superuser")).get("/api/me").then().statusCode(200)
                .body("sub", equalTo("u-bob")).body("org", equalTo(org)).body("roles", contains("admin", "responder"))
                .body("email", equalTo("u-bob@example.com")).body("name", equalTo("User u-bob"));
    }

    @Test
    void keycloakOrganizationClaimAndRealmRolesAreUnderstood() {
        Map<String, Object> byAlias = new LinkedHashMap<>();
        byAlias.put("acme-object", Map.of("id", "5b2c8c4e"));
        for (Object organization : List.of("acme-string", List.of("acme-array"), byAlias)) {
            String expected = organization instanceof String s ? s
                    : organization instanceof List<?> l ? (String) l.get(0) : "acme-object";
            JwtClaimsBuilder claims = keycloakLike().claim("organization", organization);
            Api.bearer(Tokens.sign(claims)).get("/api/me").then().statusCode(200)
                    .body("org", equalTo(expected)).body("roles", contains("responder"))
                    .body("name", equalTo("kc-user"));
        }

        // A member of several organisations must not land in whichever the claim lists first.
        Api.bearer(Tokens.sign(keycloakLike().claim("organization", List.of("acme-array", "beta")))).get("/api/me").then()
                .statusCode(401);

        String path = Services.uniquePath("/api/services");
        Api.bearer(Tokens.sign(keycloakLike().claim("organization", List.of("acme-array")))).get(path).then().statusCode(200);
        JsonObject claims = InternalTokens.verifiedClaims(Services.received(path).get(0).getHeader("Authorization"));
        assertThat(claims.getString("org")).isEqualTo("acme-array");
        assertThat(claims.getJsonArray("groups").getList()).containsExactly("responder");

        // The configured claim ("org") wins over Keycloak's.
        Api.bearer(Tokens.sign(keycloakLike().claim("organization", "kc-org").claim("org", "own-org"))).get("/api/me")
                .then().statusCode(200).body("org", equalTo("own-org"));
        Api.bearer(Tokens.sign(keycloakLike().claim("organization", List.of()))).get("/api/me").then().statusCode(401);
    }

    @Test
    void publicRoutesPassWithoutAuthenticationAndWithoutCredentials() {
        String forged = TestTokens.token("victim-org", "u-admin", "owner");

        given().queryParam("token", "signed-link").get("/api/incidents/auto-action").then().statusCode(200);
        given().formParam("token", "signed-link").post("/api/incidents/auto-action").then().statusCode(200);
        given().header("Authorization", "Bearer " + forged).header("X-PagerDuty-Signature", "v1=abc")
                .body("{\"event\":{}}").post("/api/v1/pagerduty/webhook").then().statusCode(200);
        given().auth().oauth2("tsk_" + "B".repeat(43)).contentType(ContentType.JSON)
                .body("{\"routing_key\":\"k\",\"event_action\":\"trigger\"}").post("/api/signals/pagerduty/v2/enqueue")
                .then().statusCode(200);

        assertThat(Services.received("/api/incidents/auto-action")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());
        assertThat(Services.received("/api/v1/pagerduty/webhook")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());
        assertThat(Services.received("/api/signals/pagerduty/v2/enqueue")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());

        // Only the listed method and exact path are public.
        given().delete("/api/incidents/auto-action").then().statusCode(401);
        given().get("/api/v1/pagerduty/webhook").then().statusCode(401);
        given().post("/api/incidents/auto-action/").then().statusCode(401);
        given().post("/api/signals/pagerduty/v2/enqueue/x").then().statusCode(401);
    }

    private static JwtClaimsBuilder keycloakLike() {
        Instant now = Instant.now();
        return Jwt.issuer(Tokens.issuer()).audience(Tokens.AUDIENCE).subject("kc-" + now.toEpochMilli())
                .claim("preferred_username", "kc-user")
                .claim("realm_access", Map.of("roles", List.of("offline_access", "responder", "uma_authorization")))
                .issuedAt(now).expiresAt(now.plusSeconds(300));
    }

    private static String unsigned(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        claims.put("groups", List.of("owner")).put("org", "someone-elses-org");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}

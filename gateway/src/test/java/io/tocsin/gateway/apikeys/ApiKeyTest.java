package io.tocsin.gateway.apikeys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.InternalTokens;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.TestClock;
import io.tocsin.gateway.support.Tokens;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API keys: created by admins, shown once, stored hashed, scoped to one organisation, revocable, expiring. */
@QuarkusTest
class ApiKeyTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aKeyIsLookedUpAgainAfterTenSecondsAndRevocationHereIsImmediate() throws Exception {
        String org = Api.newOrg();
        String admin = Tokens.token(org, "u-admin", "admin");
        JsonPath created = Api.bearer(admin).body("{\"name\":\"busy tool\",\"roles\":[\"viewer\"]}").post("/api/api-keys")
                .then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        Api.bearer(key).get("/api/me").then().statusCode(200).body("roles", contains("viewer"));

        // Changed behind the gateway's back: the remembered key is used for up to 10 seconds, then read again.
        TestDatabase.execute("UPDATE gateway.api_keys SET roles = ARRAY['responder'] WHERE id = ?::uuid", created.getString("id"));
        Api.bearer(key).get("/api/me").then().statusCode(200).body("roles", contains("viewer"));
        clock.advance(Duration.ofSeconds(11));
        Api.bearer(key).get("/api/me").then().statusCode(200).body("roles", contains("responder"));

        Api.bearer(admin).delete("/api/api-keys/" + created.getString("id")).then().statusCode(204);
        Api.bearer(key).get("/api/me").then().statusCode(401);
    }

    @Test
    void createUseListRevoke() {
        String org = Api.newOrg();
        String admin = Tokens.token(org, "u-admin", "admin");

        JsonPath created = Api.bearer(admin).body("{\"name\":\" Alertmanager \",\"roles\":[\"responder\"]}").post("/api/api-keys")
                .then().statusCode(201).header("Location", matchesPattern(".*/api/api-keys/[0-9a-f-]{36}"))
                .body("key", matchesPattern("tsk_[A-Za-z0-9_-]{43}")).body("name", equalTo("Alertmanager"))
                .body("roles", contains("responder")).body("expiresAt", nullValue())
                .body("createdAt", equalTo(clock.instant().toString()))
                .extract().jsonPath();
        String id = created.getString("id");
        String key = created.getString("key");

        Map<String, Object> row = TestDatabase.rows("SELECT * FROM gateway.api_keys WHERE id = ?", UUID.fromString(id)).get(0);
        assertThat(row.get("org_id")).isEqualTo(org);
        assertThat(row.get("hash")).isEqualTo(ApiKeySecret.hash(key));
        assertThat(row.get("prefix")).isEqualTo(key.substring(0, 8));
        assertThat(row.get("created_by")).isEqualTo("u-admin");
        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(key));

        String path = Services.uniquePath("/api/signals");
        Api.bearer(key).body("{}").post(path).then().statusCode(200);
        JsonObject claims = InternalTokens.verifiedClaims(Services.received(path).get(0).getHeader("Authorization"));
        assertThat(claims.getString("sub")).isEqualTo("api-key:" + id);
        assertThat(claims.getString("org")).isEqualTo(org);
        assertThat(claims.getJsonArray("groups").getList()).containsExactly("responder");
        assertThat(claims.getString("name")).isEqualTo("Alertmanager");
        Api.bearer(key).get("/api/me").then().statusCode(200).body("sub", equalTo("api-key:" + id))
                .body("org", equalTo(org)).body("roles", contains("responder")).body("name", equalTo("Alertmanager"));

        String listed = Api.bearer(admin).get("/api/api-keys").then().statusCode(200)
                .body("id", hasItem(id)).body("find { it.id == '" + id + "' }.prefix", equalTo(key.substring(0, 8)))
                .body("find { it.id == '" + id + "' }.revokedAt", nullValue())
                .body("find { it.id == '" + id + "' }.createdBy", equalTo("u-admin"))
                .extract().asString();
        assertThat(listed).doesNotContain(key).doesNotContain(key.substring(8)).doesNotContain(ApiKeySecret.hash(key))
                .doesNotContain("\"key\"").doesNotContain("\"hash\"");

        Api.bearer(admin).delete("/api/api-keys/" + id).then().statusCode(204);
        Api.bearer(key).get("/api/me").then().statusCode(401).contentType("application/problem+json");
        Api.bearer(key).body("{}").post(path).then().statusCode(401);
        assertThat(Services.received(path)).hasSize(1);
        Api.bearer(admin).get("/api/api-keys").then().body("find { it.id == '" + id + "' }.revokedAt", notNullValue());
        Api.bearer(admin).delete("/api/api-keys/" + id).then().statusCode(204);
    }

    @Test
    void anExpiredKeyIs401() {
        String org = Api.newOrg();
        String admin = Tokens.token(org, "u-admin", "admin");
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        String key = Api.bearer(admin).body("{\"name\":\"short-lived\",\"roles\":[\"viewer\"],\"expiresAt\":\"" + expiry + "\"}")
                .post("/api/api-keys").then().statusCode(201).body("expiresAt", equalTo(expiry.toString()))
                .extract().path("key");
        Api.bearer(key).get("/api/me").then().statusCode(200);

        clock.advance(Duration.ofHours(1));
        Api.bearer(key).get("/api/me").then().statusCode(401);

        Api.bearer(admin).body("{\"name\":\"already expired\",\"roles\":[\"viewer\"],\"expiresAt\":\"" + clock.instant() + "\"}")
                .post("/api/api-keys").then().statusCode(400).body("errors[0].field", equalTo("expiresAt"));
    }

    @Test
    void aViewerKeyCannotCreateKeysAndNoKeyCanMintAnother() {
        String org = Api.newOrg();
        String admin = Tokens.token(org, "u-admin", "admin");
        String viewerKey = create(admin, "viewer", "viewer");
        String adminKey = create(admin, "automation", "admin");

        Api.bearer(viewerKey).body("{\"name\":\"x\",\"roles\":[\"viewer\"]}").post("/api/api-keys").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        Api.bearer(viewerKey).get("/api/api-keys").then().statusCode(403);
        Api.bearer(adminKey).get("/api/api-keys").then().statusCode(200);
        Api.bearer(adminKey).body("{\"name\":\"x\",\"roles\":[\"viewer\"]}").post("/api/api-keys").then().statusCode(403)
                .body("detail", equalTo("API keys cannot create API keys; use a personal token"));
        assertThat(TestDatabase.count("SELECT count(*) FROM gateway.api_keys WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void aKeyCannotHaveMoreRolesThanItsCreator() {
        String org = Api.newOrg();
        String admin = Tokens.token(org, "u-admin", "admin");
        Api.bearer(admin).body("{\"name\":\"too much\",\"roles\":[\"owner\"]}").post("/api/api-keys").then().statusCode(403)
                .contentType("application/problem+json").body("detail", equalTo("a key cannot have roles its creator does not have: [owner]"));
        Api.bearer(admin).body("{\"name\":\"fine\",\"roles\":[\"admin\",\"viewer\",\"admin\"]}").post("/api/api-keys")
                .then().statusCode(201).body("roles", contains("viewer", "admin"));
        Api.bearer(Tokens.token(org, "u-owner", "owner")).body("{\"name\":\"owner key\",\"roles\":[\"owner\"]}")
                .post("/api/api-keys").then().statusCode(201).body("roles", contains("owner"));

        Api.bearer(admin).body("{\"name\":\"bad\",\"roles\":[\"viewer\",\"root\"]}").post("/api/api-keys").then().statusCode(400)
                .body("type", equalTo("/problems/validation")).body("errors[0].field", equalTo("roles[1]"));
        Api.bearer(admin).body("{\"name\":\"none\",\"roles\":[]}").post("/api/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("roles"));
        Api.bearer(admin).body("{\"roles\":[\"viewer\"]}").post("/api/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        Api.bearer(admin).body("{\"name\":\"x\",\"roles\":[\"viewer\"],\"secret\":\"mine\"}").post("/api/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("secret"));
        Api.bearer(admin).body("not json").post("/api/api-keys").then().statusCode(400);
        assertThat(TestDatabase.count("SELECT count(*) FROM gateway.api_keys WHERE org_id = ?", org)).isEqualTo(2);
    }

    @Test
    void onlyAdminsManageKeys() {
        String org = Api.newOrg();
        String id = created(Tokens.token(org, "u-admin", "admin"), "kept", "viewer").getString("id");
        for (String role : List.of("viewer", "responder")) {
            Api.as(org, role).get("/api/api-keys").then().statusCode(403).contentType("application/problem+json");
            Api.as(org, role).body("{\"name\":\"x\",\"roles\":[\"viewer\"]}").post("/api/api-keys").then().statusCode(403);
            Api.as(org, role).delete("/api/api-keys/" + id).then().statusCode(403);
        }
        given().get("/api/api-keys").then().statusCode(401);
        Api.as(org, "owner").get("/api/api-keys").then().statusCode(200).body("id", contains(id));
        assertThat(TestDatabase.count("SELECT count(*) FROM gateway.api_keys WHERE org_id = ? AND revoked_at IS NULL", org)).isEqualTo(1);
    }

    @Test
    void anotherOrganisationCannotSeeOrRevokeAKey() {
        String orgA = Api.newOrg();
        String orgB = Api.newOrg();
        JsonPath created = created(Tokens.token(orgA, "u-admin", "admin"), "a's key", "viewer");
        String id = created.getString("id");
        String adminB = Tokens.token(orgB, "u-admin", "admin");

        Api.bearer(adminB).get("/api/api-keys").then().statusCode(200).body("id", not(hasItem(id)));
        Api.bearer(adminB).delete("/api/api-keys/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        Api.bearer(adminB).delete("/api/api-keys/not-a-uuid").then().statusCode(404);
        Api.bearer(created.getString("key")).get("/api/me").then().statusCode(200).body("org", equalTo(orgA));
    }

    @Test
    void lastUseIsRecordedAtMostOncePerMinute() {
        String org = Api.newOrg();
        JsonPath created = created(Tokens.token(org, "u-admin", "admin"), "busy", "viewer");
        UUID id = UUID.fromString(created.getString("id"));
        String key = created.getString("key");
        assertThat(lastUsed(id)).isNull();

        Instant first = clock.instant();
        Api.bearer(key).get("/api/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lastUsed(id)).isEqualTo(first));

        clock.advance(Duration.ofSeconds(30));
        Api.bearer(key).get("/api/me").then().statusCode(200);
        clock.advance(Duration.ofSeconds(29));
        Api.bearer(key).get("/api/me").then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        Instant due = clock.instant();
        Api.bearer(key).get("/api/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lastUsed(id)).isEqualTo(due));
        Api.bearer(Tokens.token(org, "u-admin", "admin")).get("/api/api-keys").then()
                .body("find { it.id == '" + id + "' }.lastUsedAt", equalTo(due.toString()));
    }

    private static String create(String token, String name, String role) {
        return created(token, name, role).getString("key");
    }

    private static JsonPath created(String token, String name, String role) {
        return Api.bearer(token).body("{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}").post("/api/api-keys")
                .then().statusCode(201).extract().jsonPath();
    }

    private static Instant lastUsed(UUID id) {
        Object value = TestDatabase.rows("SELECT last_used_at FROM gateway.api_keys WHERE id = ?", id).get(0).get("last_used_at");
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return value instanceof OffsetDateTime odt ? odt.toInstant() : null;
    }
}

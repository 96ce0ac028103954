package io.tocsin.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.FakeServices;
import io.tocsin.gateway.support.InternalTokens;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.TestClock;
import io.tocsin.gateway.support.Tokens;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Requests reach the owning service intact, with an internal JWT instead of the caller's token. */
@QuarkusTest
class RoutingTest {

    @Inject
    TestClock clock;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void forwardsToTheServiceWithAnInternalJwtInPlaceOfTheCallersToken() {
        String org = Api.newOrg();
        String path = Services.uniquePath("/api/incidents");
        String external = Tokens.token(org, "u-alice", "responder", "not-a-tocsin-role");

        Response response = given().auth().oauth2(external).contentType("application/json")
                .queryParam("status", "open").body("{\"title\":\"Checkout errors\"}")
                .post(path).then().statusCode(200).body("from", equalTo("service")).extract().response();

        List<LoggedRequest> received = Services.received(path);
        assertThat(received).hasSize(1);
        LoggedRequest upstream = received.get(0);
        assertThat(upstream.getMethod().getName()).isEqualTo("POST");
        assertThat(upstream.getUrl()).isEqualTo(path + "?status=open");
        assertThat(upstream.getBodyAsString()).isEqualTo("{\"title\":\"Checkout errors\"}");
        assertThat(upstream.getHeader("Authorization")).doesNotContain(external);

        JsonObject claims = InternalTokens.verifiedClaims(upstream.getHeader("Authorization"));
        assertThat(claims.getString("iss")).isEqualTo("tocsin-gateway");
        assertThat(claims.getValue("aud").toString()).contains("tocsin");
        assertThat(claims.getString("sub")).isEqualTo("u-alice");
        assertThat(claims.getString("org")).isEqualTo(org);
        assertThat(claims.getJsonArray("groups").getList()).containsExactly("responder");
        assertThat(claims.getString("email")).isEqualTo("u-alice@example.com");
        assertThat(claims.getString("name")).isEqualTo("User u-alice");
        assertThat(claims.getLong("iat")).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isBetween(1L, 300L);
        assertThat(claims.containsKey("plan")).isFalse();

        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(upstream.getHeader("X-Request-Id")).isEqualTo(requestId);
        assertThat(upstream.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsTheCallersRequestIdAndReplacesAMalformedOne() {
        String org = Api.newOrg();
        String path = Services.uniquePath("/api/teams");
        Api.as(org, "viewer").header("X-Request-Id", "req-1234.abc").get(path)
                .then().statusCode(200).header("X-Request-Id", "req-1234.abc");
        assertThat(Services.received(path).get(0).getHeader("X-Request-Id")).isEqualTo("req-1234.abc");

        String other = Services.uniquePath("/api/teams");
        String replaced = Api.as(org, "viewer").header("X-Request-Id", "bad id\twith spaces").get(other)
                .then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract().header("X-Request-Id");
        assertThat(Services.received(other).get(0).getHeader("X-Request-Id")).isEqualTo(replaced);
    }

    /** SPEC §2: the gateway's span sits between the caller's and the service's; a request without a trace starts one. */
    @Test
    void carriesTheCallersTraceOnWithItsOwnSpanAndStartsOneWhenThereIsNone() {
        String org = Api.newOrg();
        String path = Services.uniquePath("/api/teams");
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        Api.as(org, "viewer").header("traceparent", "00-" + trace + "-00f067aa0ba902b7-00").get(path).then().statusCode(200);
        String forwarded = Services.received(path).get(0).getHeader("traceparent");
        assertThat(forwarded).matches("00-" + trace + "-[0-9a-f]{16}-00").doesNotContain("00f067aa0ba902b7");

        String untraced = Services.uniquePath("/api/teams");
        Api.as(org, "viewer").get(untraced).then().statusCode(200);
        String started = Services.received(untraced).get(0).getHeader("traceparent");
        assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain(trace)
                .doesNotContain("00000000000000000000000000000000");
    }

    @Test
    void aCallersInternalTokenIsReusedForHalfItsLifetimeThenMintedAgain() {
        String org = Api.newOrg();
        String alice = Tokens.token(org, "u-reuse", "responder");
        String path = Services.uniquePath("/api/incidents");
        for (int i = 0; i < 3; i++) {
            Api.bearer(alice).get(path).then().statusCode(200);
        }
        Api.bearer(Tokens.token(org, "u-other", "responder")).get(path).then().statusCode(200);
        List<String> sent = Services.received(path).stream().map(r -> r.getHeader("Authorization")).toList();
        assertThat(sent.subList(0, 3)).as("no RSA signature per request").containsOnly(sent.get(0));
        assertThat(sent.get(3)).as("another caller, another token").isNotEqualTo(sent.get(0));

        clock.advance(Duration.ofSeconds(61)); // past half of the 2-minute lifetime
        Api.bearer(Tokens.token(org, "u-reuse", "responder")).get(path).then().statusCode(200);
        String renewed = Services.received(path).get(4).getHeader("Authorization");
        assertThat(renewed).isNotEqualTo(sent.get(0));
        assertThat(InternalTokens.verifiedClaims(renewed).getLong("iat")).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void forwardsThePlanClaimWhenTheTokenHasOne() {
        String org = Api.newOrg();
        String path = Services.uniquePath("/api/metrics");
        Api.bearer(Tokens.sign(Tokens.claims(org, "u-plan", "admin").claim("plan", "enterprise"))).get(path)
                .then().statusCode(200);
        JsonObject claims = InternalTokens.verifiedClaims(Services.received(path).get(0).getHeader("Authorization"));
        assertThat(claims.getString("plan")).isEqualTo("enterprise");

        // An API key created by that user calls with the same plan; one created without a plan claim, with none.
        String key = Api.bearer(Tokens.sign(Tokens.claims(org, "u-plan", "admin").claim("plan", "enterprise")))
                .body("{\"name\":\"ci\",\"roles\":[\"admin\"]}").post("/api/api-keys").then().statusCode(201).extract().path("key");
        String keyPath = Services.uniquePath("/api/metrics");
        Api.bearer(key).get(keyPath).then().statusCode(200);
        assertThat(InternalTokens.verifiedClaims(Services.received(keyPath).get(0).getHeader("Authorization")).getString("plan"))
                .isEqualTo("enterprise");
        String plain = Api.bearer(Tokens.token(org, "u-noplan", "admin")).body("{\"name\":\"plain\",\"roles\":[\"viewer\"]}")
                .post("/api/api-keys").then().statusCode(201).extract().path("key");
        String plainPath = Services.uniquePath("/api/metrics");
        Api.bearer(plain).get(plainPath).then().statusCode(200);
        assertThat(InternalTokens.verifiedClaims(Services.received(plainPath).get(0).getHeader("Authorization")).containsKey("plan"))
                .isFalse();
    }

    @Test
    void everyServiceRouteIsForwarded() {
        String org = Api.newOrg();
        for (String prefix : List.of("/api/incidents", "/api/teams", "/api/services", "/api/analytics", "/api/postmortems",
                "/api/team-mappings", "/api/postmortem-settings", "/api/metrics", "/api/signals", "/api/intake-keys", "/api/deliveries", "/api/webhooks",
                "/api/integrations", "/api/v1/pagerduty", "/api/notification-preferences", "/api/recipients")) {
            Api.as(org, "viewer").get(prefix).then().statusCode(200);
            assertThat(Services.received(prefix)).as(prefix).hasSize(1);
        }
    }

    @Test
    void unknownApiPathsAre404AndNothingIsForwarded() {
        String org = Api.newOrg();
        for (String path : List.of("/api/nothing-here", "/api/incidentsx", "/api", "/api/api-keys/a/b")) {
            Api.as(org, "owner").get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("/problems/not-found")).body("status", equalTo(404));
            assertThat(Services.received(path)).as(path).isEmpty();
        }
    }

    @Test
    void aLargeResponseStreamsThroughIntact() throws Exception {
        String path = Services.uniquePath("/api/analytics");
        byte[] body = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(body);
        Services.stub(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(body)));

        byte[] got = Api.as(Api.newOrg(), "viewer").header("Accept-Encoding", "identity").get(path)
                .then().statusCode(200).extract().asByteArray();

        assertThat(got.length).isEqualTo(body.length);
        assertThat(MessageDigest.getInstance("SHA-256").digest(got)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }

    @Test
    void aServiceThatIsDownIs503() {
        String path = Services.uniquePath(FakeServices.OUTAGE_PREFIX);
        Api.as(Api.newOrg(), "viewer").get(path).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5").header("X-Request-Id", matchesPattern(".+"))
                .body("type", equalTo("/problems/upstream-unavailable")).body("status", equalTo(503))
                .body("instance", equalTo(path));
    }

    @Test
    void aServiceSlowerThanTheTimeoutIs504() {
        String path = Services.uniquePath("/api/postmortems");
        Services.stub(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));

        long start = System.nanoTime();
        Api.as(Api.newOrg(), "viewer").get(path).then().statusCode(504).contentType("application/problem+json")
                .body("type", equalTo("/problems/upstream-timeout")).body("status", equalTo(504));
        // The test profile's timeout is one second: the gateway gave up long before the service answered.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_800);
    }

    @Test
    void bodiesUpTo1MiBPassAndLargerOnesAre413() throws Exception {
        String org = Api.newOrg();
        String fits = Services.uniquePath("/api/incidents");
        Api.as(org, "responder").body(new byte[1024 * 1024]).post(fits).then().statusCode(200);
        assertThat(Services.received(fits).get(0).getBody()).hasSize(1024 * 1024);

        String declared = Services.uniquePath("/api/incidents");
        Api.as(org, "responder").body(new byte[1024 * 1024 + 1]).post(declared).then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/payload-too-large"));
        assertThat(Services.received(declared)).isEmpty();

        String token = Tokens.token(org, "u-chunked", "responder");
        String chunkedFits = Services.uniquePath("/api/incidents");
        assertThat(postChunked(chunkedFits, token, 512 * 1024).statusCode()).isEqualTo(200);
        assertThat(Services.received(chunkedFits).get(0).getBody()).hasSize(512 * 1024);

        String chunked = Services.uniquePath("/api/incidents");
        HttpResponse<String> tooLarge = postChunked(chunked, token, 3 * 1024 * 1024);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(tooLarge.body()).getString("type")).isEqualTo("/problems/payload-too-large");
        assertThat(Services.received(chunked)).as("a cut-off body never reaches the service as a request").isEmpty();

        // The gateway's own endpoints take small JSON documents with a declared length.
        HttpResponse<String> ownEndpoint = postChunked("/api/api-keys", Tokens.token(org, "u-admin", "admin"), 3 * 1024 * 1024,
                "application/json");
        assertThat(ownEndpoint.statusCode()).isEqualTo(411);
        assertThat(new JsonObject(ownEndpoint.body()).getString("type")).isEqualTo("/problems/length-required");
        assertThat(TestDatabase.count("SELECT count(*) FROM gateway.api_keys WHERE org_id = ?", org)).isZero();
    }

    @Test
    void aPathThatIsNotCanonicalIsRefusedAndNotForwarded() throws IOException {
        // Read one way it is a public route, read another way it is /api/teams: the gateway reads neither.
        String target = Services.uniquePath("/api/teams");
        String raw = "/api/incidents/auto-action/../.." + target.substring("/api".length());
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.getOutputStream().write(("GET " + raw + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("/problems/validation");
        }
        assertThat(Services.received(target)).isEmpty();
    }

    private static HttpResponse<String> postChunked(String path, String token, int size) throws Exception {
        return postChunked(path, token, size, "application/octet-stream");
    }

    private static HttpResponse<String> postChunked(String path, String token, int size, String contentType) throws Exception {
        byte[] bytes = contentType.equals("application/json")
                ? ("{\"name\":\"" + "n".repeat(size - 40) + "\",\"roles\":[\"viewer\"]}").getBytes(StandardCharsets.UTF_8)
                : new byte[size];
        InputStream body = new ByteArrayInputStream(bytes);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int port() {
        return io.restassured.RestAssured.port;
    }
}

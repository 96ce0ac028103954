package io.tocsin.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tocsin.gateway.support.Api;
import io.tocsin.gateway.support.Services;
import io.tocsin.gateway.support.TestClock;
import io.tocsin.gateway.support.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token buckets of 100 refilled at 20/s: per principal on authenticated routes, per client address on public ones. */
@QuarkusTest
class RateLimitTest {

    private static final int BURST = 100;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aPrincipalBeyondItsBurstGets429ThenRecovers() {
        String org = Api.newOrg();
        String token = Tokens.token(org, "u-busy", "viewer");
        String path = Services.uniquePath("/api/incidents");

        exhaust(() -> Api.bearer(token), path);
        Api.bearer(token).get(path).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "1").body("type", equalTo("/problems/rate-limited")).body("status", equalTo(429));
        Api.bearer(token).get("/api/me").then().statusCode(429);
        assertThat(Services.received(path)).as("refused requests are not forwarded").hasSize(BURST);

        // Another user of the same organisation has a bucket of its own.
        Api.bearer(Tokens.token(org, "u-calm", "viewer")).get(path).then().statusCode(200);

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            Api.bearer(token).get(path).then().statusCode(200);
        }
        Api.bearer(token).get(path).then().statusCode(429);
    }

    @Test
    void aPublicRouteIsLimitedPerClientAddress() {
        String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        String other = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        String path = "/api/signals/pagerduty/v2/enqueue";
        Supplier<RequestSpecification> client = () -> given().header("X-Forwarded-For", address).contentType("application/json").body("{}");

        for (int i = 0; i < BURST; i++) {
            client.get().post(path).then().statusCode(200);
        }
        client.get().post(path).then().statusCode(429).header("Retry-After", "1").contentType("application/problem+json");
        given().header("X-Forwarded-For", other).contentType("application/json").body("{}").post(path).then().statusCode(200);

        clock.advance(Duration.ofMillis(100));
        client.get().post(path).then().statusCode(200);
        client.get().post(path).then().statusCode(200);
        client.get().post(path).then().statusCode(429);
    }

    @Test
    void anAddressThatKeepsFailingToAuthenticateIsRefusedBeforeItsCredentialsAreChecked() {
        int failedBurst = 200; // the test profile's; 50 by default
        String address = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
        String other = "198.18.0." + ThreadLocalRandom.current().nextInt(1, 255);
        String valid = Tokens.token(Api.newOrg(), "u-guessed", "viewer");
        String path = Services.uniquePath("/api/incidents");
        Supplier<RequestSpecification> from = () -> given().header("X-Forwarded-For", address);

        for (int i = 0; i < failedBurst; i++) {
            // Bad credentials and none at all both count.
            (i % 2 == 0 ? from.get().auth().oauth2("not-a-token-" + i) : from.get()).get(path).then().statusCode(401);
        }
        from.get().auth().oauth2("one-more-guess").get(path).then().statusCode(429).header("Retry-After", "1")
                .contentType("application/problem+json").body("type", equalTo("/problems/rate-limited"));
        from.get().auth().oauth2(valid).get(path).then().statusCode(429);
        given().header("X-Forwarded-For", other).auth().oauth2(valid).get(path).then().statusCode(200);
        assertThat(Services.received(path)).as("only the other address got through").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        from.get().auth().oauth2(valid).get(path).then().statusCode(200);
        from.get().auth().oauth2("still-guessing").get(path).then().statusCode(401);
        from.get().auth().oauth2(valid).get(path).then().statusCode(429);
    }

    private static void exhaust(Supplier<RequestSpecification> caller, String path) {
        for (int i = 0; i < BURST; i++) {
            caller.get().get(path).then().statusCode(200);
        }
    }
}

package io.tocsin.autodraft.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tocsin.devstack.InternalJwt;
import io.tocsin.devstack.testing.TestTokens;
import java.util.UUID;

/**
 * Requests as a member of an organisation, with real internal JWTs signed by the devstack key. The
 * test profile restricts auto-drafts to plans {@code pro} and {@code enterprise}; these tokens are on
 * {@code pro} unless a test asks for another plan.
 */
public final class Api {

    public static final String PLAN = "pro";

    private Api() {
    }

    /** A fresh organisation id, so that every test has its own data. */
    public static String newOrg() {
        return "org-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static RequestSpecification as(String org, String role) {
        return withPlan(org, role, PLAN);
    }

    /** A caller on {@code plan} (null: a token without the claim). */
    public static RequestSpecification withPlan(String org, String role, String plan) {
        InternalJwt.Builder token = InternalJwt.builder().org(org).subject("u-" + role).roles(role).email(role + "@example.com")
                .name(role);
        if (plan != null) {
            token.claim("plan", plan);
        }
        return given().auth().oauth2(TestTokens.sign(token)).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin(String org) {
        return as(org, "admin");
    }

    public static RequestSpecification responder(String org) {
        return as(org, "responder");
    }

    /** Creates or replaces a metric bound to {@code checkout-api}, titled "Checkout error rate". */
    public static void metric(String org, String slug, String policy, String severity) {
        metric(org, slug, "{\"title\":\"Checkout error rate\",\"services\":[\"checkout-api\"],\"threshold\":\"> 5% over 5 min\","
                + "\"policy\":\"" + policy + "\",\"severity\":\"" + severity + "\"}");
    }

    public static void metric(String org, String slug, String body) {
        int status = admin(org).body(body).put("/api/metrics/" + slug).then().extract().statusCode();
        if (status != 200 && status != 201) {
            throw new AssertionError("PUT /api/metrics/" + slug + " answered " + status);
        }
    }

    /** Creates an intake key (routing key of the PagerDuty-compatible intake) for {@code service}; returns the key. */
    public static String intakeKey(String org, String service) {
        return admin(org).body("{\"name\":\"Grafana\",\"service\":\"" + service + "\"}").post("/api/intake-keys").then()
                .statusCode(201).extract().path("key");
    }

    /** Reports a metric's health by hand; returns the outcome. */
    public static String report(String org, String slug, String status) {
        return responder(org).body("{\"status\":\"" + status + "\"}").post("/api/metrics/" + slug + "/health")
                .then().statusCode(200).extract().path("outcome");
    }

    /** Same, with an explicit id, observation time and value. */
    public static String report(String org, String slug, String status, String id, String observedAt, Double value) {
        StringBuilder body = new StringBuilder("{\"status\":\"" + status + "\"");
        if (id != null) {
            body.append(",\"id\":\"").append(id).append('"');
        }
        if (observedAt != null) {
            body.append(",\"observedAt\":\"").append(observedAt).append('"');
        }
        if (value != null) {
            body.append(",\"value\":").append(value);
        }
        body.append('}');
        return responder(org).body(body.toString()).post("/api/metrics/" + slug + "/health")
                .then().statusCode(200).extract().path("outcome");
    }
}

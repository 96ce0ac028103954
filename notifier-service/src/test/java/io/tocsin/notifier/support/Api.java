package io.tocsin.notifier.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tocsin.devstack.InternalJwt;
import io.tocsin.devstack.testing.TestTokens;
import java.util.UUID;

/** Requests as a member of an organisation, with real internal JWTs signed by the devstack key. */
public final class Api {

    private Api() {
    }

    /** A fresh organisation id, so that every test has its own data. */
    public static String newOrg() {
        return "org-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static RequestSpecification as(String org, String sub, String role) {
        return given().auth().oauth2(TestTokens.sign(InternalJwt.builder().org(org).subject(sub).roles(role)
                .email(sub + "@example.com").name(sub))).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin(String org) {
        return as(org, "u-admin", "admin");
    }

    /** Configures PagerDuty for {@code org} (a JSON body for PUT /api/integrations/pagerduty). */
    public static void pagerDuty(String org, String body) {
        admin(org).body(body).put("/api/integrations/pagerduty").then().statusCode(200);
    }

    public static void incidentIo(String org, String body) {
        admin(org).body(body).put("/api/integrations/incident-io").then().statusCode(200);
    }
}

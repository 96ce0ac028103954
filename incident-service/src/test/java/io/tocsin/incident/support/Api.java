package io.tocsin.incident.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
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

    public static RequestSpecification as(String org, String role) {
        return given().auth().oauth2(TestTokens.token(org, "u-" + role, role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification responder(String org) {
        return as(org, "responder");
    }

    /** Declares an incident and returns its id. */
    public static String declare(String org, String title, String severity, String... services) {
        StringBuilder body = new StringBuilder("{\"title\":\"" + title + "\",\"severity\":\"" + severity + "\",\"services\":[");
        for (int i = 0; i < services.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(services[i]).append('"');
        }
        body.append("]}");
        return responder(org).body(body.toString()).post("/api/incidents").then().statusCode(201).extract().path("id");
    }
}

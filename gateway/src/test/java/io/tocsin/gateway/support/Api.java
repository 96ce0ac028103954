package io.tocsin.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Requests through the gateway as a member of an organisation, with tokens from the test issuer. */
public final class Api {

    private Api() {
    }

    /** A fresh organisation id, so that every test has its own data and its own rate-limit buckets. */
    public static String newOrg() {
        return "org-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static RequestSpecification as(String org, String role) {
        return bearer(Tokens.token(org, "u-" + role + "-" + UUID.randomUUID().toString().substring(0, 8), role));
    }

    public static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}

package io.tocsin.notifier.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** PagerDuty's Events API v2 as WireMock plays it: accepts everything unless a test says otherwise for its incident. */
public final class PagerDutyFake {

    public static final String ENQUEUE = "/pagerduty/v2/enqueue";

    private PagerDutyFake() {
    }

    public static void acceptAll() {
        Fakes.http().stubFor(post(urlEqualTo(ENQUEUE)).atPriority(10).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")));
    }

    /** A stub for the events of one incident (higher priority than the catch-all). */
    public static MappingBuilder forIncident(UUID incident) {
        return post(urlEqualTo(ENQUEUE)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("tocsin-" + incident)));
    }

    public static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}");
    }

    /** The requests PagerDuty received for an incident, in the order received. */
    public static List<LoggedRequest> requests(UUID incident) {
        return Fakes.http().findAll(postRequestedFor(urlEqualTo(ENQUEUE))
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo("tocsin-" + incident))));
    }

    public static List<JsonObject> bodies(UUID incident) {
        return requests(incident).stream().map(r -> new JsonObject(r.getBodyAsString())).toList();
    }
}

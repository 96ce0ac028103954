package io.tocsin.autodraft.signals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tocsin.autodraft.support.Api;
import io.tocsin.autodraft.support.Bus;
import io.tocsin.autodraft.support.TestClock;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same incident reported by AMQP, by Alertmanager and by a PagerDuty sender gives the same draft request. */
@QuarkusTest
class IntakeEquivalenceTest {

    static final String SLUG = "checkout-error-rate";

    @Inject
    TestClock clock;

    @BeforeAll
    static void listen() {
        Bus.listen();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyDoorProducesTheSameDraftIncidentCommand() {
        String viaAmqp = Api.newOrg();
        String viaAlertmanager = Api.newOrg();
        String viaPagerDuty = Api.newOrg();
        for (String org : new String[] {viaAmqp, viaAlertmanager, viaPagerDuty}) {
            Api.metric(org, SLUG, "immediate", "critical");
        }
        Instant observed = clock.instant().minusSeconds(90).truncatedTo(ChronoUnit.SECONDS);

        Bus.sendSignal("eq-" + viaAmqp, Bus.signal("sig-eq", viaAmqp, SLUG, "unhealthy",
                "\"observedAt\":\"" + observed + "\",\"service\":\"checkout-api\""));
        Api.responder(viaAlertmanager).body("{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"HighErrorRate\\\"}\","
                + "\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"tocsin\",\"groupLabels\":{},\"commonLabels\":{},"
                + "\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager.example:9093\",\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"alertname\":\"HighErrorRate\",\"tocsin_metric\":\"" + SLUG + "\",\"service\":\"checkout-api\","
                + "\"severity\":\"critical\"},\"annotations\":{},\"startsAt\":\"" + observed + "\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus.example:9090/graph\","
                + "\"fingerprint\":\"d1e2f3a4b5c6d7e8\"}]}").post("/api/signals/alertmanager").then().statusCode(200);
        String key = Api.intakeKey(viaPagerDuty, "checkout-api");
        given().contentType(ContentType.JSON).body("{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\","
                + "\"dedup_key\":\"" + SLUG + "\",\"payload\":{\"summary\":\"Checkout error rate above 5%\","
                + "\"source\":\"prometheus\",\"severity\":\"critical\",\"timestamp\":\"" + observed + "\"}}")
                .post("/api/signals/pagerduty/v2/enqueue").then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> Bus.drafts(viaAmqp).size() == 1
                && Bus.drafts(viaAlertmanager).size() == 1 && Bus.drafts(viaPagerDuty).size() == 1);
        JsonObject amqp = comparable(Bus.drafts(viaAmqp).get(0).data());
        assertThat(comparable(Bus.drafts(viaAlertmanager).get(0).data())).isEqualTo(amqp);
        assertThat(comparable(Bus.drafts(viaPagerDuty).get(0).data())).isEqualTo(amqp);
        assertThat(amqp.getString("severity")).isEqualTo("SEV1");
        assertThat(Instant.parse(amqp.getString("unhealthySince"))).isEqualTo(observed);
    }

    /** The command without what is unique to each org and request. */
    private static JsonObject comparable(JsonObject data) {
        JsonObject copy = data.copy();
        copy.remove("commandId");
        copy.remove("org");
        return copy;
    }
}

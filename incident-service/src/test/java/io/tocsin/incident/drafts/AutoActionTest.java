package io.tocsin.incident.drafts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.incident.drafts.ActionToken.Action;
import io.tocsin.incident.support.Api;
import io.tocsin.incident.support.TestClock;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC §5.4: GET confirms and changes nothing; POST acts once; bad links are clear 4xx pages. */
@QuarkusTest
class AutoActionTest {

    @Inject
    DraftService drafts;

    @Inject
    Pool pool;

    @Inject
    TestClock clock;

    @Test
    void getConfirmsWithoutActingAndPostPublishesOnce() {
        Draft draft = newDraft();
        get(draft.publishToken()).statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Publish incident")).body(containsString("method=\"post\""))
                .header("Cache-Control", "no-store");
        get(draft.publishToken()).statusCode(200);
        assertThat(status(draft)).isEqualTo("draft");
        assertThat(events(draft)).isEqualTo(1);

        post(draft.publishToken()).statusCode(200).body(containsString("Incident published"));
        assertThat(status(draft)).isEqualTo("declared");
        assertThat(TestDatabase.rows("SELECT declared_by FROM incident.incidents WHERE id = ?", draft.id()).get(0))
                .containsEntry("declared_by", "signed-link");
        Map<String, Object> event = TestDatabase.rows("SELECT type, payload->'change'->>'metric' AS metric FROM incident.outbox"
                + " WHERE aggregate_id = ? ORDER BY id DESC LIMIT 1", draft.id().toString()).get(0);
        assertThat(event).containsEntry("type", "io.tocsin.incident.auto_published").containsEntry("metric", "latency");

        post(draft.publishToken()).statusCode(200).body(containsString("Incident published"));
        get(draft.publishToken()).statusCode(200).body(containsString("Incident published"));
        assertThat(events(draft)).isEqualTo(2);
        post(draft.dismissToken()).statusCode(409).body(containsString("already published"));
        assertThat(status(draft)).isEqualTo("declared");
    }

    @Test
    void dismissLinksDismissAndThenPublishLinksRefuse() {
        Draft draft = newDraft();
        given().formParam("token", draft.dismissToken()).post(AutoActionResource.PATH).then().statusCode(200)
                .body(containsString("Draft dismissed"));
        assertThat(status(draft)).isEqualTo("dismissed");
        post(draft.dismissToken()).statusCode(200);
        get(draft.publishToken()).statusCode(409);
        post(draft.publishToken()).statusCode(409).body(containsString("dismissed"));
        assertThat(status(draft)).isEqualTo("dismissed");
    }

    @Test
    void theActionIsTheSignedOneWhateverTheUrlSays() {
        Draft draft = newDraft();
        given().queryParam("token", draft.publishToken()).queryParam("action", "dismiss").post(AutoActionResource.PATH)
                .then().statusCode(200).body(containsString("Incident published"));
        assertThat(status(draft)).isEqualTo("declared");
    }

    @Test
    void tamperedExpiredRetiredAndUnknownLinksChangeNothing() {
        Draft draft = newDraft();
        String token = draft.publishToken();
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        post(flipped).statusCode(400).body(containsString("not valid"));
        post("").statusCode(400);
        given().post(AutoActionResource.PATH).then().statusCode(400);
        post(ActionToken.sign(draft.id(), Action.PUBLISH, clock.instant().plusSeconds(600), "retired-secret")).statusCode(400);
        post(ActionToken.sign(UUID.randomUUID(), Action.PUBLISH, clock.instant().plusSeconds(600), "test-current-secret"))
                .statusCode(404);

        clock.advance(Duration.ofHours(25));
        try {
            get(token).statusCode(410).body(containsString("expired"));
            post(token).statusCode(410);
        } finally {
            clock.reset();
        }
        assertThat(status(draft)).isEqualTo("draft");
        assertThat(events(draft)).isEqualTo(1);

        post(ActionToken.sign(draft.id(), Action.PUBLISH, clock.instant().plusSeconds(600), "test-previous-secret"))
                .statusCode(200);
        assertThat(status(draft)).isEqualTo("declared");
    }

    @Test
    void pagesEscapeWhatTheyShow() {
        assertThat(ActionPages.escape("<script>\"x\"&'y'</script>")).isEqualTo("&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;");
    }

    private record Draft(UUID id, String publishToken, String dismissToken) {
    }

    private Draft newDraft() {
        String org = Api.newOrg();
        DraftIncident request = new DraftIncident(UUID.randomUUID().toString(), org, "autodraft", "latency", "API latency",
                List.of("api-" + UUID.randomUUID().toString().substring(0, 8)), "SEV2", 1.5, "> 1s", null,
                Instant.now().minusSeconds(300), Instant.now());
        UUID id = pool.withTransaction(tx -> drafts.request(tx, request)).await().atMost(Duration.ofSeconds(10)).id();
        Map<String, Object> links = TestDatabase.rows("SELECT payload->'change'->>'publishUrl' AS publish,"
                + " payload->'change'->>'dismissUrl' AS dismiss FROM incident.outbox WHERE aggregate_id = ?", id.toString()).get(0);
        return new Draft(id, token(links.get("publish")), token(links.get("dismiss")));
    }

    private static String token(Object url) {
        String value = url.toString();
        return value.substring(value.indexOf("token=") + "token=".length());
    }

    private static ValidatableResponse get(String token) {
        return given().queryParam("token", token).get(AutoActionResource.PATH).then();
    }

    private static ValidatableResponse post(String token) {
        return given().queryParam("token", token).post(AutoActionResource.PATH).then();
    }

    private static String status(Draft draft) {
        return TestDatabase.rows("SELECT status FROM incident.incidents WHERE id = ?", draft.id()).get(0).get("status").toString();
    }

    private static long events(Draft draft) {
        return TestDatabase.count("SELECT count(*) FROM incident.outbox WHERE aggregate_id = ?", draft.id().toString());
    }
}

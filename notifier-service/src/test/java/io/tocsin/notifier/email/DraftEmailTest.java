package io.tocsin.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.notifier.support.Api;
import io.tocsin.notifier.support.Deliveries;
import io.tocsin.notifier.support.Events;
import io.tocsin.notifier.support.Fakes;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Owners get an email for each auto-drafted incident, with Publish and Dismiss buttons, unless they opted out. */
@QuarkusTest
class DraftEmailTest {

    static final String PUBLISH = "http://tocsin.test/api/incidents/auto-action?token=cHVibGlzaA.c2ln";
    static final String DISMISS = "http://tocsin.test/api/incidents/auto-action?token=ZGlzbWlzcw.c2ln";

    @BeforeAll
    static void smtp() {
        Fakes.mail();
    }

    @Test
    void ownersGetTheDraftWithPublishAndDismissLinksAndAnOptedOutOwnerGetsNothing() throws Exception {
        String org = Api.newOrg();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + suffix + "@example.com";
        String bob = "bob-" + suffix + "@example.com";
        String carol = "carol-" + suffix + "@example.com";
        register(org, alice, "Alice", "u-alice", "owner");
        register(org, bob, "Bob", "u-bob", "owner");
        register(org, carol, "Carol", "u-carol", "responder");
        Api.as(org, "u-bob", "owner").get("/api/notification-preferences/me").then().statusCode(200)
                .body("autoIncidentDrafts", equalTo(true));
        Api.as(org, "u-bob", "owner").body("{\"autoIncidentDrafts\":false}").put("/api/notification-preferences/me").then()
                .statusCode(200).body("autoIncidentDrafts", equalTo(false));
        Api.as(org, "u-bob", "owner").get("/api/notification-preferences/me").then().body("autoIncidentDrafts", equalTo(false));

        UUID id = UUID.randomUUID();
        JsonObject draft = Events.incident(org, id, "SEV2", "draft", List.of("checkout-api")).put("autoDrafted", true)
                .put("title", "Investigating elevated errors on Checkout error rate").put("reference", "INC-2026-0007");
        Events.send("incident.auto_drafted", draft, new JsonObject().put("metric", "checkout-error-rate")
                .put("metricTitle", "Checkout error rate").put("value", 0.12).put("threshold", "> 5% over 5 min").put("score", 0.93)
                .put("publishUrl", PUBLISH).put("dismissUrl", DISMISS).put("linksExpireAt", "2026-03-16T14:37:00Z"));

        await().atMost(Duration.ofSeconds(20)).until(() -> to(alice).size() == 1);
        Deliveries.awaitSettled(id, 1);
        assertThat(to(bob)).isEmpty();
        assertThat(to(carol)).isEmpty();

        MimeMessage message = to(alice).get(0);
        assertThat(message.getSubject()).isEqualTo("[Tocsin] Draft incident INC-2026-0007: Investigating elevated errors on"
                + " Checkout error rate");
        String html = part(message, "text/html");
        String text = part(message, "text/plain");
        assertThat(html).contains("Hello Alice,").contains(">Publish incident</a>").contains(">Dismiss draft</a>")
                .contains("href=\"" + PUBLISH + "\"").contains("href=\"" + DISMISS + "\"").contains("Checkout error rate")
                .contains("checkout-api").contains("&gt; 5% over 5 min");
        assertThat(text).contains("Publish incident: " + PUBLISH).contains("Dismiss draft: " + DISMISS)
                .contains("Metric: Checkout error rate = 0.12 (threshold > 5% over 5 min)");
        assertThat(Deliveries.of(id)).extracting(d -> d.get("destination").toString().substring(0, 6) + "/" + d.get("status"))
                .containsExactly("email:/delivered");
    }

    @Test
    void recipientsAreManagedByAdmins() {
        String org = Api.newOrg();
        String id = register(org, "dana-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com", "Dana", "u-dana", "owner");
        Api.admin(org).get("/api/recipients").then().statusCode(200).body("", hasSize(1)).body("[0].roles", equalTo(List.of("owner")));
        Api.admin(org).body("{\"email\":\"not-an-address\"}").post("/api/recipients").then().statusCode(400)
                .body("errors[0].field", equalTo("email"));
        Api.admin(org).body("{\"email\":\"x@example.com\",\"roles\":[\"king\"]}").post("/api/recipients").then().statusCode(400);
        Api.as(org, "u-resp", "responder").get("/api/recipients").then().statusCode(403);
        Api.admin(Api.newOrg()).delete("/api/recipients/" + id).then().statusCode(404);
        Api.admin(org).delete("/api/recipients/" + id).then().statusCode(204);
        Api.admin(org).get("/api/recipients").then().body("", hasSize(0));
    }

    private static String register(String org, String email, String name, String userId, String role) {
        return Api.admin(org).body("{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"userId\":\"" + userId
                + "\",\"roles\":[\"" + role + "\"]}").post("/api/recipients").then().statusCode(201).extract().path("id");
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(Fakes.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String part(MimeMessage message, String type) throws Exception {
        return find(message.getContent(), type);
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return GreenMailUtil.getBody(part).contains("=\r\n") || GreenMailUtil.getBody(part).contains("=3D")
                            ? (String) part.getContent() : (String) part.getContent();
                }
                String nested = find(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}

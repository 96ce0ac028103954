package io.tocsin.notifier.email;

import io.quarkus.qute.TemplateData;
import io.tocsin.notifier.events.IncidentEventData;
import io.vertx.core.json.JsonObject;

/**
 * The email about an auto-drafted incident, as data: stored with the delivery and rendered when
 * sent (HTML and text, with Publish incident and Dismiss draft buttons carrying the signed links).
 */
@TemplateData
public record DraftEmail(String to, String name, String reference, String title, String severity, String services,
        String metricTitle, String value, String threshold, String publishUrl, String dismissUrl, String linksExpireAt,
        String incidentUrl) {

    public static final String ACTION = "draft_email";

    public static JsonObject payload(IncidentEventData event, Recipient recipient, String publicUrl) {
        return new JsonObject()
                .put("to", recipient.email())
                .put("name", recipient.name())
                .put("reference", event.reference())
                .put("title", event.title())
                .put("severity", event.severity())
                .put("services", String.join(", ", event.services()))
                .put("metricTitle", event.changeText("metricTitle") != null ? event.changeText("metricTitle") : event.changeText("metric"))
                .put("value", event.changeText("value"))
                .put("threshold", event.changeText("threshold"))
                .put("publishUrl", event.changeText("publishUrl"))
                .put("dismissUrl", event.changeText("dismissUrl"))
                .put("linksExpireAt", event.changeText("linksExpireAt"))
                .put("incidentUrl", publicUrl.replaceAll("/+$", "") + "/api/incidents/" + event.incidentId());
    }

    public static DraftEmail of(JsonObject payload) {
        return new DraftEmail(payload.getString("to"), payload.getString("name"), payload.getString("reference"),
                payload.getString("title"), payload.getString("severity"), payload.getString("services"),
                payload.getString("metricTitle"), payload.getString("value"), payload.getString("threshold"),
                payload.getString("publishUrl"), payload.getString("dismissUrl"), payload.getString("linksExpireAt"),
                payload.getString("incidentUrl"));
    }

    public String subject() {
        return "[Tocsin] Draft incident" + (reference == null ? "" : " " + reference) + ": " + (title == null ? "" : title);
    }

    public String greeting() {
        return name == null || name.isBlank() ? "Hello," : "Hello " + name + ",";
    }
}

package io.tocsin.notifier.incidentio.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.notifier.support.Fakes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** incident.io's list of incidents ({@code GET /v2/incidents}) as WireMock plays it, per API token (one per test). */
final class IncidentIoFake {

    static final String LIST = "/incident-io/v2/incidents";

    private IncidentIoFake() {
    }

    /** The request for the page after {@code after} ({@code null}: the first page) made with {@code token}. */
    static MappingBuilder page(String token, String after) {
        MappingBuilder request = get(urlPathEqualTo(LIST)).withHeader("Authorization", equalTo("Bearer " + token))
                .withQueryParam("page_size", equalTo("2"));
        return after == null ? request.withQueryParam("after", absent()) : request.withQueryParam("after", equalTo(after));
    }

    /** A page body: the incidents and, unless it is the last page, the cursor of the next one. */
    static String body(String after, JsonObject... incidents) {
        JsonObject meta = new JsonObject().put("page_size", 2).put("total_record_count", 3);
        if (after != null) {
            meta.put("after", after);
        }
        return new JsonObject().put("incidents", new JsonArray(List.of((Object[]) incidents))).put("pagination_meta", meta)
                .encode();
    }

    /** Every list request made with {@code token}, oldest first. */
    static List<LoggedRequest> requests(String token) {
        return Fakes.http().findAll(getRequestedFor(urlPathEqualTo(LIST)).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    /** The {@code after} of each request made with {@code token} ("" for the first page). */
    static List<String> cursors(String token) {
        return requests(token).stream().map(r -> r.queryParameter("after").isPresent() ? r.queryParameter("after").firstValue() : "")
                .toList();
    }

    /** A small incident as incident.io lists it. */
    static JsonObject incident(String id, String name, String severity, String status, String category) {
        return new JsonObject().put("id", id).put("name", name).put("summary", "Summary of " + name)
                .put("reference", "INC-" + id.substring(id.length() - 3)).put("permalink", "https://app.incident.io/acme/incidents/" + id)
                .put("mode", "standard").put("visibility", "public")
                .put("created_at", "2026-03-15T09:20:31.801578Z").put("updated_at", "2026-03-15T11:05:47Z")
                .put("severity", new JsonObject().put("id", "01SEV" + severity).put("name", severity).put("rank", 2))
                .put("incident_status", new JsonObject().put("id", "01ST" + status).put("name", status).put("category", category))
                .put("custom_field_entries", new JsonArray()).put("incident_timestamp_values", new JsonArray());
    }

    /** The incident of the contract's example: custom fields of every kind and the timestamps analytics read. */
    static JsonObject detailed(String id) {
        JsonObject incident = incident(id, "Card payments declined for EU customers", "Major", "Closed", "closed")
                .put("summary", "Stripe webhooks timed out; ~30% of EU card payments were declined.");
        incident.put("custom_field_entries", new JsonArray()
                .add(field("Affected Teams", "multi_select", new JsonArray()
                        .add(option("Payments")).add(option("Checkout"))))
                .add(field("Detection Method", "single_select", new JsonArray().add(option("Alert"))))
                .add(field("Affected services", "multi_select", new JsonArray()
                        .add(new JsonObject().put("value_catalog_entry", new JsonObject().put("id", "01CAT1").put("name", "Payments")))
                        .add(new JsonObject().put("value_catalog_entry", new JsonObject().put("id", "01CAT2").put("name", "Checkout API")))))
                .add(field("Customers affected", "numeric", new JsonArray().add(new JsonObject().put("value_numeric", "1250"))))
                .add(field("Postmortem doc", "link", new JsonArray().add(new JsonObject().put("value_link", "https://docs.example.com/pm/412"))))
                .add(field("Root cause", "text", new JsonArray()))); // empty: left out
        incident.put("incident_timestamp_values", new JsonArray()
                .add(timestamp("Reported at", "2026-03-15T09:20:31.801578Z"))
                .add(timestamp("Impact started", "2026-03-15T09:12:00Z"))
                .add(timestamp("Accepted at", "2026-03-15T09:24:02Z"))
                .add(timestamp("Resolved at", "2026-03-15T11:05:47Z"))
                .add(new JsonObject().put("incident_timestamp", new JsonObject().put("id", "01TSX").put("name", "Closed at"))));
        return incident;
    }

    private static JsonObject field(String name, String type, JsonArray values) {
        return new JsonObject().put("custom_field", new JsonObject().put("id", "01CF" + name.hashCode()).put("name", name)
                .put("field_type", type)).put("values", values);
    }

    private static JsonObject option(String value) {
        return new JsonObject().put("value_option", new JsonObject().put("id", "01OPT" + value).put("value", value).put("sort_key", 10));
    }

    private static JsonObject timestamp(String name, String at) {
        return new JsonObject().put("incident_timestamp", new JsonObject().put("id", "01TS" + name.hashCode()).put("name", name)
                .put("rank", 1)).put("value", new JsonObject().put("value", at));
    }
}

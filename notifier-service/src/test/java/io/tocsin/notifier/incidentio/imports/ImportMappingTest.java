package io.tocsin.notifier.incidentio.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.contracts.commands.ImportIncident;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportMappingTest {

    @Test
    void anIncidentBecomesTheContractsCommand() {
        ImportIncident command = ImportMapping.command("acme", IncidentIoFake.detailed("01HQ3ZK5X7V9B2N4M6P8R0T412")).orElseThrow();

        assertThat(command.commandId()).isNull();
        assertThat(command.org()).isEqualTo("acme");
        assertThat(command.origin()).isEqualTo("incident_io");
        assertThat(command.externalId()).isEqualTo("01HQ3ZK5X7V9B2N4M6P8R0T412");
        assertThat(command.name()).isEqualTo("Card payments declined for EU customers");
        assertThat(command.summary()).isEqualTo("Stripe webhooks timed out; ~30% of EU card payments were declined.");
        assertThat(command.severity()).isEqualTo("SEV2");
        assertThat(command.status()).isEqualTo("resolved");
        assertThat(command.customFields()).containsExactly(
                Map.entry("Affected Teams", List.of("Payments", "Checkout")),
                Map.entry("Detection Method", "Alert"),
                Map.entry("Affected services", List.of("Payments", "Checkout API")),
                Map.entry("Customers affected", new BigDecimal("1250")),
                Map.entry("Postmortem doc", "https://docs.example.com/pm/412"));
        assertThat(command.services()).containsExactly("Payments", "Checkout API");
        assertThat(command.declaredAt()).isEqualTo(Instant.parse("2026-03-15T09:20:31.801578Z"));
        assertThat(command.impactStartedAt()).isEqualTo(Instant.parse("2026-03-15T09:12:00Z"));
        assertThat(command.acknowledgedAt()).isEqualTo(Instant.parse("2026-03-15T09:24:02Z"));
        assertThat(command.resolvedAt()).isEqualTo(Instant.parse("2026-03-15T11:05:47Z"));
        assertThat(command.url()).isEqualTo("https://app.incident.io/acme/incidents/01HQ3ZK5X7V9B2N4M6P8R0T412");
    }

    @Test
    void severitiesMapByNameOrNumber() {
        assertThat(severity("Critical")).isEqualTo("SEV1");
        assertThat(severity("major")).isEqualTo("SEV2");
        assertThat(severity("Minor")).isEqualTo("SEV3");
        assertThat(severity("Low")).isEqualTo("SEV4");
        assertThat(severity("SEV 1")).isEqualTo("SEV1");
        assertThat(severity("Sev0 - all hands")).isEqualTo("SEV1");
        assertThat(severity("P3")).isEqualTo("SEV3");
        assertThat(severity("Something else")).isEqualTo("SEV4");
        assertThat(ImportMapping.severity(null)).isEqualTo("SEV4");
    }

    @Test
    void statusesMapByCategory() {
        assertThat(status("Triage", "triage")).isEqualTo("declared");
        assertThat(status("Investigating", "live")).isEqualTo("investigating");
        assertThat(status("Monitoring", "live")).isEqualTo("mitigated");
        assertThat(status("Paused", "paused")).isEqualTo("investigating");
        assertThat(status("Documenting", "learning")).isEqualTo("resolved");
        assertThat(status("Closed", "closed")).isEqualTo("resolved");
        assertThat(status("Declined", "declined")).isEqualTo("dismissed");
        assertThat(status("Canceled", "canceled")).isEqualTo("dismissed");
        assertThat(status("Merged", "merged")).isEqualTo("dismissed");
    }

    @Test
    void aResolutionTimeIsSentOnlyForResolvedIncidentsAndIncompleteIncidentsAreSkipped() {
        JsonObject live = IncidentIoFake.detailed("01LIVE").put("incident_status",
                new JsonObject().put("name", "Investigating").put("category", "live"));
        assertThat(ImportMapping.command("acme", live).orElseThrow().resolvedAt()).isNull();
        assertThat(ImportMapping.command("acme", IncidentIoFake.detailed("01NOTIME").putNull("created_at"))).isEmpty();
        assertThat(ImportMapping.command("acme", IncidentIoFake.detailed("01NOID").putNull("id"))).isEmpty();
    }

    @Test
    void customFieldsAreCutToWhatIncidentServiceAccepts() {
        JsonArray entries = new JsonArray();
        for (int i = 0; i < 60; i++) {
            entries.add(new JsonObject().put("custom_field", new JsonObject().put("name", "Field " + i).put("field_type", "text"))
                    .put("values", new JsonArray().add(new JsonObject().put("value_text", "v".repeat(3000)))));
        }
        entries.add(0, new JsonObject().put("custom_field", new JsonObject().put("name", "n".repeat(101)))
                .put("values", new JsonArray().add(new JsonObject().put("value_text", "too long a name"))));
        Map<String, Object> fields = ImportMapping.customFields(entries);
        assertThat(fields).hasSize(50).doesNotContainKey("n".repeat(101));
        assertThat((String) fields.get("Field 0")).hasSize(2000);
    }

    private static String severity(String name) {
        return ImportMapping.severity(new JsonObject().put("name", name));
    }

    private static String status(String name, String category) {
        return ImportMapping.status(new JsonObject().put("name", name).put("category", category));
    }
}

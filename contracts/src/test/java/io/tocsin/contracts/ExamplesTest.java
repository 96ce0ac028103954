package io.tocsin.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.contracts.commands.ExpireDraft;
import io.tocsin.contracts.commands.ExternalChange;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.contracts.events.IncidentEvent;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.contracts.signals.MetricSignal;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JSON example parses, strictly, into its record and carries a consistent CloudEvent envelope. */
class ExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<Arguments> incidentExamples() {
        return Stream.of("incident.created", "incident.status_changed", "incident.severity_changed",
                "incident.commander_assigned", "incident.updated", "incident.timeline_entry_added",
                "incident.link_added", "incident.auto_published", "incident.auto_dismissed", "incident.update_overdue",
                "postmortem.created")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("incidentExamples")
    void incidentEventExampleMatchesTheRecords(String name) throws IOException {
        JsonNode example = read(name + ".json");
        JsonNode attributes = example.get("attributes");
        IncidentEvent event = JSON.treeToValue(example.get("data"), IncidentEvent.class);

        assertThat(IncidentEventType.fromCloudEventType(attributes.get(CloudEvents.TYPE).asText()).wireName())
                .isEqualTo(name);
        assertThat(attributes.get(CloudEvents.SPECVERSION).asText()).isEqualTo(CloudEvents.SPEC_VERSION);
        assertThat(attributes.get(CloudEvents.SOURCE).asText())
                .isEqualTo(CloudEvents.incidentSource(event.incident().org(), event.incident().id()));
        assertThat(attributes.get(CloudEvents.SUBJECT).asText()).isEqualTo(event.incident().id().toString());
        assertThat(attributes.get(CloudEvents.ORG).asText()).isEqualTo(event.incident().org());
        assertThat(event.incident().reference()).matches("INC-\\d{4}-\\d{4,}");
        assertThat(event.change()).isNotNull();
    }

    @Test
    void metricSignalExampleMatchesTheSpec() throws IOException {
        MetricSignal signal = JSON.treeToValue(read("metric-signal.json"), MetricSignal.class);

        assertThat(signal.status()).isEqualTo("unhealthy");
        assertThat(signal.score()).isBetween(0.0, 1.0);
        assertThat(signal.observedAt()).isNotNull();
        assertThat(signal.labels()).containsEntry("env", "production");
    }

    @Test
    void commandExamplesMatchTheRecords() throws IOException {
        JsonNode draft = read("command.draft_incident.json");
        DraftIncident command = JSON.treeToValue(draft.get("data"), DraftIncident.class);
        assertThat(draft.get("attributes").get(CloudEvents.TYPE).asText()).isEqualTo(CommandType.DRAFT_INCIDENT.cloudEventType());
        assertThat(draft.get("attributes").get(CloudEvents.ID).asText()).isEqualTo(command.commandId());
        assertThat(command.services()).containsExactly("checkout-api");
        assertThat(command.unhealthySince()).isBefore(command.observedAt());

        JsonNode expire = read("command.expire_draft.json");
        ExpireDraft expiry = JSON.treeToValue(expire.get("data"), ExpireDraft.class);
        assertThat(expire.get("attributes").get(CloudEvents.TYPE).asText()).isEqualTo(CommandType.EXPIRE_DRAFT.cloudEventType());
        assertThat(expiry.incidentId()).isNotNull();

        JsonNode ack = read("command.external_acknowledged.json");
        ExternalChange change = JSON.treeToValue(ack.get("data"), ExternalChange.class);
        assertThat(ack.get("attributes").get(CloudEvents.TYPE).asText())
                .isEqualTo(CommandType.EXTERNAL_ACKNOWLEDGED.cloudEventType());
        assertThat(change.origin()).isEqualTo("pagerduty");
        assertThat(change.by().name()).isEqualTo("Alice Oncall");

        JsonNode imported = read("command.import_incident.json");
        ImportIncident importCommand = JSON.treeToValue(imported.get("data"), ImportIncident.class);
        assertThat(imported.get("attributes").get(CloudEvents.TYPE).asText())
                .isEqualTo(CommandType.IMPORT_INCIDENT.cloudEventType());
        assertThat(imported.get("attributes").get(CloudEvents.ID).asText()).isEqualTo(importCommand.commandId());
        assertThat(importCommand.origin()).isEqualTo("incident_io");
        assertThat(importCommand.severity()).matches("SEV[1-4]");
        assertThat(importCommand.customFields()).containsEntry("Affected Teams", List.of("Payments", "Checkout"));
        assertThat(importCommand.declaredAt()).isAfter(importCommand.impactStartedAt()).isBefore(importCommand.acknowledgedAt());
        assertThat(importCommand.resolvedAt()).isAfter(importCommand.acknowledgedAt());
    }

    @Test
    void postmortemAndCadenceExamplesCarryTheirChange() throws IOException {
        IncidentEvent created = JSON.treeToValue(read("postmortem.created.json").get("data"), IncidentEvent.class);
        assertThat(created.incident().status()).isEqualTo("resolved");
        assertThat(created.change()).containsKey("postmortem");

        IncidentEvent overdue = JSON.treeToValue(read("incident.update_overdue.json").get("data"), IncidentEvent.class);
        assertThat(overdue.incident().severity()).isIn("SEV1", "SEV2");
        assertThat(overdue.change()).containsKeys("lastUpdateAt", "overdueSince", "cadenceMinutes");
    }

    @Test
    void everyEventTypeHasTheTocsinPrefix() {
        for (IncidentEventType type : IncidentEventType.values()) {
            assertThat(type.cloudEventType()).isEqualTo("io.tocsin." + type.wireName());
            assertThat(IncidentEventType.fromCloudEventType(type.cloudEventType())).isEqualTo(type);
        }
    }

    private static JsonNode read(String file) throws IOException {
        try (InputStream in = ExamplesTest.class.getResourceAsStream("/examples/" + file)) {
            assertThat(in).as(file).isNotNull();
            return JSON.readTree(in);
        }
    }
}

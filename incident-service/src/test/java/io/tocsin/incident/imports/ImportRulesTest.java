package io.tocsin.incident.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRules;
import io.tocsin.incident.lifecycle.IncidentRules.Change;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.incident.lifecycle.Severity;
import io.tocsin.incident.lifecycle.SourceKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an import does to an incident, without I/O. */
class ImportRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-16T02:00:00Z");

    @Test
    void serviceNamesBecomeSlugs() {
        assertThat(IncidentRules.importedServices(Arrays.asList("Payments API", "payments-api", "  Check_out!! ", "---", null,
                "x".repeat(70)))).containsExactly("payments-api", "check-out", "x".repeat(63));
        assertThat(IncidentRules.importedServices(null)).isEmpty();
    }

    @Test
    void aFirstImportIsStoredAsItIsThere() {
        Change change = IncidentRules.imported(command("resolved", "2026-03-15T11:05:47Z"), Severity.SEV2, IncidentStatus.RESOLVED,
                UUID.randomUUID(), "INC-2026-0007", NOW);
        Incident incident = change.after();
        assertThat(incident.sourceKind()).isEqualTo(SourceKind.INCIDENT_IO);
        assertThat(incident.sourceExternalId()).isEqualTo("01HQ");
        assertThat(incident.declaredAt()).isEqualTo(Instant.parse("2026-03-15T09:20:31Z"));
        assertThat(incident.resolvedAt()).isEqualTo(Instant.parse("2026-03-15T11:05:47Z"));
        assertThat(incident.createdAt()).isEqualTo(NOW);
        assertThat(incident.commanderId()).isNull();
        assertThat(change.events()).extracting(e -> e.type().wireName()).containsExactly("incident.created");
        assertThat(change.events().get(0).change()).containsEntry("origin", "incident_io");
    }

    @Test
    void aReimportChangesOnlyWhatChangedThere() {
        Incident current = IncidentRules.imported(command("investigating", null), Severity.SEV2, IncidentStatus.INVESTIGATING,
                UUID.randomUUID(), "INC-2026-0007", NOW).after();
        assertThat(IncidentRules.reimported(current, command("investigating", null), Severity.SEV2, IncidentStatus.INVESTIGATING,
                NOW.plusSeconds(60)).isEmpty()).isTrue();
        // a resolvedAt without the resolved status is not kept
        assertThat(IncidentRules.reimported(current, command("investigating", "2026-03-15T11:05:47Z"), Severity.SEV2,
                IncidentStatus.INVESTIGATING, NOW.plusSeconds(60)).isEmpty()).isTrue();

        Change change = IncidentRules.reimported(current, command("resolved", "2026-03-15T11:05:47Z"), Severity.SEV1,
                IncidentStatus.RESOLVED, NOW.plusSeconds(60));
        assertThat(change.after().version()).isEqualTo(2);
        assertThat(change.events()).extracting(e -> e.type().wireName())
                .containsExactly("incident.status_changed", "incident.severity_changed", "incident.updated");
        assertThat(change.events().get(2).change()).containsEntry("fields", List.of("resolvedAt"));
        assertThat(change.notes().get(0).message())
                .isEqualTo("Updated from incident.io: status investigating → resolved, severity SEV2 → SEV1, resolvedAt.");
    }

    private static ImportIncident command(String status, String resolvedAt) {
        return new ImportIncident("c-1", "acme", "incident_io", "01HQ", "Card payments declined", "Summary", "SEV2", status,
                List.of("payments"), Map.of("Affected Teams", List.of("Payments")), Instant.parse("2026-03-15T09:12:00Z"),
                Instant.parse("2026-03-15T09:20:31Z"), Instant.parse("2026-03-15T09:24:02Z"),
                resolvedAt == null ? null : Instant.parse(resolvedAt), "https://app.incident.io/acme/incidents/412");
    }
}

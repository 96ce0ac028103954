package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.lifecycle.IncidentStatus.DECLARED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DISMISSED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DRAFT;
import static io.tocsin.incident.lifecycle.IncidentStatus.INVESTIGATING;
import static io.tocsin.incident.lifecycle.IncidentStatus.MITIGATED;
import static io.tocsin.incident.lifecycle.IncidentStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.platform.problem.ProblemException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state machine and the list helpers, without a database. */
class LifecycleTest {

    @Test
    void onlyTheDocumentedMovesAreAllowed() {
        Set<String> allowed = Set.of("declared>investigating", "declared>mitigated", "declared>resolved",
                "investigating>mitigated", "investigating>resolved", "mitigated>resolved", "mitigated>investigating",
                "resolved>investigating");
        for (IncidentStatus from : IncidentStatus.values()) {
            for (IncidentStatus to : IncidentStatus.values()) {
                assertThat(Lifecycle.canMove(from, to)).as(from + ">" + to).isEqualTo(allowed.contains(from + ">" + to));
            }
        }
        assertThat(EnumSet.allOf(IncidentStatus.class)).filteredOn(Lifecycle::canPublish).containsExactly(DRAFT);
        assertThat(EnumSet.allOf(IncidentStatus.class)).filteredOn(Lifecycle::canDismiss).containsExactly(DRAFT);
        assertThat(Lifecycle.isReopen(RESOLVED, INVESTIGATING)).isTrue();
        assertThat(Lifecycle.isReopen(MITIGATED, INVESTIGATING)).isTrue();
        assertThat(Lifecycle.isReopen(DECLARED, INVESTIGATING)).isFalse();
        assertThat(DISMISSED.isOpen()).isFalse();
        assertThat(RESOLVED.isOpen()).isFalse();
        assertThat(DRAFT.isOpen()).isTrue();
    }

    @Test
    void titleSearchRequiresEveryWordAsAPrefix() {
        assertThat(TitleSearch.toTsQuery("Checkout  ERR!")).isEqualTo("checkout:* & err:*");
        assertThat(TitleSearch.toTsQuery("'; drop table --")).isEqualTo("drop:* & table:*");
        assertThat(TitleSearch.toTsQuery("  !!! ")).isNull();
        assertThat(TitleSearch.toTsQuery(null)).isNull();
    }

    @Test
    void cursorsRoundTripAndForgeriesAreRejected() {
        ListCursor cursor = new ListCursor(Instant.parse("2026-03-15T14:32:10.123456Z"), UUID.randomUUID());
        assertThat(ListCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThatThrownBy(() -> ListCursor.decode("bm9wZQ")).isInstanceOf(ProblemException.class);
    }

    @Test
    void ifMatchAcceptsStrongWeakAndBareVersions() {
        assertThat(IncidentResource.ifMatchVersion("\"3\"")).isEqualTo(3);
        assertThat(IncidentResource.ifMatchVersion("W/\"4\"")).isEqualTo(4);
        assertThat(IncidentResource.ifMatchVersion("5")).isEqualTo(5);
        assertThatThrownBy(() -> IncidentResource.ifMatchVersion(null)).isInstanceOf(ProblemException.class)
                .matches(e -> ((ProblemException) e).status() == 428);
    }
}

package io.tocsin.autodraft.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import io.tocsin.autodraft.catalogue.Policy;
import io.tocsin.autodraft.scheduling.DraftRules.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftRulesTest {

    static final Instant T = Instant.parse("2026-03-15T14:32:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    static Metric flipped(Policy policy, Instant lastDraft, Instant lastDismissal) {
        Metric m = new Metric("o", "m", "M", List.of("svc"), null, policy, 300, MetricSeverity.MAJOR, Health.HEALTHY, null, null,
                null, 4, null, null, lastDraft, lastDraft, lastDismissal, T, T);
        return m.transitioned(Health.UNHEALTHY, 1.0, T, null, null, T);
    }

    @Test
    void eachPolicyOnAFlip() {
        assertThat(DraftRules.onFlip(flipped(Policy.OFF, null, null), T, HOUR).kind()).isEqualTo(Kind.NOTHING);
        assertThat(DraftRules.onFlip(flipped(Policy.IMMEDIATE, null, null), T, HOUR).kind()).isEqualTo(Kind.REQUEST);
        var dwell = DraftRules.onFlip(flipped(Policy.DWELL, null, null), T, HOUR);
        assertThat(dwell.kind()).isEqualTo(Kind.SCHEDULE);
        assertThat(dwell.dueAt()).isEqualTo(T.plusSeconds(300));
    }

    @Test
    void aDueCheckRequestsOnlyInItsOwnFlip() {
        Metric m = flipped(Policy.DWELL, null, null);
        assertThat(DraftRules.onDwellDue(m, m.transitionSeq(), T.plusSeconds(300), HOUR).kind()).isEqualTo(Kind.REQUEST);
        assertThat(DraftRules.onDwellDue(m, m.transitionSeq() - 2, T.plusSeconds(300), HOUR).kind()).isEqualTo(Kind.NOTHING);
        Metric recovered = m.transitioned(Health.HEALTHY, 0.0, T.plusSeconds(10), null, null, T);
        assertThat(DraftRules.onDwellDue(recovered, m.transitionSeq(), T.plusSeconds(300), HOUR).kind()).isEqualTo(Kind.NOTHING);
        Metric off = new Metric("o", "m", "M", List.of(), null, Policy.OFF, 300, MetricSeverity.MAJOR, m.health(), null,
                m.unhealthySince(), m.lastTransitionAt(), m.transitionSeq(), null, null, null, null, null, T, T);
        assertThat(DraftRules.onDwellDue(off, m.transitionSeq(), T.plusSeconds(300), HOUR).kind()).isEqualTo(Kind.NOTHING);
    }

    @Test
    void theCooldownAfterADraftAndAfterADismissal() {
        var afterDraft = DraftRules.onFlip(flipped(Policy.IMMEDIATE, T.minus(Duration.ofMinutes(59)), null), T, HOUR);
        assertThat(afterDraft.kind()).isEqualTo(Kind.SKIP);
        assertThat(afterDraft.skipReason()).isEqualTo(DraftRules.RECENT_DRAFT);
        assertThat(afterDraft.since()).isEqualTo(T.minus(Duration.ofMinutes(59)));
        var afterDismissal = DraftRules.onFlip(flipped(Policy.IMMEDIATE, T.minus(Duration.ofHours(3)),
                T.minus(Duration.ofMinutes(5))), T, HOUR);
        assertThat(afterDismissal.skipReason()).isEqualTo(DraftRules.RECENT_DISMISSAL);
        assertThat(DraftRules.onFlip(flipped(Policy.IMMEDIATE, T.minus(Duration.ofMinutes(61)), T.minus(HOUR)), T, HOUR).kind())
                .isEqualTo(Kind.REQUEST);
    }
}

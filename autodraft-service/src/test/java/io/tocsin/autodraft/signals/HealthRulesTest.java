package io.tocsin.autodraft.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthRulesTest {

    static final Instant T = Instant.parse("2026-03-15T14:32:00Z");

    @ParameterizedTest(name = "score {0} → {1}")
    @CsvSource({"1.0, critical", "0.8, critical", "0.79, major", "0.6, major", "0.59, minor", "0.4, minor", "0.39, ", "0, "})
    void scoresMapToSeverities(double score, String severity) {
        assertThat(HealthRules.severityOfScore(score)).isEqualTo(severity == null ? null : MetricSeverity.fromWire(severity));
    }

    @Test
    void anUnhealthyReportWithALowScoreCountsAsHealthy() {
        assertThat(HealthRules.reported(SignalStatus.UNHEALTHY, 0.39)).isEqualTo(Health.HEALTHY);
        assertThat(HealthRules.reported(SignalStatus.UNHEALTHY, 0.4)).isEqualTo(Health.UNHEALTHY);
        assertThat(HealthRules.reported(SignalStatus.UNHEALTHY, null)).isEqualTo(Health.UNHEALTHY);
        assertThat(HealthRules.reported(SignalStatus.HEALTHY, 0.95)).isEqualTo(Health.HEALTHY);
    }

    @Test
    void anExplicitSeverityWinsOverTheScore() {
        Signal labelled = new Signal("s", "o", "m", SignalStatus.UNHEALTHY, null, null, T, null, 0.95, MetricSeverity.MINOR,
                SignalSource.ALERTMANAGER);
        assertThat(HealthRules.severityOf(labelled)).isEqualTo(MetricSeverity.MINOR);
    }

    @Test
    void staleUnchangedAndTransitions() {
        Metric fresh = Metric.registered("o", "m", List.of(), null, T);
        assertThat(HealthRules.assess(fresh, Health.HEALTHY, T)).isEqualTo(SignalOutcome.TRANSITION);
        Metric unhealthy = fresh.transitioned(Health.UNHEALTHY, 1.0, T, null, null, T);
        assertThat(unhealthy.transitionSeq()).isEqualTo(1);
        assertThat(unhealthy.unhealthySince()).isEqualTo(T);
        assertThat(HealthRules.assess(unhealthy, Health.UNHEALTHY, T.plusSeconds(5))).isEqualTo(SignalOutcome.UNCHANGED);
        assertThat(HealthRules.assess(unhealthy, Health.HEALTHY, T.minusMillis(1))).isEqualTo(SignalOutcome.STALE);
        assertThat(HealthRules.assess(unhealthy, Health.UNHEALTHY, T.minusMillis(1))).isEqualTo(SignalOutcome.STALE);
        assertThat(HealthRules.assess(unhealthy, Health.HEALTHY, T)).isEqualTo(SignalOutcome.TRANSITION);
        Metric recovered = unhealthy.transitioned(Health.HEALTHY, 0.0, T.plusSeconds(9), null, null, T);
        assertThat(recovered.unhealthySince()).isNull();
        assertThat(recovered.flipSeverity()).isNull();
    }
}

package io.tocsin.autodraft.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import io.tocsin.autodraft.signals.Signal;
import io.tocsin.autodraft.signals.SignalStatus;
import io.tocsin.platform.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertmanagerWebhookTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<Signal> read(String alerts) throws Exception {
        return AlertmanagerWebhook.signals(JSON.readTree("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + alerts + "]}"),
                "acme");
    }

    @Test
    void oneSignalPerMetricFiringWinsAndIdsComeFromTheAlert() throws Exception {
        List<Signal> signals = read("{\"status\":\"resolved\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"api\"},"
                + "\"startsAt\":\"2026-03-15T14:00:00Z\",\"endsAt\":\"2026-03-15T14:20:00Z\",\"fingerprint\":\"f1\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"severity\":\"major\"},"
                + "\"startsAt\":\"2026-03-15T14:10:00+01:00\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"f2\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"severity\":\"critical\"},"
                + "\"startsAt\":\"2026-03-15T13:00:00Z\",\"fingerprint\":\"f3\"},"
                + "{\"status\":\"resolved\",\"labels\":{\"tocsin_metric\":\"disk\",\"alertname\":\"DiskFull\"},"
                + "\"startsAt\":\"2026-03-15T14:00:00Z\",\"endsAt\":\"2026-03-15T14:05:00Z\",\"fingerprint\":\"f4\"}");
        assertThat(signals).hasSize(2);
        Signal latency = signals.get(0);
        assertThat(latency.metric()).isEqualTo("high-latency");
        assertThat(latency.status()).isEqualTo(SignalStatus.UNHEALTHY);
        assertThat(latency.id()).isEqualTo("am:f2:firing:2026-03-15T13:10:00Z");
        assertThat(latency.observedAt()).isEqualTo(Instant.parse("2026-03-15T13:10:00Z"));
        assertThat(latency.severity()).isEqualTo(MetricSeverity.CRITICAL);
        Signal disk = signals.get(1);
        assertThat(disk.metric()).isEqualTo("disk");
        assertThat(disk.status()).isEqualTo(SignalStatus.HEALTHY);
        assertThat(disk.id()).isEqualTo("am:f4:resolved:2026-03-15T14:05:00Z");
    }

    @Test
    void aMissingFingerprintIsDerivedFromTheLabels() throws Exception {
        String alert = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"b\":\"1\"},\"startsAt\":\"2026-03-15T14:00:00Z\"}";
        assertThat(read(alert).get(0).id()).isEqualTo(read(alert).get(0).id()).startsWith("am:");
        assertThat(read(alert).get(0).id()).isNotEqualTo(read(alert.replace("\"1\"", "\"2\"")).get(0).id());
    }

    @Test
    void everyProblemIsNamed() {
        assertThatThrownBy(() -> read("{\"status\":\"x\",\"labels\":{},\"startsAt\":\"no\"}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).extracting(f -> f.field())
                        .containsExactly("alerts[0].status", "alerts[0].labels", "alerts[0].startsAt"));
    }
}

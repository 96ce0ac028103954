package io.tocsin.autodraft.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.autodraft.catalogue.MetricSeverity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PagerDutyEventTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static PagerDutyEvent parse(String json) throws Exception {
        return PagerDutyEvent.parse(JSON.readTree(json));
    }

    @Test
    void aDocumentedTriggerIsRead() throws Exception {
        PagerDutyEvent event = parse("{\"payload\":{\"summary\":\"DISK at 99% on machine prod-datapipe03.example.com\","
                + "\"timestamp\":\"2015-07-17T08:42:58.315+0000\",\"severity\":\"critical\",\"source\":\"prod-datapipe03\","
                + "\"component\":\"mysql\",\"group\":\"prod-datapipe\",\"class\":\"disk\",\"custom_details\":{\"free space\":\"1%\"}},"
                + "\"routing_key\":\"samplekeyhere\",\"dedup_key\":\"samplekeyhere\",\"event_action\":\"trigger\","
                + "\"client\":\"Sample Monitoring Service\",\"client_url\":\"https://monitoring.example.com\"}");
        assertThat(event.action()).isEqualTo(PagerDutyEvent.Action.TRIGGER);
        assertThat(event.dedupKey()).isEqualTo("samplekeyhere");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2015-07-17T08:42:58.315Z"));
        assertThat(event.metricSeverity()).isEqualTo(MetricSeverity.CRITICAL);
    }

    @Test
    void severitiesMapToOurs() throws Exception {
        String base = "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"s\",\"severity\":\"";
        assertThat(parse(base + "error\"}}").metricSeverity()).isEqualTo(MetricSeverity.MAJOR);
        assertThat(parse(base + "warning\"}}").metricSeverity()).isEqualTo(MetricSeverity.MINOR);
        assertThat(parse(base + "info\"}}").metricSeverity()).isEqualTo(MetricSeverity.MINOR);
    }

    @Test
    void allErrorsAreReportedOnce() {
        assertThatThrownBy(() -> parse("{\"routing_key\":5,\"event_action\":\"trigger\",\"dedup_key\":\"" + "x".repeat(256)
                + "\",\"payload\":{\"summary\":\"\",\"severity\":\"fatal\"}}"))
                .isInstanceOfSatisfying(PagerDutyEvent.Invalid.class, e -> assertThat(e.errors()).containsExactly(
                        "'routing_key' must be a string", "'dedup_key' must be at most 255 characters",
                        "'payload.summary' is missing or blank", "'payload.source' is missing or blank",
                        "'payload.severity' must be one of critical, error, warning, info"));
    }
}

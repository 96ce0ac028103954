package io.tocsin.notifier.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final byte[] BODY = "{\"event\":{\"id\":\"1\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anyOfSeveralSignaturesMayVerifyWithAnyOfSeveralSecrets() {
        String header = "v1=" + "ab".repeat(32) + ", " + WebhookSignature.sign("second", BODY).toUpperCase().replace("V1=", "v1=");
        assertThat(WebhookSignature.verifyingSecret(BODY, header, List.of("first", "second"))).isEqualTo("second");
    }

    @Test
    void aWrongSecretATamperedBodyOrAMissingHeaderDoNotVerify() {
        String header = WebhookSignature.sign("secret", BODY);
        assertThat(WebhookSignature.verifyingSecret(BODY, header, List.of("other"))).isNull();
        assertThat(WebhookSignature.verifyingSecret("{}".getBytes(StandardCharsets.UTF_8), header, List.of("secret"))).isNull();
        assertThat(WebhookSignature.verifyingSecret(BODY, null, List.of("secret"))).isNull();
        assertThat(WebhookSignature.verifyingSecret(BODY, "v0=" + header.substring(3), List.of("secret"))).isNull();
        assertThat(WebhookSignature.verifyingSecret(BODY, "v1=zz", List.of("secret"))).isNull();
    }

    @Test
    void theIncidentKeyNamesTheTocsinIncident() {
        assertThat(PagerDutyWebhookEvent.tocsinIncident("tocsin-6f1c2a8e-3b7d-4c1e-9a55-0d2f4b8e1c77"))
                .hasToString("6f1c2a8e-3b7d-4c1e-9a55-0d2f4b8e1c77");
        assertThat(PagerDutyWebhookEvent.tocsinIncident("d3640fbd41094207a1c11e58e46b1662")).isNull();
        assertThat(PagerDutyWebhookEvent.tocsinIncident("tocsin-nope")).isNull();
        assertThat(PagerDutyWebhookEvent.read("not json")).isEmpty();
        assertThat(PagerDutyWebhookEvent.read("{\"event\":{}}")).isEmpty();
    }
}

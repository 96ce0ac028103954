package io.tocsin.notifier.pagerduty;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tocsin.notifier.secrets.SecretBox;
import java.time.Instant;
import java.util.List;

/** The PagerDuty configuration as the API shows it: secrets reduced to their last 4 characters. */
public record PagerDutyConfigView(boolean enabled, List<Rule> routingRules, String serviceKey, String minimumSeverity,
        List<String> webhookSecrets, String apiToken, String eventsUrl, boolean stored, String updatedBy, Instant updatedAt) {

    /** A routing rule with its key masked. */
    public record Rule(@JsonProperty("service_pattern") String servicePattern, @JsonProperty("service_key") String serviceKey) {
    }

    static PagerDutyConfigView of(PagerDutyConfig config, String eventsUrl, String updatedBy, Instant updatedAt) {
        return new PagerDutyConfigView(config.enabled(),
                config.routingRules().stream().map(r -> new Rule(r.servicePattern(), SecretBox.mask(r.serviceKey()))).toList(),
                SecretBox.mask(config.serviceKey()), config.minimumSeverity(),
                config.webhookSecrets().stream().map(SecretBox::mask).toList(), SecretBox.mask(config.apiToken()), eventsUrl,
                config.stored(), updatedBy, updatedAt);
    }
}

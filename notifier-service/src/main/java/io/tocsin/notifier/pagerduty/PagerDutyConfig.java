package io.tocsin.notifier.pagerduty;

import java.util.List;

/**
 * An organisation's effective PagerDuty configuration: what it stored, completed from the
 * environment. Secrets are in the clear here; they never leave the service except towards PagerDuty.
 */
public record PagerDutyConfig(boolean enabled, List<RoutingRule> routingRules, String serviceKey, String minimumSeverity,
        List<String> webhookSecrets, String apiToken, boolean stored) {

    public static final String DEFAULT_MINIMUM = "SEV2";

    /** A configuration and the organisation it belongs to. */
    public record Owned(String org, PagerDutyConfig config) {
    }

    /** Whether anything can be paged at all. */
    public boolean canPage() {
        return enabled && (!routingRules.isEmpty() || (serviceKey != null && !serviceKey.isBlank()));
    }
}

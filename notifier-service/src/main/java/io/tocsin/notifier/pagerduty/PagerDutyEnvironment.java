package io.tocsin.notifier.pagerduty;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * PagerDuty settings from the environment: the base URLs, and fallbacks for organisations whose
 * stored configuration leaves a field unset (the usual single-organisation install).
 */
@ConfigMapping(prefix = "tocsin.pagerduty")
public interface PagerDutyEnvironment {

    /** Events API v2 base URL. Env: PAGERDUTY_EVENTS_URL. */
    @WithDefault("https://events.pagerduty.com")
    String eventsUrl();

    /** REST API base URL (kept for API-token features). Env: PAGERDUTY_API_URL. */
    @WithDefault("https://api.pagerduty.com")
    String apiUrl();

    /** REST API token. Env: PAGERDUTY_API_TOKEN. */
    Optional<String> apiToken();

    /** Events API v2 integration key used when no routing rule matches. Env: PAGERDUTY_SERVICE_KEY. */
    Optional<String> serviceKey();

    /** Routing rules as JSON: {@code [{"service_pattern":"payment-*","service_key":"…"}]}. Env: PAGERDUTY_ROUTING_RULES. */
    Optional<String> routingRules();
}

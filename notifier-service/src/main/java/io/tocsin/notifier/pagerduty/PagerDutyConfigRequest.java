package io.tocsin.notifier.pagerduty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/integrations/pagerduty}. Secret fields left out (null) keep their stored
 * value, since reads only ever show their last 4 characters; an empty string or list clears them.
 */
public record PagerDutyConfigRequest(
        Boolean enabled,
        @Size(max = 100) List<@Valid @NotNull RoutingRule> routingRules,
        @Size(max = 200) String serviceKey,
        @Pattern(regexp = "SEV[1-4]", message = "must be one of SEV1, SEV2, SEV3, SEV4") String minimumSeverity,
        @Size(max = 10) List<@NotBlank @Size(max = 200) String> webhookSecrets,
        @Size(max = 200) String apiToken) {
}

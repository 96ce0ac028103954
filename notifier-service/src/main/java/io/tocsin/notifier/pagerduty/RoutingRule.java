package io.tocsin.notifier.pagerduty;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A routing rule: incidents on a service matching the glob {@code servicePattern} page {@code serviceKey}. */
public record RoutingRule(
        @JsonProperty("service_pattern") @NotBlank @Size(max = 200) String servicePattern,
        @JsonProperty("service_key") @NotBlank @Size(max = 200) String serviceKey) {
}

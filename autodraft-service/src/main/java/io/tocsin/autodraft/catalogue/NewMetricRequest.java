package io.tocsin.autodraft.catalogue;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/metrics}; policy defaults to off, dwell to 300 s, severity to major. */
public record NewMetricRequest(
        @NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
        @NotBlank @Size(max = 200) String title,
        @Size(max = 50) List<@NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String> services,
        @Size(max = 200) String threshold,
        Policy policy,
        @Min(value = 60, message = "must be between 60 and 3600") @Max(value = 3600, message = "must be between 60 and 3600") Integer dwellSeconds,
        MetricSeverity severity) {

    public MetricSettings settings() {
        return new MetricSettings(title, services, threshold, policy, dwellSeconds, severity);
    }
}

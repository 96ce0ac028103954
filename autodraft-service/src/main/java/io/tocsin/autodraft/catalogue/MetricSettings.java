package io.tocsin.autodraft.catalogue;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;

/** Body of {@code PUT /api/metrics/{slug}}: the whole configuration (absent fields take their defaults). */
public record MetricSettings(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 50) List<@NotNull @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String> services,
        @Size(max = 200) String threshold,
        Policy policy,
        @Min(value = 60, message = "must be between 60 and 3600") @Max(value = 3600, message = "must be between 60 and 3600") Integer dwellSeconds,
        MetricSeverity severity) {

    public Policy policyOrDefault() {
        return policy == null ? Policy.OFF : policy;
    }

    public int dwellSecondsOrDefault() {
        return dwellSeconds == null ? Metric.DEFAULT_DWELL_SECONDS : dwellSeconds;
    }

    public MetricSeverity severityOrDefault() {
        return severity == null ? Metric.DEFAULT_SEVERITY : severity;
    }

    public List<String> servicesOrEmpty() {
        return services == null ? List.of() : List.copyOf(new LinkedHashSet<>(services));
    }

    public String titleStripped() {
        return title.strip();
    }
}

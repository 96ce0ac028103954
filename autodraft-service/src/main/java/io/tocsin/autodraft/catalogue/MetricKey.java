package io.tocsin.autodraft.catalogue;

/** Names a metric across organisations: its organisation and slug. */
public record MetricKey(String org, String slug) {

    public static MetricKey of(Metric metric) {
        return new MetricKey(metric.org(), metric.slug());
    }
}

package io.tocsin.autodraft.catalogue;

/** Optional filters of the metric list; null means any. */
public record MetricFilter(Health health, Policy policy, String service) {
}

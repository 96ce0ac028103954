package io.tocsin.notifier.deliveries;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus meters of the delivery engine: {@code tocsin_notifier_deliveries_total{destination, outcome}}
 * (destination = kind; outcome delivered|retried|failed), {@code tocsin_notifier_deliveries_pending} and
 * {@code tocsin_notifier_delivery_lag_seconds} (how long the oldest due delivery has been waiting).
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tocsin.notifier.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries not yet delivered nor failed").register(registry);
        Gauge.builder("tocsin.notifier.delivery.lag.seconds", lagMillis, v -> v.get() / 1000.0)
                .description("How long the oldest due delivery has been waiting to be sent").register(registry);
    }

    public void outcome(String kind, String outcome) {
        registry.counter("tocsin.notifier.deliveries", "destination", kind, "outcome", outcome).increment();
    }

    void backlog(DeliveryRepository.Backlog backlog) {
        pending.set(backlog.pending());
        lagMillis.set(Math.round(backlog.lagSeconds() * 1000));
    }
}

package io.tocsin.notifier.deliveries;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** What operators see of the delivery engine, and their manual retry. */
@ApplicationScoped
public class DeliveryService {

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public DeliveryService(Pool pool, DeliveryRepository deliveries, Dispatcher dispatcher, Clock clock) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public Uni<Page<DeliveryView>> list(String org, DeliveryFilter filter, String cursor, int limit) {
        Long before = cursor == null || cursor.isBlank() ? null : decode(cursor);
        return deliveries.page(pool, org, filter, before, limit).map(rows -> {
            boolean more = rows.size() > limit;
            List<Delivery> page = more ? rows.subList(0, limit) : rows;
            String next = more ? encode(page.get(page.size() - 1).position()) : null;
            return new Page<>(page.stream().map(DeliveryView::of).toList(), next);
        });
    }

    /** Makes a failed (or waiting) delivery due now with a fresh retry window; 409 for one already delivered. */
    public Uni<DeliveryView> retry(String org, UUID id) {
        return deliveries.retryNow(pool, org, id, Db.micros(clock.instant())).flatMap(retried -> {
            if (retried.isPresent()) {
                dispatcher.trigger();
                return Uni.createFrom().item(DeliveryView.of(retried.get()));
            }
            return deliveries.find(pool, org, id).map(found -> {
                if (found.isEmpty()) {
                    throw ProblemException.notFound("delivery " + id);
                }
                if (found.get().status() == DeliveryStatus.DELIVERED) {
                    throw ProblemException.conflict("already-delivered", "delivery " + id + " was delivered; it is not sent again");
                }
                throw ProblemException.conflict("delivery-in-flight", "delivery " + id + " is being sent right now");
            });
        });
    }

    static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("d:" + position).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("d:")) {
                throw new IllegalArgumentException(raw);
            }
            return Long.parseLong(raw.substring(2));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
        }
    }
}

package io.tocsin.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trace context across the broker (SPEC §2). A message carries the W3C {@code traceparent} of the span that wrote it,
 * as the CloudEvents distributed-tracing attribute (application property {@code cloudEvents_traceparent}; a plain
 * {@code traceparent}, as an external producer may set it, is read too). The outbox keeps it with each row, because the
 * relay publishes later, outside the request. A consumer handles a message in a span whose parent is the message's
 * context, and a batch in one span linked to each of its messages' contexts (a span has one parent); what the handlers
 * write to their outbox then carries that span's context on.
 */
@ApplicationScoped
public class MessageTracing {

    /** The application property carrying a message's trace context. */
    public static final String PROPERTY = "cloudEvents_traceparent";
    private static final String PLAIN = Traceparent.HEADER;
    /** Links kept per batch span: the SDK's default limit (a signal batch may hold thousands of messages). */
    private static final int MAX_LINKS = 128;
    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(PLAIN);
        }

        @Override
        public String get(String carrier, String key) {
            return PLAIN.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public MessageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.tocsin.platform");
    }

    /** The trace context a message's application properties carry; invalid when none, or a malformed one. */
    public static SpanContext carried(JsonObject applicationProperties) {
        if (applicationProperties == null) {
            return SpanContext.getInvalid();
        }
        Object value = applicationProperties.getValue(PROPERTY);
        if (!(value instanceof String)) {
            value = applicationProperties.getValue(PLAIN);
        }
        if (!(value instanceof String traceparent)) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_VALUE);
        return Span.fromContext(extracted).getSpanContext();
    }

    /**
     * Runs {@code work}, the handling of messages consumed from {@code address}, in a consumer span, on a Vert.x
     * context of its own, so that the span stays current through all of the work's asynchronous steps and no
     * other work on the event loop sees it. {@code carried} holds the trace context of each message.
     */
    public <T> Uni<T> process(String address, List<SpanContext> carried, Supplier<Uni<T>> work) {
        SpanBuilder builder = tracer.spanBuilder(address + " process").setSpanKind(SpanKind.CONSUMER).setNoParent()
                .setAttribute("messaging.system", "activemq")
                .setAttribute("messaging.destination.name", address)
                .setAttribute("messaging.operation.type", "process");
        if (carried.size() == 1) {
            if (carried.get(0).isValid()) {
                builder.setParent(Context.root().with(Span.wrap(carried.get(0))));
            }
        } else {
            builder.setAttribute("messaging.batch.message_count", (long) carried.size());
            carried.stream().filter(SpanContext::isValid).limit(MAX_LINKS).forEach(builder::addLink);
        }
        io.vertx.core.Context base = io.vertx.core.Vertx.currentContext();
        if (base == null) {
            // Off any Vert.x context (not how consumers run): the span is current while the work is subscribed to.
            return Uni.createFrom().emitter(emitter -> {
                Span span = builder.startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    run(span, work, emitter);
                }
            });
        }
        // The context is this work's alone and dropped after it, so the span stays current on it to the end.
        io.vertx.core.Context own = VertxContext.createNewDuplicatedContext(base);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(ignored -> {
            Span span = builder.startSpan();
            span.makeCurrent();
            run(span, work, emitter);
        }));
    }

    private static <T> void run(Span span, Supplier<Uni<T>> work, UniEmitter<? super T> emitter) {
        Uni<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR).recordException(e).end();
            emitter.fail(e);
            return;
        }
        started.subscribe().with(item -> {
            span.end();
            emitter.complete(item);
        }, failure -> {
            span.setStatus(StatusCode.ERROR).recordException(failure).end();
            emitter.fail(failure);
        });
    }
}

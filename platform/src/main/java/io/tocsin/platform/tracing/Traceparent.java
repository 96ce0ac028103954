package io.tocsin.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The W3C {@code traceparent} of the current span, to hand a trace on where no instrumentation does it. */
public final class Traceparent {

    /** The HTTP header (and plain message property) that carries it. */
    public static final String HEADER = "traceparent";

    private Traceparent() {
    }

    /** The current span's context as a {@code traceparent}; null outside any trace (a timer, tracing disabled). */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}

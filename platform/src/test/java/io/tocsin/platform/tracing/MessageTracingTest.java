package io.tocsin.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumer spans and the trace context they hand on, with a real OpenTelemetry SDK and real Vert.x contexts. */
class MessageTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    /** The event-loop context the receiver's messages arrive on. */
    private io.vertx.core.Context receiver;
    private SdkTracerProvider provider;
    private MessageTracing tracing;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        receiver = vertx.getOrCreateContext();
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new Collecting())).build();
        tracing = new MessageTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    }

    @AfterEach
    void close() throws Exception {
        provider.shutdown().join(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void readsTheCloudEventsAttributeThenAPlainTraceparent() {
        assertThat(MessageTracing.carried(new JsonObject().put("cloudEvents_traceparent", traceparent(TRACE, "00f067aa0ba902b7"))
                .put("traceparent", traceparent(OTHER_TRACE, "00f067aa0ba902b7"))).getTraceId()).isEqualTo(TRACE);
        assertThat(MessageTracing.carried(new JsonObject().put("traceparent", traceparent(OTHER_TRACE, "00f067aa0ba902b7")))
                .getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(MessageTracing.carried(new JsonObject().put("cloudEvents_traceparent", "00-not-a-trace-01")).isValid()).isFalse();
        assertThat(MessageTracing.carried(new JsonObject().put("cloudEvents_traceparent", 42)).isValid()).isFalse();
        assertThat(MessageTracing.carried(new JsonObject()).isValid()).isFalse();
        assertThat(MessageTracing.carried(null).isValid()).isFalse();
    }

    @Test
    void aMessageIsHandledInAChildSpanThatStaysCurrentAcrossAsynchronousSteps() throws Exception {
        SpanContext sent = carried(TRACE, "00f067aa0ba902b7");

        String seenAfterATimer = onEventLoop(() -> tracing.process("tocsin.incident.commands", List.of(sent), () ->
                Uni.createFrom().emitter(emitter -> vertx.setTimer(20, id -> emitter.complete(Traceparent.current())))));

        assertThat(ended).hasSize(1);
        SpanData span = ended.get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("tocsin.incident.commands process");
        assertThat(span.getParentSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(seenAfterATimer).isEqualTo(traceparent(TRACE, span.getSpanId()));
    }

    @Test
    void otherWorkOnTheEventLoopDoesNotSeeTheSpan() throws Exception {
        CompletableFuture<String> seenElsewhere = new CompletableFuture<>();
        onEventLoop(() -> tracing.process("q", List.of(carried(TRACE, "00f067aa0ba902b7")), () ->
                Uni.createFrom().emitter(emitter -> {
                    // Runs on the receiver's context, on the same event loop, while the message's work goes on.
                    receiver.runOnContext(v -> seenElsewhere.complete(String.valueOf(Traceparent.current())));
                    vertx.setTimer(50, id -> emitter.complete("done"));
                })));

        assertThat(seenElsewhere.get(5, TimeUnit.SECONDS)).isEqualTo("null");
    }

    @Test
    void aBatchIsOneNewTraceLinkedToEachMessage() throws Exception {
        SpanContext first = carried(TRACE, "00f067aa0ba902b7");
        SpanContext second = carried(OTHER_TRACE, "b7ad6b7169203331");

        String seen = onEventLoop(() -> tracing.process("q", List.of(first, SpanContext.getInvalid(), second),
                () -> Uni.createFrom().item(Traceparent::current)));

        SpanData span = ended.get(0);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isNotIn(TRACE, OTHER_TRACE);
        assertThat(span.getLinks()).extracting(LinkData::getSpanContext).containsExactly(first, second);
        assertThat(span.getAttributes().asMap().toString()).contains("messaging.batch.message_count=3");
        assertThat(seen).contains(span.getTraceId()).contains(span.getSpanId());
    }

    @Test
    void aFailedHandlingEndsItsSpanAsAnError() {
        assertThatThrownBy(() -> onEventLoop(() -> tracing.process("q", List.of(SpanContext.getInvalid()),
                () -> Uni.createFrom().<String>failure(new IllegalStateException("database gone")))))
                .hasRootCauseMessage("database gone");

        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(ended.get(0).getEvents()).extracting(event -> event.getName()).contains("exception");
    }

    @Test
    void outsideAnyTraceThereIsNoTraceparent() {
        assertThat(Traceparent.current()).isNull();
    }

    /** Subscribes on an event-loop context, as the consumer's receiver does, and waits for the outcome. */
    private <T> T onEventLoop(java.util.function.Supplier<Uni<T>> work) throws Exception {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        receiver.runOnContext(v -> work.get().subscribe().with(outcome::complete, outcome::completeExceptionally));
        return outcome.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SpanContext carried(String trace, String span) {
        return MessageTracing.carried(new JsonObject().put("cloudEvents_traceparent", traceparent(trace, span)));
    }

    private static String traceparent(String trace, String span) {
        return "00-" + trace + "-" + span + "-01";
    }

    private final class Collecting implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}

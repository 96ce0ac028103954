package io.tocsin.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-ins, on one HTTP port and one SMTP port (loopback only):
 *
 * <ul>
 *   <li>{@code /pagerduty} — PagerDuty Events API v2 ({@link PagerDutyFake}); point {@code PAGERDUTY_EVENTS_URL} here;</li>
 *   <li>{@code /incident-io} — incident.io API ({@link IncidentIoFake}); point {@code INCIDENT_IO_API_URL} here;</li>
 *   <li>{@code /webhooks/<name>} — a webhook receiver that answers 200 to anything;</li>
 *   <li>SMTP — a catcher that accepts every message;</li>
 *   <li>{@code GET /} — what was received: {@code /_/requests/<fake>}, {@code /_/pagerduty/incidents},
 *       {@code /_/incident-io/incidents}, {@code /_/mail}.</li>
 * </ul>
 */
public final class Fakes implements AutoCloseable {

    public static final String WEBHOOKS = "webhooks";
    private static final String HOST = "127.0.0.1";

    private final Vertx vertx;
    private final boolean ownVertx;
    private final Recorder recorder;
    private final PagerDutyFake pagerDuty = new PagerDutyFake();
    private final IncidentIoFake incidentIo;
    private final SmtpCatcher smtp;
    private HttpServer http;
    private int httpPort;
    private int smtpPort;

    private Fakes(Vertx vertx, boolean ownVertx, Path folder) {
        Clock clock = Clock.systemUTC();
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.recorder = new Recorder(folder, clock);
        this.incidentIo = new IncidentIoFake(clock);
        this.smtp = new SmtpCatcher(vertx, recorder, clock);
    }

    /**
     * Starts the fakes on the given ports (0 picks free ones); what they receive is also written under
     * {@code folder} when it is not null. Blocks until both ports listen.
     */
    public static Fakes start(int httpPort, int smtpPort, Path folder) {
        Fakes fakes = new Fakes(Vertx.vertx(), true, folder);
        try {
            fakes.listen(httpPort, smtpPort).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            fakes.close();
            throw new IllegalStateException("the fakes could not start: " + rootMessage(e), e);
        }
        return fakes;
    }

    private Future<Void> listen(int port, int mailPort) {
        http = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port));
        return http.requestHandler(this::handle).listen()
                .compose(server -> {
                    httpPort = server.actualPort();
                    return smtp.listen(HOST, mailPort);
                })
                .map(actual -> {
                    smtpPort = actual;
                    return null;
                });
    }

    private void handle(HttpServerRequest request) {
        request.body().onComplete(body -> {
            if (body.failed()) {
                request.response().setStatusCode(400).end();
                return;
            }
            String uri = request.uri();
            Reply reply;
            if (uri.startsWith("/pagerduty/")) {
                reply = pagerDuty.handle(record(PagerDutyFake.NAME, request, uri.substring("/pagerduty".length()), body.result().toString()));
            } else if (uri.startsWith("/incident-io/")) {
                reply = incidentIo.handle(record(IncidentIoFake.NAME, request, uri.substring("/incident-io".length()), body.result().toString()));
            } else if (uri.startsWith("/webhooks/")) {
                record(WEBHOOKS, request, uri.substring("/webhooks".length()), body.result().toString());
                reply = Reply.text(200, "received\n");
            } else {
                reply = console(request.method().name(), uri);
            }
            request.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType()).end(reply.body());
        });
    }

    private Recorded record(String fake, HttpServerRequest request, String path, String body) {
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        return recorder.record(fake, request.method().name(), path, headers, body);
    }

    private Reply console(String method, String uri) {
        if (!"GET".equals(method)) {
            return Reply.text(404, "not found\n");
        }
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        return switch (path) {
            case "/" -> Reply.json(200, index());
            case "/_/pagerduty/incidents" -> Reply.json(200, pagerDuty.toJson());
            case "/_/incident-io/incidents" -> Reply.json(200, incidentIo.toJson());
            case "/_/mail" -> {
                JsonArray mail = new JsonArray();
                mail().forEach(m -> mail.add(m.toJson()));
                yield Reply.json(200, mail);
            }
            default -> path.startsWith("/_/requests/") ? Reply.json(200, recorder.toJson(path.substring("/_/requests/".length())))
                    : Reply.text(404, "not found: see " + url() + "/\n");
        };
    }

    private JsonObject index() {
        JsonObject index = new JsonObject()
                .put("pagerduty", new JsonObject().put("eventsUrl", pagerDutyEventsUrl())
                        .put("requests", url() + "/_/requests/" + PagerDutyFake.NAME).put("incidents", url() + "/_/pagerduty/incidents")
                        .put("received", requests(PagerDutyFake.NAME).size()))
                .put("incidentIo", new JsonObject().put("apiUrl", incidentIoUrl())
                        .put("requests", url() + "/_/requests/" + IncidentIoFake.NAME).put("incidents", url() + "/_/incident-io/incidents")
                        .put("received", requests(IncidentIoFake.NAME).size()))
                .put("webhooks", new JsonObject().put("url", webhookUrl("<any-name>"))
                        .put("requests", url() + "/_/requests/" + WEBHOOKS).put("received", requests(WEBHOOKS).size()))
                .put("smtp", new JsonObject().put("host", HOST).put("port", smtpPort).put("mail", url() + "/_/mail")
                        .put("received", mail().size()));
        if (recorder.folder() != null) {
            index.put("folder", recorder.folder().toAbsolutePath().toString());
        }
        return index;
    }

    public String url() {
        return "http://" + HOST + ":" + httpPort;
    }

    public String pagerDutyEventsUrl() {
        return url() + "/pagerduty";
    }

    public String incidentIoUrl() {
        return url() + "/incident-io";
    }

    public String webhookUrl(String name) {
        return url() + "/webhooks/" + name;
    }

    public String smtpHost() {
        return HOST;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public PagerDutyFake pagerDuty() {
        return pagerDuty;
    }

    public IncidentIoFake incidentIo() {
        return incidentIo;
    }

    /** The requests one fake received ({@link PagerDutyFake#NAME}, {@link IncidentIoFake#NAME}, {@link #WEBHOOKS}). */
    public List<Recorded> requests(String fake) {
        return recorder.of(fake);
    }

    public List<Mail> mail() {
        return smtp.received();
    }

    @Override
    public void close() {
        Future<Void> closed = (http == null ? Future.<Void>succeededFuture() : http.close()).eventually(smtp::close);
        try {
            closed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Closing is best effort: the process or test is ending anyway.
        }
        if (ownVertx) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

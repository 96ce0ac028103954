package io.tocsin.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakesTest {

    @TempDir
    static Path folder;
    private static Fakes fakes;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fakes = Fakes.start(0, 0, folder);
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @Test
    void pagerDutyDeduplicatesTriggersAndReopensOnlyAfterAResolve() throws Exception {
        String key = "tocsin-dedup-test";
        assertThat(enqueue(trigger(key)).statusCode()).isEqualTo(202);
        HttpResponse<String> again = enqueue(trigger(key));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(again.body()).getString("dedup_key")).isEqualTo(key);
        assertThat(fakes.pagerDuty().incident(key).opened()).isEqualTo(1);

        enqueue(new JsonObject().put("routing_key", "R".repeat(32)).put("event_action", "resolve").put("dedup_key", key));
        assertThat(fakes.pagerDuty().incident(key).status()).isEqualTo("resolved");
        enqueue(trigger(key));
        assertThat(fakes.pagerDuty().incident(key).opened()).isEqualTo(2);
        assertThat(fakes.pagerDuty().incident(key).actions()).containsExactly("trigger", "trigger", "resolve", "trigger");
    }

    @Test
    void pagerDutyRefusesInvalidEventsWithTheirErrors() throws Exception {
        HttpResponse<String> reply = enqueue(new JsonObject().put("event_action", "trigger").put("payload",
                new JsonObject().put("summary", "x").put("source", "s").put("severity", "fatal")));
        assertThat(reply.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(reply.body());
        assertThat(body.getString("status")).isEqualTo("invalid event");
        assertThat(body.getJsonArray("errors").encode()).contains("routing_key").contains("payload.severity");
        assertThat(enqueue(new JsonObject().put("routing_key", "k").put("event_action", "resolve")).statusCode()).isEqualTo(400);
    }

    @Test
    void incidentIoCreatesOnceByIdempotencyKeyEditsAndPages() throws Exception {
        assertThat(call("GET", "/incident-io/v1/severities", null, null).statusCode()).isEqualTo(401);
        JsonObject create = new JsonObject().put("idempotency_key", "tocsin-1").put("name", "Checkout down")
                .put("visibility", "public").put("severity_id", "sev-critical");
        HttpResponse<String> first = call("POST", "/incident-io/v2/incidents", create, "k");
        HttpResponse<String> second = call("POST", "/incident-io/v2/incidents", create, "k");
        assertThat(first.statusCode()).isEqualTo(201);
        String id = new JsonObject(first.body()).getJsonObject("incident").getString("id");
        assertThat(new JsonObject(second.body()).getJsonObject("incident").getString("id")).isEqualTo(id);

        HttpResponse<String> edit = call("POST", "/incident-io/v2/incidents/" + id + "/actions/edit",
                new JsonObject().put("incident", new JsonObject().put("incident_status_id", "st-resolved")), "k");
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(fakes.incidentIo().get(id).getJsonObject("incident_status").getString("name")).isEqualTo("Resolved");

        for (int i = 2; i <= 3; i++) {
            call("POST", "/incident-io/v2/incidents", create.copy().put("idempotency_key", "tocsin-" + i), "k");
        }
        JsonObject page1 = new JsonObject(call("GET", "/incident-io/v2/incidents?page_size=2", null, "k").body());
        assertThat(page1.getJsonArray("incidents")).hasSize(2);
        String after = page1.getJsonObject("pagination_meta").getString("after");
        JsonObject page2 = new JsonObject(call("GET", "/incident-io/v2/incidents?page_size=2&after=" + after, null, "k").body());
        assertThat(page2.getJsonArray("incidents")).hasSize(1);
        assertThat(page2.getJsonObject("pagination_meta").containsKey("after")).isFalse();
    }

    @Test
    void webhooksAreRecordedAndTheConsoleAndFolderShowThem() throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(fakes.webhookUrl("ops")))
                .header("webhook-id", "msg_1").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"incident.created\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        Recorded recorded = fakes.requests(Fakes.WEBHOOKS).get(fakes.requests(Fakes.WEBHOOKS).size() - 1);
        assertThat(recorded.path()).isEqualTo("/ops");
        assertThat(recorded.header("Webhook-Id")).isEqualTo("msg_1");

        JsonArray listed = new JsonArray(call("GET", "/_/requests/webhooks", null, null).body());
        assertThat(listed.encode()).contains("incident.created");
        assertThat(new JsonObject(call("GET", "/", null, null).body()).getJsonObject("webhooks").getInteger("received")).isPositive();
        try (var files = Files.list(folder.resolve(Fakes.WEBHOOKS))) {
            assertThat(files.count()).isPositive();
        }
    }

    @Test
    void theSmtpCatcherKeepsMessagesAndDecodesTheirParts() throws Exception {
        String boundary = "b1";
        String message = "From: tocsin@localhost\r\nTo: owner@example.com\r\nSubject: Draft incident\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Publish: https://example.com/api/incidents/auto-action?token=3Dabc=\r\ndef\r\n"
                + "..dot-stuffed line\r\n"
                + "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString("<a href=\"https://example.com/x\">Publish</a>".getBytes(StandardCharsets.UTF_8))
                + "\r\n--" + boundary + "--\r\n";
        try (Socket socket = new Socket("127.0.0.1", fakes.smtpPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            send(out, "EHLO test");
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            send(out, "MAIL FROM:<tocsin@localhost>");
            assertThat(in.readLine()).startsWith("250");
            send(out, "RCPT TO:<owner@example.com>");
            assertThat(in.readLine()).startsWith("250");
            send(out, "DATA");
            assertThat(in.readLine()).startsWith("354");
            out.write((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("250");
            send(out, "QUIT");
            assertThat(in.readLine()).startsWith("221");
        }
        Mail mail = fakes.mail().get(fakes.mail().size() - 1);
        assertThat(mail.to()).containsExactly("owner@example.com");
        assertThat(mail.subject()).isEqualTo("Draft incident");
        assertThat(mail.text()).contains("auto-action?token=abcdef").contains(".dot-stuffed line").doesNotContain("..dot")
                .contains("href=\"https://example.com/x\"");
        assertThat(new JsonArray(call("GET", "/_/mail", null, null).body()).encode()).contains("Draft incident");
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static JsonObject trigger(String key) {
        return new JsonObject().put("routing_key", "R".repeat(32)).put("event_action", "trigger").put("dedup_key", key)
                .put("payload", new JsonObject().put("summary", "INC-1: down").put("source", "tocsin").put("severity", "critical"));
    }

    private static HttpResponse<String> enqueue(JsonObject event) throws Exception {
        return call("POST", "/pagerduty/v2/enqueue", event, null);
    }

    private static HttpResponse<String> call(String method, String path, JsonObject body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fakes.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

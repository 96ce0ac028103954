package io.tocsin.systemtests;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tocsin.devstack.DevStack;
import io.tocsin.fakes.Fakes;
import io.tocsin.devstack.InternalJwt;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite, once per test JVM: devstack and the fakes (PagerDuty, incident.io, webhook
 * receivers, SMTP) in this JVM on random ports, and the built services as separate processes on
 * free ports, the gateway in its local profile in front of them. Tests reach it only as users and
 * producers do: HTTP through the gateway and AMQP on the broker; they read what went out from the
 * fakes. A service can be killed (SIGKILL) and started again with the same settings.
 */
public final class Suite {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static Suite instance;

    private final DevStack stack = DevStack.shared();
    private final Path work;
    private final Fakes fakes;
    private final Path repo;
    private final Map<String, Process> processes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> environments = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    private Suite() throws IOException {
        repo = Path.of(System.getProperty("tocsin.repo", "..")).toAbsolutePath().normalize();
        work = Files.createDirectories(repo.resolve("system-tests/target/suite"));
        fakes = Fakes.start(0, 0, work.resolve("fakes"));
        Path keys = Files.createDirectories(work.resolve("keys"));
        Files.writeString(keys.resolve("private.pem"), stack.signingKeys().privateKeyPem());
        Files.writeString(keys.resolve("public.pem"), stack.signingKeys().publicKeyPem());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        for (String service : List.of("incident-service", "autodraft-service", "notifier-service", "gateway")) {
            ports.put(service, freePort());
        }
        Map<String, String> common = new HashMap<>();
        common.put("TOCSIN_DB_REACTIVE_URL", stack.reactiveUrl());
        common.put("TOCSIN_DB_JDBC_URL", stack.jdbcUrl());
        common.put("TOCSIN_DB_USERNAME", stack.dbUsername());
        common.put("TOCSIN_DB_PASSWORD", stack.dbPassword());
        common.put("TOCSIN_AMQP_HOST", stack.amqpHost());
        common.put("TOCSIN_AMQP_PORT", Integer.toString(stack.amqpPort()));
        common.put("TOCSIN_JWT_PUBLIC_KEY_LOCATION", "file:" + keys.resolve("public.pem"));
        common.put("TOCSIN_PUBLIC_URL", gatewayUrl());
        common.put("TOCSIN_ACTION_SECRET", UUID.randomUUID().toString());
        common.put("TOCSIN_HTTP_HOST", "127.0.0.1");

        start("incident-service", common, Map.of("TOCSIN_INCIDENT_PORT", port("incident-service")));
        start("autodraft-service", common, Map.of("TOCSIN_AUTODRAFT_PORT", port("autodraft-service")));
        Map<String, String> notifier = new HashMap<>();
        notifier.put("TOCSIN_NOTIFIER_PORT", port("notifier-service"));
        notifier.put("TOCSIN_SECRETS_KEY", java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)));
        notifier.put("TOCSIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        notifier.put("PAGERDUTY_EVENTS_URL", fakes.pagerDutyEventsUrl());
        notifier.put("INCIDENT_IO_API_URL", fakes.incidentIoUrl());
        notifier.put("TOCSIN_SMTP_HOST", fakes.smtpHost());
        notifier.put("TOCSIN_SMTP_PORT", Integer.toString(fakes.smtpPort()));
        notifier.put("TOCSIN_SMTP_START_TLS", "DISABLED");
        notifier.put("QUARKUS_MAILER_MOCK", "false");
        // A dispatcher killed mid-send leaves its claims; short leases let the restarted one take them over soon.
        notifier.put("TOCSIN_NOTIFIER_LEASE", "10s");
        notifier.put("TOCSIN_NOTIFIER_RETRY_BASE", "1s");
        start("notifier-service", common, notifier);
        Map<String, String> gateway = new HashMap<>();
        gateway.put("TOCSIN_GATEWAY_PORT", port("gateway"));
        gateway.put("QUARKUS_PROFILE", "local");
        gateway.put("TOCSIN_OIDC_PUBLIC_KEY", stack.signingKeys().publicKeyPem());
        gateway.put("TOCSIN_JWT_PRIVATE_KEY_LOCATION", "file:" + keys.resolve("private.pem"));
        gateway.put("TOCSIN_INCIDENT_URL", "http://127.0.0.1:" + port("incident-service"));
        gateway.put("TOCSIN_AUTODRAFT_URL", "http://127.0.0.1:" + port("autodraft-service"));
        gateway.put("TOCSIN_NOTIFIER_URL", "http://127.0.0.1:" + port("notifier-service"));
        // Tests send bursts from one client; the limits themselves are the gateway module's tests.
        gateway.put("TOCSIN_RATE_LIMIT_REFILL_PER_SECOND", "1000");
        gateway.put("TOCSIN_RATE_LIMIT_BURST", "5000");
        start("gateway", common, gateway);
        for (String service : ports.keySet()) {
            awaitReady(service);
        }
    }

    /** The running suite (started by the first caller). */
    public static synchronized Suite get() {
        if (instance == null) {
            try {
                instance = new Suite();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the suite", e);
            }
        }
        return instance;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.get("gateway");
    }

    public DevStack stack() {
        return stack;
    }

    /** What went out to PagerDuty, incident.io, webhook receivers and SMTP. */
    public Fakes fakes() {
        return fakes;
    }

    /** A member of {@code org} with one role, calling the gateway. */
    public RequestSpecification as(String org, String role) {
        return RestAssured.given().baseUri(gatewayUrl()).auth().oauth2(token(org, "u-" + role, role)).contentType(ContentType.JSON);
    }

    /**
     * Routes every incident of {@code org} (SEV2 and up) to the PagerDuty fake, and trusts {@code webhookSecret} for
     * PagerDuty's webhooks to this organisation.
     */
    public void pageEverything(String org, String webhookSecret) {
        as(org, "admin").body("{\"routingRules\":[{\"service_pattern\":\"*\",\"service_key\":\"key-" + org + "\"}],"
                + "\"minimumSeverity\":\"SEV2\",\"webhookSecrets\":[\"" + webhookSecret + "\"]}")
                .put("/api/integrations/pagerduty").then().statusCode(200);
    }

    /** Kills the service's process at once (SIGKILL: no shutdown hooks, no graceful close). */
    public void kill(String service) throws InterruptedException {
        Process process = processes.get(service);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(service + " did not die");
        }
    }

    /** Starts a killed service again, with the same port and settings, and waits until it is ready. */
    public void restart(String service) throws IOException {
        if (processes.get(service).isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        launch(service);
        awaitReady(service);
    }

    /** A token of the local dev issuer, as deploy/local/token.sh prints it, for a member of {@code org}. */
    public String token(String org, String sub, String... roles) {
        return InternalJwt.builder().issuer("tocsin-local-dev").audience("tocsin-api").subject(sub).org(org).roles(roles)
                .email(sub + "@example.com").name(sub).expiresIn(Duration.ofMinutes(30))
                .sign(stack.signingKeys().privateKey());
    }

    private String port(String service) {
        return Integer.toString(ports.get(service));
    }

    private void start(String service, Map<String, String> common, Map<String, String> own) throws IOException {
        Files.deleteIfExists(work.resolve(service + ".log"));
        Map<String, String> environment = new HashMap<>(common);
        environment.putAll(own);
        environments.put(service, environment);
        launch(service);
    }

    private void launch(String service) throws IOException {
        Path jar = repo.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the suite first (mvn -B verify builds it before these tests)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(service + ".log").toFile()));
        builder.environment().putAll(environments.get(service));
        processes.put(service, builder.start());
    }

    private void awaitReady(String service) {
        URI ready = URI.create("http://127.0.0.1:" + ports.get(service) + "/q/health/ready");
        org.awaitility.Awaitility.await(service + " ready (log: " + work.resolve(service + ".log") + ")")
                .atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> isReady(service, ready));
    }

    private boolean isReady(String service, URI ready) {
        Process process = processes.get(service);
        if (!process.isAlive()) {
            throw new IllegalStateException(service + " exited (" + process.exitValue() + "); see " + work);
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) ready.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stop() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        fakes.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

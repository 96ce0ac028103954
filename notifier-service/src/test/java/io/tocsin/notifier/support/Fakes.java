package io.tocsin.notifier.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The outside world of the notifier, on loopback: one WireMock server (PagerDuty under
 * {@code /pagerduty}, incident.io under {@code /incident-io}, webhook receivers under {@code /hooks})
 * and a GreenMail SMTP server. The test resource only picks their ports (kept in system properties,
 * which every class loader sees) and points the service at them; the servers themselves live with
 * the tests, started on first use. A test profile restarts Quarkus with a new class loader (and a
 * fresh copy of this class): WireMock is started once per JVM and every copy talks to it through
 * its admin API ({@link HttpFake}).
 */
public final class Fakes {

    private static final String HTTP_PORT = "tocsin.test.fakes.http-port";
    private static final String SMTP_PORT = "tocsin.test.fakes.smtp-port";
    private static final String HTTP_SERVER = "tocsin.test.fakes.http-server";

    private Fakes() {
    }

    /** Points the service at the fakes' ports. */
    public static final class Resource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String base = "http://127.0.0.1:" + port(HTTP_PORT);
            return Map.of(
                    "tocsin.pagerduty.events-url", base + "/pagerduty",
                    "tocsin.incident-io.api-url", base + "/incident-io",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(port(SMTP_PORT)),
                    "quarkus.mailer.start-tls", "DISABLED");
        }

        @Override
        public void stop() {
            // The fakes live as long as the JVM.
        }
    }

    private static HttpFake client;

    public static HttpFake http() {
        synchronized (LOCK) {
            if (System.getProperty(HTTP_SERVER) == null) {
                WireMockServer started = new WireMockServer(WireMockConfiguration.options().port(port(HTTP_PORT))
                        .bindAddress("127.0.0.1").containerThreads(20));
                started.start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
                // Only strings in the system properties: libraries copy them (Narayana does, at start).
                System.setProperty(HTTP_SERVER, "started");
            }
            if (client == null) {
                client = new HttpFake(port(HTTP_PORT));
            }
            return client;
        }
    }

    private static GreenMail mail;

    /** The SMTP fake; only the email tests use it (one class loader), so it lives with them. */
    public static GreenMail mail() {
        synchronized (LOCK) {
            if (mail == null) {
                mail = new GreenMail(new ServerSetup(port(SMTP_PORT), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                mail.start();
                Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
            }
            return mail;
        }
    }

    /** An interned literal: the same monitor in every class loader. */
    private static final Object LOCK = "io.tocsin.notifier.support.Fakes";

    /** The base URL of the HTTP fake, e.g. for webhook subscriptions. */
    public static String httpBase() {
        return "http://127.0.0.1:" + port(HTTP_PORT);
    }

    private static int port(String property) {
        synchronized (LOCK) {
            return choosePort(property);
        }
    }

    private static int choosePort(String property) {
        String chosen = System.getProperty(property);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            System.setProperty(property, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

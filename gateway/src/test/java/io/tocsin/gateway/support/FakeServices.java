package io.tocsin.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * WireMock in place of incident-service, autodraft-service and notifier-service (their base URLs point at it),
 * answering 200 to anything unless a test stubs otherwise; plus {@code /api/outage}, routed to a port where
 * nothing listens.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    public static final String PORT_PROPERTY = "tocsin.test.services-port";
    public static final String OUTAGE_PREFIX = "/api/outage";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(40));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"from\":\"service\"}")));
        String url = "http://127.0.0.1:" + server.port();
        return Map.of(
                "TOCSIN_INCIDENT_URL", url,
                "TOCSIN_AUTODRAFT_URL", url,
                "TOCSIN_NOTIFIER_URL", url,
                "tocsin.gateway.routes.\"" + OUTAGE_PREFIX + "\"", "http://127.0.0.1:" + closedPort(),
                PORT_PROPERTY, Integer.toString(server.port()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A port that was free a moment ago and has nothing listening on it: connections are refused. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

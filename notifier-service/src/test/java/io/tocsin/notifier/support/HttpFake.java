package io.tocsin.notifier.support;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/** The JVM's WireMock server, driven through its admin API (it may have been started by another class loader). */
public final class HttpFake {

    private final WireMock admin;
    private final int port;

    HttpFake(int port) {
        this.port = port;
        this.admin = new WireMock("127.0.0.1", port);
    }

    public StubMapping stubFor(MappingBuilder mapping) {
        return admin.register(mapping);
    }

    /** The matching requests, oldest first. */
    public List<LoggedRequest> findAll(RequestPatternBuilder pattern) {
        return admin.find(pattern);
    }

    public List<ServeEvent> getAllServeEvents() {
        return admin.getServeEvents();
    }

    public void setScenarioState(String scenario, String state) {
        synchronized (HttpFake.class) {
            WireMock.configureFor("127.0.0.1", port);
            WireMock.setScenarioState(scenario, state);
        }
    }
}

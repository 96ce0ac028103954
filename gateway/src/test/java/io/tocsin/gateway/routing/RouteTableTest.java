package io.tocsin.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.gateway.routing.RouteTable.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable(Map.of(
            "/api/incidents", "http://incident:8081",
            "/api/signals", "http://autodraft:8082",
            "/api/signals/special/", "http://special:9000",
            "/api/v1/pagerduty", "http://notifier:8083"));

    @Test
    void theLongestPrefixWins() {
        assertThat(table.resolve("GET", "/api/signals/special/x").upstream()).isEqualTo(Upstream.parse("http://special:9000"));
        assertThat(table.resolve("GET", "/api/signals/special").prefix()).isEqualTo("/api/signals/special");
        assertThat(table.resolve("GET", "/api/signals/specialist").upstream()).isEqualTo(Upstream.parse("http://autodraft:8082"));
        assertThat(table.resolve("GET", "/api/incidents").kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(table.resolve("GET", "/api/incidents/42/timeline").upstream().port()).isEqualTo(8081);
    }

    @Test
    void aPrefixMatchesWholeSegmentsOnly() {
        assertThat(table.resolve("GET", "/api/incidentsx").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(table.resolve("GET", "/api").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(table.resolve("GET", "/api/").kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void onlyTheListedMethodsAndExactPathsArePublic() {
        assertThat(table.resolve("GET", "/api/incidents/auto-action").kind()).isEqualTo(Kind.PUBLIC);
        assertThat(table.resolve("POST", "/api/incidents/auto-action").kind()).isEqualTo(Kind.PUBLIC);
        assertThat(table.resolve("DELETE", "/api/incidents/auto-action").kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(table.resolve("POST", "/api/incidents/auto-action/").kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(table.resolve("POST", "/api/v1/pagerduty/webhook").kind()).isEqualTo(Kind.PUBLIC);
        assertThat(table.resolve("GET", "/api/v1/pagerduty/webhook").kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(table.resolve("POST", "/api/signals/pagerduty/v2/enqueue").kind()).isEqualTo(Kind.PUBLIC);
        assertThat(table.resolve("POST", "/api/signals/alertmanager").kind()).isEqualTo(Kind.UPSTREAM);
    }

    @Test
    void theGatewayServesMeAndApiKeys() {
        assertThat(table.resolve("GET", "/api/me").kind()).isEqualTo(Kind.GATEWAY);
        assertThat(table.resolve("POST", "/api/api-keys").kind()).isEqualTo(Kind.GATEWAY);
        assertThat(table.resolve("DELETE", "/api/api-keys/3f1c").kind()).isEqualTo(Kind.GATEWAY);
        assertThat(table.resolve("GET", "/api/api-keys/3f1c/x").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(table.resolve("GET", "/api/me/x").kind()).isEqualTo(Kind.UNKNOWN);
        // Even a catch-all route cannot take them over.
        RouteTable catchAll = new RouteTable(Map.of("/api/", "http://all:1"));
        assertThat(catchAll.resolve("GET", "/api/me").kind()).isEqualTo(Kind.GATEWAY);
        assertThat(catchAll.resolve("GET", "/api/anything").kind()).isEqualTo(Kind.UPSTREAM);
    }

    @Test
    void badEntriesAreRefused() {
        assertThatThrownBy(() -> new RouteTable(Map.of("/incidents", "http://x:1"))).hasMessageContaining("/api/");
        assertThatThrownBy(() -> Upstream.parse("ftp://x")).hasMessageContaining("http");
        assertThatThrownBy(() -> Upstream.parse("http://x:1/base")).hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> Upstream.parse("http://user:pw@x:1")).hasMessageContaining("scheme://host[:port]");
        assertThat(Upstream.parse("https://svc.example.com")).isEqualTo(new Upstream("https://svc.example.com:443", "svc.example.com", 443, true));
        assertThat(Upstream.parse("http://127.0.0.1:8081/")).isEqualTo(new Upstream("http://127.0.0.1:8081", "127.0.0.1", 8081, false));
    }
}

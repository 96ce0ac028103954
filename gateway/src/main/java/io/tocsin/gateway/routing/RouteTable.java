package io.tocsin.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what happens to a request under {@code /api}: served by the gateway itself, forwarded to the
 * service owning the longest matching path prefix (with or without authentication), or unknown.
 */
public final class RouteTable {

    /** What the gateway does with a request. */
    public enum Kind {
        /** Served by the gateway's own endpoints ({@code /api/me}, {@code /api/api-keys}). */
        GATEWAY,
        /** Forwarded after authentication, with an internal JWT. */
        UPSTREAM,
        /** Forwarded without authentication: the service checks a signature, a signed token or a routing key. */
        PUBLIC,
        /** No route: 404 once the caller is authenticated. */
        UNKNOWN
    }

    /** The decision for one request; {@code prefix} and {@code upstream} are null unless it is forwarded. */
    public record Destination(Kind kind, String prefix, Upstream upstream) {
    }

    /** A method and exact path that is public by design. */
    public record PublicRoute(String method, String path) {
    }

    /** Public by design (SPEC §5.4 signed links, §6.2 PagerDuty webhooks, §5.2 Events-API-v2 intake). */
    public static final Set<PublicRoute> PUBLIC_ROUTES = Set.of(
            new PublicRoute("GET", "/api/incidents/auto-action"),
            new PublicRoute("POST", "/api/incidents/auto-action"),
            new PublicRoute("POST", "/api/v1/pagerduty/webhook"),
            new PublicRoute("POST", "/api/signals/pagerduty/v2/enqueue"));

    public static final String ME = "/api/me";
    public static final String API_KEYS = "/api/api-keys";

    private static final Destination GATEWAY = new Destination(Kind.GATEWAY, null, null);
    private static final Destination UNKNOWN = new Destination(Kind.UNKNOWN, null, null);

    private final List<Map.Entry<String, Upstream>> byLongestPrefix;

    /** @param routes path prefix → upstream base URL */
    public RouteTable(Map<String, String> routes) {
        Map<String, Upstream> parsed = new LinkedHashMap<>();
        routes.forEach((prefix, url) -> parsed.put(normalisePrefix(prefix), Upstream.parse(url)));
        List<Map.Entry<String, Upstream>> entries = new ArrayList<>(parsed.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, Upstream> e) -> e.getKey().length()).reversed());
        this.byLongestPrefix = List.copyOf(entries);
    }

    /** @param path the normalised request path */
    public Destination resolve(String method, String path) {
        if (isGatewayPath(path)) {
            return GATEWAY;
        }
        for (Map.Entry<String, Upstream> route : byLongestPrefix) {
            String prefix = route.getKey();
            if (path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
                Kind kind = PUBLIC_ROUTES.contains(new PublicRoute(method, path)) ? Kind.PUBLIC : Kind.UPSTREAM;
                return new Destination(kind, prefix, route.getValue());
            }
        }
        return UNKNOWN;
    }

    /** The distinct upstreams, one HTTP proxy each. */
    public List<Upstream> upstreams() {
        return byLongestPrefix.stream().map(Map.Entry::getValue).distinct().toList();
    }

    private static boolean isGatewayPath(String path) {
        if (path.equals(ME) || path.equals(API_KEYS)) {
            return true;
        }
        // /api/api-keys/{id}: exactly one more segment
        return path.startsWith(API_KEYS + "/") && path.length() > API_KEYS.length() + 1
                && path.indexOf('/', API_KEYS.length() + 1) < 0;
    }

    private static String normalisePrefix(String prefix) {
        String p = prefix.strip();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.equals("/api") && !p.startsWith("/api/")) {
            throw new IllegalArgumentException("route prefix must be /api or start with /api/: " + prefix);
        }
        return p;
    }
}

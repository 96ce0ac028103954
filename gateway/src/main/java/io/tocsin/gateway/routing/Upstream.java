package io.tocsin.gateway.routing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A service behind the gateway, from its base URL ({@code http[s]://host[:port]}). */
public record Upstream(String baseUrl, String host, int port, boolean ssl) {

    /** Parses a base URL; paths, queries and credentials are refused so that no request is silently rewritten. */
    public static Upstream parse(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("upstream URL is not a URL: " + baseUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("upstream URL must be http or https: " + baseUrl);
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("upstream URL must be scheme://host[:port] only: " + baseUrl);
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        return new Upstream(scheme + "://" + uri.getHost() + ":" + port, uri.getHost(), port, ssl);
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}

package io.tocsin.notifier.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhooks from reaching into the network Tocsin runs in: a URL must be http(s) and every
 * address its host resolves to must be public — not loopback, link-local (cloud metadata), private
 * (RFC 1918, unique-local IPv6), carrier-grade NAT, multicast or unspecified — unless private targets
 * are allowed ({@code tocsin.webhooks.allow-private-targets}, for tests and the local suite).
 * Resolving is blocking: call it off the event loop.
 */
public final class TargetGuard {

    private TargetGuard() {
    }

    /** Why {@code url} may not be called, or null when it may. */
    public static String refusal(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        if (allowPrivate) {
            return null;
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return "resolves to a loopback, link-local or private address (" + address.getHostAddress() + "), which is not allowed";
            }
        }
        return null;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:a.b.c.d mapped addresses are checked as IPv4 by the JDK already.
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}

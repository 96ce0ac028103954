package io.tocsin.incident.drafts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Signed publish/dismiss links for drafts. */
@ConfigMapping(prefix = "tocsin.action")
public interface ActionSettings {

    /**
     * HMAC secrets, comma-separated; the first signs, all verify (add a new one first, remove the
     * old one a day later). Env: TOCSIN_ACTION_SECRET.
     */
    List<String> secrets();

    /** How long a link works. */
    @WithDefault("24h")
    Duration lifetime();

    /** The public base URL the links start with (the gateway's). Env: TOCSIN_PUBLIC_URL. */
    @WithDefault("http://localhost:8080")
    String publicUrl();
}

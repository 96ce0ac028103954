package io.tocsin.notifier.secrets;

import io.quarkus.runtime.StartupEvent;
import io.tocsin.notifier.NotifierSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's {@link SecretBox}, built from {@code TOCSIN_SECRETS_KEY} at start: a missing or
 * malformed key stops the service with a message saying what to set, instead of failing later
 * on the first secret.
 */
@ApplicationScoped
public class Secrets {

    private final SecretBox box;

    public Secrets(NotifierSettings settings) {
        this.box = SecretBox.fromBase64(settings.secretsKey().orElse(null));
    }

    /** Observing start creates this bean then, so a bad key stops the start instead of a later request. */
    void checkAtStart(@Observes StartupEvent event) {
        // Nothing else to do: the constructor checked the key.
    }

    public byte[] seal(String org, String plaintext) {
        return box.seal(org, plaintext);
    }

    public String open(String org, byte[] sealed) {
        return box.open(org, sealed);
    }
}

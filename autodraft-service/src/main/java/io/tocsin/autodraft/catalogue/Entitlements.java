package io.tocsin.autodraft.catalogue;

import io.quarkus.security.identity.SecurityIdentity;
import io.tocsin.autodraft.AutodraftSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Checks the caller's {@code plan} claim against {@code tocsin.autodraft.allowed-plans} (see {@link PlanGate}). */
@ApplicationScoped
public class Entitlements {

    public static final String PLAN_CLAIM = "plan";

    private final SecurityIdentity identity;
    private final AutodraftSettings settings;

    public Entitlements(SecurityIdentity identity, AutodraftSettings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    /** Fails with 403 feature-locked when the caller may not set {@code policy}. */
    public void requirePolicyAllowed(Policy policy) {
        if (!PlanGate.allows(settings.allowedPlans(), plans(), policy)) {
            throw PlanGate.locked();
        }
    }

    private Object plans() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object claim = jwt.getClaim(PLAN_CLAIM);
        if (claim instanceof JsonArray array) {
            return array.stream().map(v -> v instanceof JsonString s ? s.getString() : v.toString()).toList();
        }
        if (claim instanceof JsonString string) {
            return string.getString();
        }
        return claim == null || claim instanceof Collection<?> ? claim : claim.toString();
    }
}

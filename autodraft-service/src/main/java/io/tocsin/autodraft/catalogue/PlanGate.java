package io.tocsin.autodraft.catalogue;

import io.tocsin.platform.problem.ProblemException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The plan entitlement of auto-drafts: when a list of plans is configured, only callers whose
 * {@code plan} claim is on it may set a policy other than {@code off}. No I/O.
 */
public final class PlanGate {

    public static final String FEATURE = "auto-drafts";

    private PlanGate() {
    }

    /** Whether a caller on {@code plans} (the claim: a string, a list, or absent) may set {@code policy}. */
    public static boolean allows(Optional<List<String>> allowedPlans, Object plans, Policy policy) {
        if (policy == null || policy == Policy.OFF || allowedPlans.isEmpty() || allowedPlans.get().isEmpty()) {
            return true;
        }
        List<String> allowed = allowedPlans.get().stream().map(String::trim).toList();
        if (plans instanceof Collection<?> many) {
            return many.stream().anyMatch(plan -> allowed.contains(String.valueOf(plan).trim()));
        }
        return plans != null && allowed.contains(plans.toString().trim());
    }

    /** 403 {@code /problems/feature-locked/auto-drafts}: the problem type names the locked feature. */
    public static ProblemException locked() {
        return new ProblemException(403, "feature-locked/" + FEATURE, "Feature locked",
                "your plan does not include " + FEATURE + ": set the policy to off, or upgrade to use " + FEATURE);
    }
}

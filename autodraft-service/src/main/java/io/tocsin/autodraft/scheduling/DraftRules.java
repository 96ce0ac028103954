package io.tocsin.autodraft.scheduling;

import io.tocsin.autodraft.catalogue.Health;
import io.tocsin.autodraft.catalogue.Metric;
import io.tocsin.autodraft.catalogue.Policy;
import java.time.Duration;
import java.time.Instant;

/**
 * SPEC §5.3 as a function: what a flip to unhealthy, or a due dwell check, should do. No I/O.
 *
 * <p>A dwell check belongs to one flip (the metric's transition count when it flipped): any later
 * transition (a recovery, and maybe a new flip with its own check) makes it void, so a draft is
 * always timed from the flip that stayed unhealthy for the whole dwell.
 */
public final class DraftRules {

    /** Cooldown reason: a draft was requested for the metric less than the cooldown ago. */
    public static final String RECENT_DRAFT = "cooldown_recent_draft";
    /** Cooldown reason: an operator dismissed the metric's draft less than the cooldown ago. */
    public static final String RECENT_DISMISSAL = "cooldown_recent_dismissal";
    /** A request sent moments ago whose outcome has not come back yet. */
    public static final String IN_FLIGHT_REASON = "draft_request_in_flight";
    /** How long an unanswered request holds the next one back. */
    public static final Duration IN_FLIGHT = Duration.ofMinutes(2);

    private DraftRules() {
    }

    /** What to do. {@code since} is the event that started a cooldown; {@code dueAt} the dwell check's time. */
    public record Verdict(Kind kind, String skipReason, Instant since, Instant dueAt) {

        static final Verdict NOTHING = new Verdict(Kind.NOTHING, null, null, null);
        static final Verdict REQUEST = new Verdict(Kind.REQUEST, null, null, null);

        static Verdict skip(String reason, Instant since) {
            return new Verdict(Kind.SKIP, reason, since, null);
        }

        static Verdict schedule(Instant dueAt) {
            return new Verdict(Kind.SCHEDULE, null, null, dueAt);
        }
    }

    public enum Kind {
        NOTHING, REQUEST, SKIP, SCHEDULE
    }

    /** The metric (already updated) has just flipped unhealthy at {@code metric.unhealthySince()}. */
    public static Verdict onFlip(Metric metric, Instant now, Duration cooldown) {
        return switch (metric.policy()) {
            case OFF -> Verdict.NOTHING;
            case IMMEDIATE -> unlessCoolingDown(metric, now, cooldown);
            case DWELL -> Verdict.schedule(metric.unhealthySince().plusSeconds(metric.dwellSeconds()));
        };
    }

    /**
     * A dwell check made for transition {@code flipSeq} is due: request a draft only if the metric
     * is still in that flip (unhealthy, no transition since) and auto-drafting is still on.
     */
    public static Verdict onDwellDue(Metric metric, long flipSeq, Instant now, Duration cooldown) {
        if (metric.health() != Health.UNHEALTHY || metric.transitionSeq() != flipSeq || metric.policy() == Policy.OFF) {
            return Verdict.NOTHING;
        }
        return unlessCoolingDown(metric, now, cooldown);
    }

    /**
     * The cooldown counts from drafts incident-service actually created and from operators'
     * dismissals. A request still in flight (sent, its outcome not yet heard) also holds the next
     * one back for a short while; a request that was folded into an already open incident drafted
     * nothing and so starts no cooldown.
     */
    private static Verdict unlessCoolingDown(Metric metric, Instant now, Duration cooldown) {
        Instant horizon = now.minus(cooldown);
        if (metric.lastDraftedAt() != null && metric.lastDraftedAt().isAfter(horizon)) {
            return Verdict.skip(RECENT_DRAFT, metric.lastDraftedAt());
        }
        Instant requested = metric.lastDraftRequestedAt();
        boolean outcomeHeard = metric.lastDraftedAt() != null && requested != null && !metric.lastDraftedAt().isBefore(requested);
        if (requested != null && !outcomeHeard && requested.isAfter(now.minus(IN_FLIGHT))) {
            return Verdict.skip(IN_FLIGHT_REASON, requested);
        }
        if (metric.lastDismissedAt() != null && metric.lastDismissedAt().isAfter(horizon)) {
            return Verdict.skip(RECENT_DISMISSAL, metric.lastDismissedAt());
        }
        return Verdict.REQUEST;
    }
}

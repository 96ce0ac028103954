package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.lifecycle.IncidentStatus.DECLARED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DISMISSED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DRAFT;
import static io.tocsin.incident.lifecycle.IncidentStatus.INVESTIGATING;
import static io.tocsin.incident.lifecycle.IncidentStatus.MITIGATED;
import static io.tocsin.incident.lifecycle.IncidentStatus.RESOLVED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The incident state machine (SPEC §4). Forward moves may skip states; a mitigated or resolved
 * incident can go back to investigating (reopen). Drafts leave their state only by publish or
 * dismiss, and dismissed is final.
 */
public final class Lifecycle {

    private static final Map<IncidentStatus, Set<IncidentStatus>> STATUS_MOVES = new EnumMap<>(IncidentStatus.class);

    static {
        STATUS_MOVES.put(DRAFT, EnumSet.noneOf(IncidentStatus.class));
        STATUS_MOVES.put(DECLARED, EnumSet.of(INVESTIGATING, MITIGATED, RESOLVED));
        STATUS_MOVES.put(INVESTIGATING, EnumSet.of(MITIGATED, RESOLVED));
        STATUS_MOVES.put(MITIGATED, EnumSet.of(RESOLVED, INVESTIGATING));
        STATUS_MOVES.put(RESOLVED, EnumSet.of(INVESTIGATING));
        STATUS_MOVES.put(DISMISSED, EnumSet.noneOf(IncidentStatus.class));
    }

    private Lifecycle() {
    }

    /** Whether a status change (through an update, not publish/dismiss) is allowed. */
    public static boolean canMove(IncidentStatus from, IncidentStatus to) {
        return STATUS_MOVES.get(from).contains(to);
    }

    /** The statuses an update may move {@code from} to, for error messages. */
    public static Set<IncidentStatus> movesFrom(IncidentStatus from) {
        return STATUS_MOVES.get(from);
    }

    /** Publishing turns a draft into a declared incident; anything else cannot be published. */
    public static boolean canPublish(IncidentStatus from) {
        return from == DRAFT;
    }

    public static boolean canDismiss(IncidentStatus from) {
        return from == DRAFT;
    }

    /** Moving back to investigating from mitigated or resolved. */
    public static boolean isReopen(IncidentStatus from, IncidentStatus to) {
        return to == INVESTIGATING && (from == MITIGATED || from == RESOLVED);
    }
}

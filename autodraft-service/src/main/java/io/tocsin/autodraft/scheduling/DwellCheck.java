package io.tocsin.autodraft.scheduling;

import java.time.Instant;
import java.util.UUID;

/** A persisted re-check of a metric that flipped unhealthy under the dwell policy; see {@link DraftRules}. */
public record DwellCheck(UUID id, String org, String metric, long flipSeq, Instant dueAt) {
}

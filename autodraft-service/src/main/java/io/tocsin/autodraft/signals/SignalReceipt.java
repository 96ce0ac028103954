package io.tocsin.autodraft.signals;

import io.tocsin.autodraft.catalogue.Health;

/** What became of one signal: its id (generated when the sender gave none), metric, outcome and the health after it. */
public record SignalReceipt(String signalId, String metric, SignalOutcome outcome, Health health) {
}

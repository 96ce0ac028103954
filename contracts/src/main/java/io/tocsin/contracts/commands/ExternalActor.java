package io.tocsin.contracts.commands;

/** Who did something in an external tool (a PagerDuty user, say): any of the fields may be missing. */
public record ExternalActor(String id, String name, String email) {
}

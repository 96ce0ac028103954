package io.tocsin.contracts.commands;

/**
 * The fields every command's data carries: a unique id (the consumer's idempotency key), the
 * organisation, and the origin (a destination such as {@code pagerduty} that must not be
 * echoed the change it caused, or the producing service).
 */
public record CommandHeader(String commandId, String org, String origin) {
}

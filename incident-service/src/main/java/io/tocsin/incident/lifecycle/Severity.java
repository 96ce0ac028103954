package io.tocsin.incident.lifecycle;

import java.time.Duration;

/** How bad an incident is, and how fast someone must respond. */
public enum Severity {
    SEV1("Critical", Duration.ofMinutes(15)),
    SEV2("Major", Duration.ofMinutes(30)),
    SEV3("Minor", Duration.ofHours(2)),
    /**
     * Next business day. The duration is a floor only: analytics measures SEV4 against the end
     * (24:00 UTC) of the first Monday-to-Friday day after the day of declaration.
     */
    SEV4("Low", Duration.ofDays(1));

    private final String label;
    private final Duration responseTarget;

    Severity(String label, Duration responseTarget) {
        this.label = label;
        this.responseTarget = responseTarget;
    }

    public String label() {
        return label;
    }

    public Duration responseTarget() {
        return responseTarget;
    }
}

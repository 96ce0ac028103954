package io.tocsin.notifier.events;

/**
 * What the notifier remembers of an incident between its events.
 *
 * @param lastScore        latest anomaly score seen ({@code incident.auto_drafted}, {@code incident.signal_appended})
 * @param pagerDutyOpen    a trigger was planned and no resolve since
 * @param pagerDutyKey     the routing key of that trigger (the resolve must use the same one)
 * @param incidentIoPlanned an incident.io incident was requested
 */
public record IncidentState(Double lastScore, boolean pagerDutyOpen, String pagerDutyKey, boolean incidentIoPlanned) {

    public static final IncidentState NEW = new IncidentState(null, false, null, false);

    public IncidentState withScore(Double score) {
        return new IncidentState(score, pagerDutyOpen, pagerDutyKey, incidentIoPlanned);
    }

    public IncidentState withPagerDuty(boolean open, String key) {
        return new IncidentState(lastScore, open, key, incidentIoPlanned);
    }

    public IncidentState withIncidentIoPlanned() {
        return new IncidentState(lastScore, pagerDutyOpen, pagerDutyKey, true);
    }
}

package io.tocsin.notifier.events;

/**
 * The moments of an incident's life that external tools care about, read from one event. Shared by
 * the PagerDuty and incident.io rules so that both see "published", "resolved" and "reopened" alike.
 */
public final class Moments {

    private Moments() {
    }

    /**
     * The incident just became visible: created already published, an auto-draft published, a draft
     * published by hand, or a resolved incident reopened.
     */
    public static boolean wentLive(IncidentEventData event) {
        return switch (event.type()) {
            case "incident.created" -> Severity.isPublished(event.status()) && !"resolved".equals(event.status());
            case "incident.auto_published" -> true;
            case "incident.status_changed" -> isPublish(event) || isReopen(event);
            default -> false;
        };
    }

    public static boolean isPublish(IncidentEventData event) {
        return "incident.status_changed".equals(event.type()) && "draft".equals(event.changeText("from"))
                && Severity.isPublished(event.changeText("to"));
    }

    public static boolean isReopen(IncidentEventData event) {
        return "incident.status_changed".equals(event.type()) && "resolved".equals(event.changeText("from"))
                && !"resolved".equals(event.changeText("to"));
    }

    public static boolean isResolved(IncidentEventData event) {
        return "incident.status_changed".equals(event.type()) && "resolved".equals(event.changeText("to"));
    }

    public static boolean isSeverityChange(IncidentEventData event) {
        return "incident.severity_changed".equals(event.type());
    }

    /** Published and not resolved: an incident that should be open in the external tools. */
    public static boolean isOpen(IncidentEventData event) {
        return Severity.isPublished(event.status()) && !"resolved".equals(event.status());
    }
}

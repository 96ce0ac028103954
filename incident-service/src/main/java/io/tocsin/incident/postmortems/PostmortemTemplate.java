package io.tocsin.incident.postmortems;

import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.links.Link;
import io.tocsin.incident.links.LinkType;
import io.tocsin.incident.timeline.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Markdown draft of a postmortem, written from the resolved incident: summary, impact window
 * and durations, the timeline, linked alerts and deploys, and empty sections for the root cause
 * and the lessons learned. Plain text work, no I/O.
 */
public final class PostmortemTemplate {

    /** Timeline entries written into the draft; a longer timeline is summarised by a count. */
    public static final int MAX_TIMELINE_ENTRIES = 500;
    /** A longer timeline message is cut (the full text stays on the incident's timeline). */
    static final int MAX_MESSAGE = 1_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PostmortemTemplate() {
    }

    /**
     * @param timeline     the first entries of the incident's timeline, oldest first
     * @param moreEntries  how many entries follow those (0 when all are there)
     */
    public static String render(Incident incident, List<TimelineEntry> timeline, long moreEntries, List<Link> links) {
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: ").append(incident.reference()).append(" — ").append(incident.title()).append("\n\n");
        md.append("_Drafted by Tocsin when the incident was resolved. Complete the root cause and the lessons learned;")
                .append(" track follow-ups as action items._\n\n");
        summary(md, incident);
        impact(md, incident);
        timeline(md, timeline, moreEntries);
        links(md, "Linked alerts", links.stream().filter(l -> l.type() == LinkType.ALERT).toList());
        links(md, "Linked deploys", links.stream().filter(l -> l.type() == LinkType.DEPLOY).toList());
        List<Link> other = links.stream().filter(l -> l.type() != LinkType.ALERT && l.type() != LinkType.DEPLOY).toList();
        if (!other.isEmpty()) {
            links(md, "Other links", other);
        }
        md.append("## Root cause\n\n");
        md.append("## Lessons learned\n\n");
        return md.toString();
    }

    private static void summary(StringBuilder md, Incident i) {
        md.append("## Summary\n\n");
        md.append("| | |\n| --- | --- |\n");
        row(md, "Severity", i.severity().name() + " (" + i.severity().label() + ")");
        row(md, "Services", i.services().isEmpty() ? "none recorded" : String.join(", ", i.services()));
        row(md, "Environment", orNone(i.environment()));
        row(md, "Commander", orNone(i.commanderId()));
        row(md, "Declared by", orNone(i.declaredBy()));
        md.append('\n');
        if (i.description() != null && !i.description().isBlank()) {
            md.append(i.description().strip()).append("\n\n");
        }
        if (i.mitigationSummary() != null && !i.mitigationSummary().isBlank()) {
            md.append("**Mitigation:** ").append(i.mitigationSummary().strip()).append("\n\n");
        }
        if (i.resolutionSummary() != null && !i.resolutionSummary().isBlank()) {
            md.append("**Resolution:** ").append(i.resolutionSummary().strip()).append("\n\n");
        }
    }

    private static void impact(StringBuilder md, Incident i) {
        md.append("## Impact window and durations\n\n");
        md.append("| | time |\n| --- | --- |\n");
        row(md, "Impact started", time(i.impactStartedAt()));
        row(md, "Detected", time(i.detectedAt()));
        row(md, "Declared", time(i.declaredAt()));
        row(md, "Acknowledged", time(i.acknowledgedAt()));
        row(md, "Mitigated", time(i.mitigatedAt()));
        row(md, "Resolved", time(i.resolvedAt()));
        md.append('\n');
        Instant impactEnd = i.mitigatedAt() != null ? i.mitigatedAt() : i.resolvedAt();
        md.append("- Impact window (impact start → ").append(i.mitigatedAt() != null ? "mitigated" : "resolved").append("): ")
                .append(between(i.impactStartedAt(), impactEnd)).append('\n');
        md.append("- Time to detect (impact start → declared): ").append(between(i.impactStartedAt(), i.declaredAt())).append('\n');
        md.append("- Time to acknowledge (declared → acknowledged): ").append(between(i.declaredAt(), i.acknowledgedAt())).append('\n');
        md.append("- Time to mitigate (declared → mitigated): ").append(between(i.declaredAt(), i.mitigatedAt())).append('\n');
        md.append("- Time to resolve (declared → resolved): ").append(between(i.declaredAt(), i.resolvedAt())).append("\n\n");
    }

    private static void timeline(StringBuilder md, List<TimelineEntry> entries, long more) {
        md.append("## Timeline\n\n");
        for (TimelineEntry entry : entries) {
            String message = entry.message().strip();
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "…";
            }
            // continuation lines are indented to stay inside the list item (blank lines stay blank)
            md.append("- **").append(TIME.format(entry.occurredAt())).append("** — ")
                    .append(message.replaceAll("\n(?=[^\n])", "\n  ")).append('\n');
        }
        if (more > 0) {
            md.append("- … ").append(more).append(" more entries on the incident's timeline.\n");
        }
        md.append('\n');
    }

    private static void links(StringBuilder md, String title, List<Link> links) {
        md.append("## ").append(title).append("\n\n");
        if (links.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        for (Link link : links) {
            String name = link.title() != null && !link.title().isBlank() ? link.title() + " (" + link.targetId() + ")"
                    : link.targetId();
            String kind = link.type().wire().replace('_', ' ');
            md.append("- ").append(kind).append(' ')
                    .append(link.url() != null && !link.url().isBlank() ? "[" + name + "](" + link.url() + ")" : name)
                    .append('\n');
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|").replace("\n", " ")).append(" |\n");
    }

    private static String time(Instant at) {
        return at == null ? "not recorded" : TIME.format(at);
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }

    /** A duration such as {@code 1h 05m 30s}; "not known" when a time is missing. */
    static String between(Instant start, Instant end) {
        if (start == null || end == null) {
            return "not known";
        }
        Duration d = Duration.between(start, end);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        if (days > 0) {
            return String.format("%dd %02dh %02dm", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format("%dh %02dm %02ds", hours, minutes, seconds);
        }
        if (minutes > 0) {
            return String.format("%dm %02ds", minutes, seconds);
        }
        return seconds + "s";
    }
}

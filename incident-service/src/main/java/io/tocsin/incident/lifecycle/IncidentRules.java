package io.tocsin.incident.lifecycle;

import static io.tocsin.incident.lifecycle.IncidentStatus.DECLARED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DISMISSED;
import static io.tocsin.incident.lifecycle.IncidentStatus.DRAFT;
import static io.tocsin.incident.lifecycle.IncidentStatus.MITIGATED;
import static io.tocsin.incident.lifecycle.IncidentStatus.RESOLVED;

import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.contracts.commands.ExternalChange;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.incident.events.IncidentEvents.EventNote;
import io.tocsin.incident.timeline.EntryKind;
import io.tocsin.incident.timeline.TimelineNote;
import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.ProblemException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a create, update, publish or dismiss does to an incident: the new state, the timeline
 * entries and the events. Plain rules with no I/O; the service persists the outcome.
 */
public final class IncidentRules {

    private IncidentRules() {
    }

    /** The outcome of a change; an empty change leaves the incident (and its version) alone. */
    public record Change(Incident after, List<TimelineNote> notes, List<EventNote> events) {
        public boolean isEmpty() {
            return notes.isEmpty() && events.isEmpty();
        }
    }

    public static Change create(CreateIncidentRequest req, UUID id, String org, String reference, String actor,
            Instant now, String onCallCommander) {
        boolean draft = Boolean.TRUE.equals(req.draft());
        checkNotFuture("impactStartedAt", req.impactStartedAt(), now);
        checkNotFuture("detectedAt", req.detectedAt(), now);
        Incident.Builder b = new Incident.Builder();
        b.id = id;
        b.org = org;
        b.reference = reference;
        b.title = req.title().strip();
        b.description = req.description() == null ? "" : req.description();
        b.severity = req.severity();
        b.status = draft ? DRAFT : DECLARED;
        b.environment = req.environment();
        b.services = req.services() == null ? List.of() : List.copyOf(new LinkedHashSet<>(req.services()));
        b.owners = req.owners() == null ? List.of() : List.copyOf(new LinkedHashSet<>(req.owners()));
        b.commanderId = req.commanderId();
        b.declaredBy = draft ? null : actor;
        b.sourceKind = req.source() == null ? SourceKind.MANUAL : req.source().kind();
        b.sourceExternalId = req.source() == null ? null : req.source().externalId();
        b.customFields = req.customFields() == null ? Map.of() : req.customFields();
        b.autoDrafted = false;
        b.impactStartedAt = req.impactStartedAt();
        b.detectedAt = req.detectedAt();
        b.declaredAt = draft ? null : now;
        b.lastUpdateAt = now;
        b.createdAt = now;
        b.updatedAt = now;
        b.version = 1;
        List<TimelineNote> notes = new ArrayList<>();
        if (draft) {
            notes.add(TimelineNote.auto(EntryKind.DRAFTED, "Draft created by " + actor + ".", actor,
                    Map.of("severity", b.severity.name())));
        } else {
            notes.add(TimelineNote.auto(EntryKind.DECLARED, "Incident declared by " + actor + " as " + b.severity.name()
                    + " (" + b.severity.label() + ").", actor, Map.of("severity", b.severity.name())));
            if (b.commanderId == null && onCallCommander != null) {
                b.commanderId = onCallCommander;
                notes.add(commanderNote(null, onCallCommander, actor, true));
            }
        }
        return new Change(b.build(), notes, List.of(new EventNote(IncidentEventType.CREATED, Map.of())));
    }

    public static Change update(Incident current, UpdateIncidentRequest req, String actor, Instant now) {
        if (current.status() == DISMISSED) {
            throw ProblemException.conflict("dismissed", "dismissed incidents cannot be changed");
        }
        Incident.Builder b = current.toBuilder();
        List<TimelineNote> notes = new ArrayList<>();
        List<EventNote> events = new ArrayList<>();
        List<String> updatedFields = new ArrayList<>();
        Map<String, Object> updateDetails = new LinkedHashMap<>();

        if (req.has("status") && req.status() != current.status()) {
            applyStatus(current, req, b, actor, now, notes, events);
        } else {
            applySummaries(current, req, b, now);
        }
        if (req.has("severity") && req.severity() != current.severity()) {
            b.severity = req.severity();
            notes.add(TimelineNote.auto(EntryKind.SEVERITY_CHANGED, "Severity changed from " + current.severity()
                    + " to " + req.severity() + " by " + actor + ".", actor,
                    Map.of("from", current.severity().name(), "to", req.severity().name())));
            events.add(new EventNote(IncidentEventType.SEVERITY_CHANGED,
                    Map.of("from", current.severity().name(), "to", req.severity().name())));
        }
        if (req.has("commanderId") && !Objects.equals(req.commanderId(), current.commanderId())) {
            b.commanderId = req.commanderId();
            notes.add(commanderNote(current.commanderId(), req.commanderId(), actor, false));
            events.add(new EventNote(IncidentEventType.COMMANDER_ASSIGNED, nullable("from", current.commanderId(),
                    "to", req.commanderId())));
        }
        if (req.has("services")) {
            List<String> services = List.copyOf(new LinkedHashSet<>(req.services()));
            List<String> added = services.stream().filter(s -> !current.services().contains(s)).toList();
            List<String> removed = current.services().stream().filter(s -> !services.contains(s)).toList();
            if (!added.isEmpty() || !removed.isEmpty()) {
                b.services = services;
                notes.add(TimelineNote.auto(EntryKind.SERVICES_CHANGED, servicesMessage(added, removed, actor), actor,
                        Map.of("added", added, "removed", removed)));
                updatedFields.add("services");
                updateDetails.put("servicesAdded", added);
                updateDetails.put("servicesRemoved", removed);
            } else if (!services.equals(current.services())) {
                b.services = services;
                updatedFields.add("services");
            }
        }
        if (req.has("title") && !req.title().strip().equals(current.title())) {
            b.title = req.title().strip();
            updatedFields.add("title");
        }
        if (req.has("description") && !Objects.equals(orEmpty(req.description()), current.description())) {
            b.description = orEmpty(req.description());
            updatedFields.add("description");
        }
        if (req.has("owners") && !List.copyOf(new LinkedHashSet<>(req.owners())).equals(current.owners())) {
            b.owners = List.copyOf(new LinkedHashSet<>(req.owners()));
            updatedFields.add("owners");
        }
        if (req.has("environment") && !Objects.equals(req.environment(), current.environment())) {
            b.environment = req.environment();
            updatedFields.add("environment");
        }
        if (req.has("customFields") && !req.customFields().equals(current.customFields())) {
            b.customFields = req.customFields();
            updatedFields.add("customFields");
        }
        if (req.has("impactStartedAt") && !Objects.equals(req.impactStartedAt(), current.impactStartedAt())) {
            checkNotFuture("impactStartedAt", req.impactStartedAt(), now);
            b.impactStartedAt = req.impactStartedAt();
            updatedFields.add("impactStartedAt");
        }
        if (req.has("detectedAt") && !Objects.equals(req.detectedAt(), current.detectedAt())) {
            checkNotFuture("detectedAt", req.detectedAt(), now);
            b.detectedAt = req.detectedAt();
            updatedFields.add("detectedAt");
        }
        if (summariesChanged(current, b)) {
            updatedFields.add("summaries");
        }
        if (!updatedFields.isEmpty()) {
            updateDetails.put("fields", updatedFields);
            events.add(new EventNote(IncidentEventType.UPDATED, updateDetails));
        }
        if (notes.isEmpty() && events.isEmpty()) {
            return new Change(current, List.of(), List.of());
        }
        b.version = current.version() + 1;
        b.updatedAt = now;
        if (!notes.isEmpty()) {
            b.lastUpdateAt = now;
        }
        return new Change(b.build(), notes, events);
    }

    /** Draft → declared. Publishing a published incident changes nothing; a dismissed one cannot be published. */
    public static Change publish(Incident current, String actor, Instant now, String onCallCommander) {
        if (current.status() == DISMISSED) {
            throw ProblemException.conflict("illegal-transition", "a dismissed draft cannot be published");
        }
        if (!Lifecycle.canPublish(current.status())) {
            return new Change(current, List.of(), List.of());
        }
        Incident.Builder b = current.toBuilder();
        b.status = DECLARED;
        b.declaredAt = now;
        b.declaredBy = actor;
        b.version = current.version() + 1;
        b.updatedAt = now;
        b.lastUpdateAt = now;
        List<TimelineNote> notes = new ArrayList<>();
        List<EventNote> events = new ArrayList<>();
        notes.add(TimelineNote.auto(EntryKind.PUBLISHED, "Draft published by " + actor + ".", actor, Map.of()));
        Map<String, Object> change = new LinkedHashMap<>(Map.of("from", DRAFT.wire(), "to", DECLARED.wire(), "by", actor));
        if (current.autoDrafted()) {
            change.put("metric", current.sourceExternalId());
        }
        IncidentEventType type = current.autoDrafted() ? IncidentEventType.AUTO_PUBLISHED : IncidentEventType.STATUS_CHANGED;
        events.add(new EventNote(type, change));
        if (b.commanderId == null && onCallCommander != null) {
            b.commanderId = onCallCommander;
            notes.add(commanderNote(null, onCallCommander, actor, true));
            events.add(new EventNote(IncidentEventType.COMMANDER_ASSIGNED, nullable("from", null, "to", onCallCommander)));
        }
        return new Change(b.build(), notes, events);
    }

    /** Draft → dismissed (soft delete). Dismissing a dismissed draft changes nothing; a published incident cannot be dismissed. */
    public static Change dismiss(Incident current, String actor, Instant now) {
        if (current.status() == DISMISSED) {
            return new Change(current, List.of(), List.of());
        }
        if (!Lifecycle.canDismiss(current.status())) {
            throw ProblemException.conflict("illegal-transition",
                    "only drafts can be dismissed; this incident is " + current.status().wire());
        }
        Incident.Builder b = current.toBuilder();
        b.status = DISMISSED;
        b.version = current.version() + 1;
        b.updatedAt = now;
        b.lastUpdateAt = now;
        TimelineNote note = TimelineNote.auto(EntryKind.DISMISSED, "Draft dismissed by " + actor + ".", actor, Map.of());
        Map<String, Object> change = new LinkedHashMap<>(Map.of("from", DRAFT.wire(), "to", DISMISSED.wire(), "by", actor));
        if (current.autoDrafted()) {
            change.put("reason", "operator_dismiss");
            change.put("metric", current.sourceExternalId());
        }
        IncidentEventType type = current.autoDrafted() ? IncidentEventType.AUTO_DISMISSED : IncidentEventType.STATUS_CHANGED;
        return new Change(b.build(), List.of(note), List.of(new EventNote(type, change)));
    }

    /**
     * A draft for a metric that turned unhealthy (SPEC §4.1). {@code links} carries the signed
     * publish and dismiss URLs, which go into the event only.
     */
    public static Change autoDraft(DraftIncident request, UUID id, String reference, Instant now, Map<String, Object> links) {
        Severity severity = Severity.valueOf(request.severity());
        String metricName = metricName(request);
        Incident.Builder b = new Incident.Builder();
        b.id = id;
        b.org = request.org();
        b.reference = reference;
        b.title = truncate("Investigating elevated errors on " + metricName, Fields.TITLE_MAX);
        b.description = "";
        b.severity = severity;
        b.status = DRAFT;
        b.services = request.services() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.services()));
        b.owners = List.of();
        b.sourceKind = SourceKind.AUTODRAFT;
        b.sourceExternalId = request.metric();
        b.customFields = Map.of();
        b.autoDrafted = true;
        b.impactStartedAt = request.unhealthySince();
        b.detectedAt = request.observedAt();
        b.lastUpdateAt = now;
        b.createdAt = now;
        b.updatedAt = now;
        b.version = 1;
        Map<String, Object> signal = signal(request);
        TimelineNote note = TimelineNote.auto(EntryKind.DRAFTED, "Metric " + metricName + " is unhealthy: "
                + describeValue(request) + " since " + request.unhealthySince() + " (auto-detected). Draft created by Tocsin.",
                null, signal);
        Map<String, Object> change = new LinkedHashMap<>(signal);
        change.putAll(links);
        return new Change(b.build(), List.of(note), List.of(new EventNote(IncidentEventType.AUTO_DRAFTED, change)));
    }

    /** A draft request folded into an incident already open on the service: a timeline entry, nothing new. */
    public static Change signalAppended(Incident open, DraftIncident request, Instant now) {
        Incident.Builder b = open.toBuilder();
        b.lastUpdateAt = now;
        Map<String, Object> signal = signal(request);
        TimelineNote note = TimelineNote.auto(EntryKind.SIGNAL_APPENDED,
                "Metric " + metricName(request) + " is now unhealthy (auto-detected).", null, signal);
        return new Change(b.build(), List.of(note), List.of(new EventNote(IncidentEventType.SIGNAL_APPENDED, signal)));
    }

    /** Draft → dismissed because nobody decided within 24 hours; anything already decided is left alone. */
    public static Change expire(Incident current, Instant now) {
        if (current.status() != DRAFT) {
            return new Change(current, List.of(), List.of());
        }
        Incident.Builder b = current.toBuilder();
        b.status = DISMISSED;
        b.version = current.version() + 1;
        b.updatedAt = now;
        b.lastUpdateAt = now;
        TimelineNote note = TimelineNote.auto(EntryKind.EXPIRED, "Draft expired: nobody published or dismissed it within 24 hours.",
                null, Map.of("reason", "auto_expired"));
        Map<String, Object> change = new LinkedHashMap<>(Map.of("from", DRAFT.wire(), "to", DISMISSED.wire(), "reason", "auto_expired"));
        if (current.sourceExternalId() != null) {
            change.put("metric", current.sourceExternalId());
        }
        IncidentEventType type = current.autoDrafted() ? IncidentEventType.AUTO_DISMISSED : IncidentEventType.STATUS_CHANGED;
        return new Change(b.build(), List.of(note), List.of(new EventNote(type, change)));
    }

    /**
     * Acknowledged in an external tool: the engineer goes on the timeline, {@code acknowledgedAt}
     * is set, and a declared incident moves to investigating. Drafts and dismissed incidents are
     * not the tool's to change, so nothing happens to them.
     */
    public static Change acknowledgedExternally(Incident current, ExternalChange command, Instant now) {
        if (!isLive(current)) {
            return new Change(current, List.of(), List.of());
        }
        Incident.Builder b = current.toBuilder();
        Instant at = clamp(command.at(), current.declaredAt(), now);
        List<TimelineNote> notes = new ArrayList<>();
        List<EventNote> events = new ArrayList<>();
        notes.add(TimelineNote.auto(EntryKind.EXTERNAL_ACKNOWLEDGED, "Acknowledged in " + tool(command) + " by "
                + actor(command.by()) + ".", null, externalData(command)));
        if (b.acknowledgedAt == null) {
            b.acknowledgedAt = at;
        }
        if (current.status() == DECLARED) {
            b.status = IncidentStatus.INVESTIGATING;
            events.add(new EventNote(IncidentEventType.STATUS_CHANGED, originated(command, "from", DECLARED.wire(), "to",
                    IncidentStatus.INVESTIGATING.wire())));
        } else {
            events.add(new EventNote(IncidentEventType.UPDATED, originated(command, "fields", List.of("acknowledgedAt"), "by",
                    actor(command.by()))));
        }
        return externally(b, current, notes, events, now);
    }

    /** Resolved in an external tool: its note becomes the resolution summary. Already resolved: nothing. */
    public static Change resolvedExternally(Incident current, ExternalChange command, Instant now) {
        if (!isLive(current) || current.status() == RESOLVED) {
            return new Change(current, List.of(), List.of());
        }
        Incident.Builder b = current.toBuilder();
        Instant at = clamp(command.at(), current.declaredAt(), now);
        String summary = command.note() == null || command.note().isBlank()
                ? "Resolved in " + tool(command) + " by " + actor(command.by()) + "." : command.note();
        b.status = RESOLVED;
        b.resolvedAt = at;
        b.resolutionSummary = truncate(summary, Fields.SUMMARY_MAX);
        if (b.acknowledgedAt == null) {
            b.acknowledgedAt = at;
        }
        TimelineNote note = TimelineNote.auto(EntryKind.EXTERNAL_RESOLVED, "Resolved in " + tool(command) + " by "
                + actor(command.by()) + "." + (command.note() == null || command.note().isBlank() ? "" : "\n\n" + command.note()),
                null, externalData(command));
        return externally(b, current, List.of(note), List.of(new EventNote(IncidentEventType.STATUS_CHANGED,
                originated(command, "from", current.status().wire(), "to", RESOLVED.wire()))), now);
    }

    /** Reopened in an external tool: a resolved incident goes back to investigating. */
    public static Change reopenedExternally(Incident current, ExternalChange command, Instant now) {
        if (current.status() != RESOLVED) {
            return new Change(current, List.of(), List.of());
        }
        Incident.Builder b = current.toBuilder();
        b.status = IncidentStatus.INVESTIGATING;
        b.resolvedAt = null;
        b.resolutionSummary = null;
        b.mitigatedAt = null;
        b.mitigationSummary = null;
        TimelineNote note = TimelineNote.auto(EntryKind.EXTERNAL_REOPENED, "Reopened in " + tool(command) + " by "
                + actor(command.by()) + ".", null, externalData(command));
        return externally(b, current, List.of(note), List.of(new EventNote(IncidentEventType.STATUS_CHANGED,
                originated(command, "from", RESOLVED.wire(), "to", IncidentStatus.INVESTIGATING.wire()))), now);
    }

    /** Reassigned in an external tool: who it is assigned to there goes on the timeline. */
    public static Change reassignedExternally(Incident current, ExternalChange command, Instant now) {
        if (!isLive(current)) {
            return new Change(current, List.of(), List.of());
        }
        List<String> assignees = command.assignees() == null ? List.of()
                : command.assignees().stream().map(IncidentRules::actor).toList();
        String message = "Reassigned in " + tool(command) + (assignees.isEmpty() ? "" : " to " + String.join(", ", assignees))
                + " by " + actor(command.by()) + ".";
        Map<String, Object> data = new LinkedHashMap<>(externalData(command));
        data.put("assignees", assignees);
        TimelineNote note = TimelineNote.auto(EntryKind.EXTERNAL_REASSIGNED, message, null, data);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", EntryKind.EXTERNAL_REASSIGNED.wire());
        entry.put("message", message);
        Incident.Builder b = current.toBuilder();
        b.lastUpdateAt = now;
        return new Change(b.build(), List.of(note), List.of(new EventNote(IncidentEventType.TIMELINE_ENTRY_ADDED,
                originated(command, "entry", entry, "assignees", assignees))));
    }

    /**
     * The first import of an incident run in another tool (command {@code import_incident}): it is
     * stored as it is there, with source {@code incident_io} and the tool's id, for analytics.
     * Nothing is assigned or derived: no on-call commander, no lifecycle checks on its status.
     */
    public static Change imported(ImportIncident command, Severity severity, IncidentStatus status, UUID id,
            String reference, Instant now) {
        Incident.Builder b = new Incident.Builder();
        b.id = id;
        b.org = command.org();
        b.reference = reference;
        b.owners = List.of();
        b.sourceKind = SourceKind.INCIDENT_IO;
        b.sourceExternalId = command.externalId();
        b.autoDrafted = false;
        copyImported(b, command, severity, status);
        b.lastUpdateAt = now;
        b.createdAt = now;
        b.updatedAt = now;
        b.version = 1;
        String tool = tool(command.origin());
        String message = "Imported from " + tool + (command.url() == null || command.url().isBlank() ? ""
                : " ([" + command.externalId() + "](" + command.url() + "))") + ".";
        TimelineNote note = TimelineNote.auto(EntryKind.IMPORTED, message, null, importData(command));
        return new Change(b.build(), List.of(note), List.of(new EventNote(IncidentEventType.CREATED,
                Map.of("origin", command.origin()))));
    }

    /**
     * A later import of the same incident: its fields and timestamps follow the tool. Nothing
     * changed, nothing happens; otherwise one timeline entry names what changed, and the events
     * (status, severity, other fields) carry the origin so that the tool is not sent it back.
     */
    public static Change reimported(Incident current, ImportIncident command, Severity severity, IncidentStatus status,
            Instant now) {
        Incident.Builder b = current.toBuilder();
        copyImported(b, command, severity, status);
        Incident candidate = b.build();
        List<String> fields = new ArrayList<>();
        addIfChanged(fields, "title", current.title(), candidate.title());
        addIfChanged(fields, "description", current.description(), candidate.description());
        addIfChanged(fields, "services", current.services(), candidate.services());
        addIfChanged(fields, "customFields", current.customFields(), candidate.customFields());
        addIfChanged(fields, "impactStartedAt", current.impactStartedAt(), candidate.impactStartedAt());
        addIfChanged(fields, "declaredAt", current.declaredAt(), candidate.declaredAt());
        addIfChanged(fields, "acknowledgedAt", current.acknowledgedAt(), candidate.acknowledgedAt());
        addIfChanged(fields, "resolvedAt", current.resolvedAt(), candidate.resolvedAt());
        boolean statusChanged = current.status() != status;
        boolean severityChanged = current.severity() != severity;
        if (fields.isEmpty() && !statusChanged && !severityChanged) {
            return new Change(current, List.of(), List.of());
        }
        List<String> described = new ArrayList<>();
        List<EventNote> events = new ArrayList<>();
        if (statusChanged) {
            described.add("status " + current.status() + " → " + status);
            events.add(new EventNote(IncidentEventType.STATUS_CHANGED, originated(command.origin(), "from",
                    current.status().wire(), "to", status.wire())));
        }
        if (severityChanged) {
            described.add("severity " + current.severity() + " → " + severity);
            events.add(new EventNote(IncidentEventType.SEVERITY_CHANGED, originated(command.origin(), "from",
                    current.severity().name(), "to", severity.name())));
        }
        described.addAll(fields);
        if (!fields.isEmpty()) {
            events.add(new EventNote(IncidentEventType.UPDATED, originated(command.origin(), "fields", fields, "by",
                    tool(command.origin()))));
        }
        Map<String, Object> data = new LinkedHashMap<>(importData(command));
        data.put("changed", described);
        TimelineNote note = TimelineNote.auto(EntryKind.IMPORT_UPDATED, "Updated from " + tool(command.origin()) + ": "
                + String.join(", ", described) + ".", null, data);
        b.version = current.version() + 1;
        b.updatedAt = now;
        b.lastUpdateAt = now;
        return new Change(b.build(), List.of(note), events);
    }

    /** The fields an import sets, the same on the first import and on later ones. */
    private static void copyImported(Incident.Builder b, ImportIncident command, Severity severity, IncidentStatus status) {
        String name = command.name() == null || command.name().isBlank()
                ? "Imported incident " + command.externalId() : command.name().strip();
        b.title = truncate(name, Fields.TITLE_MAX);
        b.description = command.summary() == null ? "" : truncate(command.summary(), Fields.DESCRIPTION_MAX);
        b.severity = severity;
        b.status = status;
        b.services = importedServices(command.services());
        b.customFields = command.customFields() == null ? Map.of() : command.customFields();
        b.impactStartedAt = micros(command.impactStartedAt());
        b.declaredAt = micros(command.declaredAt());
        b.acknowledgedAt = micros(command.acknowledgedAt());
        b.resolvedAt = status == RESOLVED ? micros(command.resolvedAt()) : null;
    }

    /**
     * Service names from another tool as Tocsin slugs: lower case, anything but letters and digits
     * becomes '-', at most 63 characters; names with nothing left are dropped, duplicates once.
     */
    public static List<String> importedServices(List<String> names) {
        if (names == null) {
            return List.of();
        }
        LinkedHashSet<String> slugs = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            if (slug.length() > 63) {
                slug = slug.substring(0, 63).replaceAll("-+$", "");
            }
            if (!slug.isEmpty() && slugs.size() < 50) {
                slugs.add(slug);
            }
        }
        return List.copyOf(slugs);
    }

    private static Map<String, Object> importData(ImportIncident command) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("origin", command.origin());
        data.put("externalId", command.externalId());
        data.put("url", command.url());
        return data;
    }

    private static void addIfChanged(List<String> fields, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.add(name);
        }
    }

    /** Stored timestamps have microsecond precision; compare and keep what the database keeps. */
    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    private static Change externally(Incident.Builder b, Incident current, List<TimelineNote> notes, List<EventNote> events,
            Instant now) {
        b.version = current.version() + 1;
        b.updatedAt = now;
        b.lastUpdateAt = now;
        return new Change(b.build(), notes, events);
    }

    private static boolean isLive(Incident incident) {
        return incident.status() != DRAFT && incident.status() != DISMISSED;
    }

    /** Between the declaration and now: another tool's clock does not move Tocsin's history. */
    private static Instant clamp(Instant at, Instant declaredAt, Instant now) {
        Instant value = at == null || at.isAfter(now) ? now : at;
        return declaredAt != null && value.isBefore(declaredAt) ? declaredAt : value;
    }

    private static String tool(ExternalChange command) {
        return tool(command.origin());
    }

    private static String tool(String origin) {
        return switch (String.valueOf(origin)) {
            case "pagerduty" -> "PagerDuty";
            case "incident_io" -> "incident.io";
            default -> String.valueOf(origin);
        };
    }

    static String actor(io.tocsin.contracts.commands.ExternalActor actor) {
        if (actor == null) {
            return "someone";
        }
        String name = actor.name() != null && !actor.name().isBlank() ? actor.name() : actor.id();
        if (actor.email() != null && !actor.email().isBlank()) {
            return name == null ? actor.email() : name + " <" + actor.email() + ">";
        }
        return name == null ? "someone" : name;
    }

    private static Map<String, Object> externalData(ExternalChange command) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("origin", command.origin());
        data.put("externalId", command.externalId());
        data.put("by", command.by() == null ? null : actor(command.by()));
        data.put("at", command.at() == null ? null : command.at().toString());
        return data;
    }

    /** The change of an event caused by an external tool names it, so the tool is not sent its own change back. */
    private static Map<String, Object> originated(ExternalChange command, String k1, Object v1, String k2, Object v2) {
        return originated(command.origin(), k1, v1, k2, v2);
    }

    private static Map<String, Object> originated(String origin, String k1, Object v1, String k2, Object v2) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(k1, v1);
        change.put(k2, v2);
        change.put("origin", origin);
        return change;
    }

    private static String metricName(DraftIncident request) {
        return request.metricTitle() == null || request.metricTitle().isBlank() ? request.metric() : request.metricTitle();
    }

    private static String describeValue(DraftIncident request) {
        String value = request.value() == null ? "no value reported" : "value " + request.value();
        return request.threshold() == null || request.threshold().isBlank() ? value : value + " against threshold " + request.threshold();
    }

    private static Map<String, Object> signal(DraftIncident request) {
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("metric", request.metric());
        signal.put("metricTitle", metricName(request));
        signal.put("value", request.value());
        signal.put("threshold", request.threshold());
        signal.put("score", request.score());
        signal.put("unhealthySince", request.unhealthySince() == null ? null : request.unhealthySince().toString());
        signal.put("observedAt", request.observedAt() == null ? null : request.observedAt().toString());
        return signal;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    private static void applyStatus(Incident current, UpdateIncidentRequest req, Incident.Builder b, String actor,
            Instant now, List<TimelineNote> notes, List<EventNote> events) {
        IncidentStatus from = current.status();
        IncidentStatus to = req.status();
        if (from == DRAFT && to == DECLARED) {
            throw ProblemException.conflict("illegal-transition", "drafts are declared by POST /api/incidents/{id}/publish");
        }
        if (!Lifecycle.canMove(from, to)) {
            throw ProblemException.conflict("illegal-transition", "cannot move from " + from + " to " + to
                    + (Lifecycle.movesFrom(from).isEmpty() ? "" : "; allowed: " + Lifecycle.movesFrom(from)));
        }
        b.status = to;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.wire());
        data.put("to", to.wire());
        StringBuilder message = new StringBuilder("Status changed from " + from + " to " + to + " by " + actor + ".");
        if (Lifecycle.isReopen(from, to)) {
            if (from == RESOLVED) {
                b.resolvedAt = null;
                b.resolutionSummary = null;
            }
            b.mitigatedAt = null;
            b.mitigationSummary = null;
            data.put("reopened", true);
        }
        if (to == MITIGATED) {
            b.mitigatedAt = now;
            b.mitigationSummary = req.has("mitigationSummary") ? req.mitigationSummary() : current.mitigationSummary();
            if (b.mitigationSummary != null) {
                message.append("\n\n").append(b.mitigationSummary);
                data.put("mitigationSummary", b.mitigationSummary);
            }
        } else if (req.has("mitigationSummary")) {
            throw ProblemException.invalid("mitigationSummary", "can only be set when the incident is mitigated");
        }
        if (to == RESOLVED) {
            if (req.resolutionSummary() == null || req.resolutionSummary().isBlank()) {
                throw ProblemException.invalid("resolutionSummary", "is required to resolve an incident");
            }
            Instant resolvedAt = req.resolvedAt() == null ? now : req.resolvedAt();
            checkResolvedAt(resolvedAt, current.declaredAt(), now);
            b.resolvedAt = resolvedAt;
            b.resolutionSummary = req.resolutionSummary();
            message.append("\n\n").append(b.resolutionSummary);
            data.put("resolutionSummary", b.resolutionSummary);
            data.put("resolvedAt", resolvedAt.toString());
        } else if (req.has("resolutionSummary") || req.has("resolvedAt")) {
            throw ProblemException.invalid(req.has("resolvedAt") ? "resolvedAt" : "resolutionSummary",
                    "can only be set when the incident is resolved");
        }
        if (current.acknowledgedAt() == null && from == DECLARED) {
            b.acknowledgedAt = to == RESOLVED && b.resolvedAt.isBefore(now) ? b.resolvedAt : now;
        }
        notes.add(TimelineNote.auto(EntryKind.STATUS_CHANGED, message.toString(), actor, data));
        events.add(new EventNote(IncidentEventType.STATUS_CHANGED, Map.of("from", from.wire(), "to", to.wire())));
    }

    /** Summary edits without a status change: only for the status they describe. */
    private static void applySummaries(Incident current, UpdateIncidentRequest req, Incident.Builder b, Instant now) {
        if (req.has("mitigationSummary")) {
            if (current.status() != MITIGATED) {
                throw ProblemException.invalid("mitigationSummary", "can only be set when the incident is mitigated");
            }
            b.mitigationSummary = req.mitigationSummary();
        }
        if (req.has("resolutionSummary") || req.has("resolvedAt")) {
            if (current.status() != RESOLVED) {
                throw ProblemException.invalid(req.has("resolvedAt") ? "resolvedAt" : "resolutionSummary",
                        "can only be set when the incident is resolved");
            }
            if (req.has("resolutionSummary")) {
                if (req.resolutionSummary() == null || req.resolutionSummary().isBlank()) {
                    throw ProblemException.invalid("resolutionSummary", "must not be blank for a resolved incident");
                }
                b.resolutionSummary = req.resolutionSummary();
            }
            if (req.has("resolvedAt") && req.resolvedAt() != null) {
                checkResolvedAt(req.resolvedAt(), current.declaredAt(), now);
                b.resolvedAt = req.resolvedAt();
            }
        }
    }

    private static boolean summariesChanged(Incident current, Incident.Builder b) {
        boolean statusChanged = b.status != current.status();
        return !statusChanged && (!Objects.equals(b.mitigationSummary, current.mitigationSummary())
                || !Objects.equals(b.resolutionSummary, current.resolutionSummary())
                || !Objects.equals(b.resolvedAt, current.resolvedAt()));
    }

    private static void checkResolvedAt(Instant resolvedAt, Instant declaredAt, Instant now) {
        checkNotFuture("resolvedAt", resolvedAt, now);
        if (declaredAt != null && resolvedAt.isBefore(declaredAt)) {
            throw ProblemException.invalid("resolvedAt", "must not be before the incident was declared (" + declaredAt + ")");
        }
    }

    /** Earliest time accepted for an incident's own timestamps; anything older is a typo. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private static void checkNotFuture(String field, Instant at, Instant now) {
        if (at != null && at.isAfter(now)) {
            throw ProblemException.invalid(field, "must not be in the future");
        }
        if (at != null && at.isBefore(EARLIEST)) {
            throw ProblemException.invalid(field, "must not be before 1970");
        }
    }

    private static TimelineNote commanderNote(String from, String to, String actor, boolean onCall) {
        String message;
        if (to == null) {
            message = "Commander " + from + " unassigned by " + actor + ".";
        } else if (onCall) {
            message = to + " assigned as commander (on call for an affected service).";
        } else if (from == null) {
            message = to + " assigned as commander by " + actor + ".";
        } else {
            message = "Commander changed from " + from + " to " + to + " by " + actor + ".";
        }
        Map<String, Object> data = nullable("from", from, "to", to);
        if (onCall) {
            data.put("reason", "on_call");
        }
        return TimelineNote.auto(EntryKind.COMMANDER_ASSIGNED, message, actor, data);
    }

    private static String servicesMessage(List<String> added, List<String> removed, String actor) {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        return "Services " + String.join("; ", parts) + " by " + actor + ".";
    }

    private static Map<String, Object> nullable(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new HashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Service slugs: the shape, and no more than 50. */
    static void checkServices(List<String> services, List<FieldError> errors) {
        if (services.size() > 50) {
            errors.add(new FieldError("services", "size must be between 0 and 50"));
        }
        for (int i = 0; i < services.size(); i++) {
            String s = services.get(i);
            if (s == null || !s.matches(Fields.SLUG)) {
                errors.add(new FieldError("services[" + i + "]", Fields.SLUG_MESSAGE));
            }
        }
    }

    /** Custom field values are strings, numbers, booleans or arrays of those. */
    public static void checkCustomFields(Map<String, Object> fields, List<FieldError> errors) {
        if (fields.size() > 50) {
            errors.add(new FieldError("customFields", "at most 50 fields"));
        }
        fields.forEach((name, value) -> {
            String field = "customFields." + name;
            if (name.isBlank() || name.length() > 100) {
                errors.add(new FieldError(field, "names must be 1 to 100 characters"));
            } else if (value instanceof List<?> list) {
                if (list.size() > 100 || !list.stream().allMatch(IncidentRules::isScalar)) {
                    errors.add(new FieldError(field, "arrays hold at most 100 strings, numbers or booleans"));
                }
            } else if (!isScalar(value)) {
                errors.add(new FieldError(field, "must be a string, number, boolean or an array of those"));
            }
        });
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof Boolean
                || value instanceof String s && s.length() <= Fields.CUSTOM_VALUE_MAX;
    }
}

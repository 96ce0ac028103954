package io.tocsin.incident.external;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ExternalChange;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentRules;
import io.tocsin.incident.lifecycle.IncidentRules.Change;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * The {@code external_*} commands from notifier-service: what responders did to an incident in
 * PagerDuty (or incident.io), applied here with the tool named on the timeline and in the events.
 */
public final class ExternalCommandHandlers {

    private static final Logger LOG = Logger.getLogger(ExternalCommandHandlers.class);

    private ExternalCommandHandlers() {
    }

    /** The rule that turns the command into a change of the incident. */
    interface ExternalRule {
        Change apply(Incident current, ExternalChange command, Instant now);
    }

    /** Reads the command, locks the incident of its org, applies the rule and writes the change. */
    abstract static class Handler implements MessageHandler {

        private final IncidentService incidentService;
        private final IncidentRepository incidents;
        private final ObjectMapper json;
        private final Clock clock;
        private final CommandType type;
        private final ExternalRule rule;

        Handler(IncidentService incidentService, IncidentRepository incidents, ObjectMapper json, Clock clock,
                CommandType type, ExternalRule rule) {
            this.incidentService = incidentService;
            this.incidents = incidents;
            this.json = json;
            this.clock = clock;
            this.type = type;
            this.rule = rule;
        }

        @Override
        public String type() {
            return type.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            ExternalChange command = read(message);
            return incidents.lock(tx, command.org(), command.incidentId()).flatMap(found -> {
                if (found.isEmpty()) {
                    // Not ours (another org, or deleted): nothing to do, and nothing to retry.
                    LOG.infof("%s for unknown incident %s of %s ignored", type.wireName(), command.incidentId(), command.org());
                    return Uni.createFrom().voidItem();
                }
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                Change change = rule.apply(found.get(), command, now);
                return incidentService.apply(tx, found.get(), change, now).replaceWithVoid();
            });
        }

        private ExternalChange read(CloudEventMessage message) {
            ExternalChange command = message.data(json, ExternalChange.class);
            if (command.org() == null || command.org().isBlank() || command.incidentId() == null) {
                throw new UnreadableMessage(type.wireName() + " needs org and incidentId");
            }
            if (message.org() != null && !message.org().equals(command.org())) {
                throw new UnreadableMessage(type.wireName() + " org does not match its envelope");
            }
            return command;
        }
    }

    /** {@code external_acknowledged}. */
    @Singleton
    public static class Acknowledged extends Handler {
        public Acknowledged(IncidentService service, IncidentRepository incidents, ObjectMapper json, Clock clock) {
            super(service, incidents, json, clock, CommandType.EXTERNAL_ACKNOWLEDGED, IncidentRules::acknowledgedExternally);
        }
    }

    /** {@code external_resolved}. */
    @Singleton
    public static class Resolved extends Handler {
        public Resolved(IncidentService service, IncidentRepository incidents, ObjectMapper json, Clock clock) {
            super(service, incidents, json, clock, CommandType.EXTERNAL_RESOLVED, IncidentRules::resolvedExternally);
        }
    }

    /** {@code external_reassigned}. */
    @Singleton
    public static class Reassigned extends Handler {
        public Reassigned(IncidentService service, IncidentRepository incidents, ObjectMapper json, Clock clock) {
            super(service, incidents, json, clock, CommandType.EXTERNAL_REASSIGNED, IncidentRules::reassignedExternally);
        }
    }

    /** {@code external_reopened}. */
    @Singleton
    public static class Reopened extends Handler {
        public Reopened(IncidentService service, IncidentRepository incidents, ObjectMapper json, Clock clock) {
            super(service, incidents, json, clock, CommandType.EXTERNAL_REOPENED, IncidentRules::reopenedExternally);
        }
    }
}

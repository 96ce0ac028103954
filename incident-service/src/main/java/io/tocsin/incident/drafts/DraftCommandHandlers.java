package io.tocsin.incident.drafts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.contracts.commands.ExpireDraft;
import io.tocsin.incident.lifecycle.Severity;
import io.tocsin.platform.amqp.CloudEventMessage;
import io.tocsin.platform.amqp.UnreadableMessage;
import io.tocsin.platform.inbox.MessageHandler;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code draft_incident} and {@code expire_draft} commands, read strictly. */
public final class DraftCommandHandlers {

    private DraftCommandHandlers() {
    }

    static void requireOrg(String org, CloudEventMessage message) {
        if (org == null || org.isBlank()) {
            throw new UnreadableMessage("command has no org");
        }
        if (message.org() != null && !message.org().equals(org)) {
            throw new UnreadableMessage("command org does not match its envelope");
        }
    }

    /** {@code io.tocsin.command.draft_incident}. */
    @ApplicationScoped
    public static class DraftIncidentHandler implements MessageHandler {

        private final DraftService drafts;
        private final ObjectMapper json;

        public DraftIncidentHandler(DraftService drafts, ObjectMapper json) {
            this.drafts = drafts;
            this.json = json;
        }

        @Override
        public String type() {
            return CommandType.DRAFT_INCIDENT.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            DraftIncident request = message.data(json, DraftIncident.class);
            requireOrg(request.org(), message);
            if (request.metric() == null || request.metric().isBlank()) {
                throw new UnreadableMessage("draft_incident has no metric");
            }
            try {
                Severity.valueOf(String.valueOf(request.severity()));
            } catch (IllegalArgumentException e) {
                throw new UnreadableMessage("draft_incident severity must be SEV1..SEV4");
            }
            return drafts.request(tx, request).replaceWithVoid();
        }
    }

    /** {@code io.tocsin.command.expire_draft}. */
    @ApplicationScoped
    public static class ExpireDraftHandler implements MessageHandler {

        private final DraftService drafts;
        private final ObjectMapper json;

        public ExpireDraftHandler(DraftService drafts, ObjectMapper json) {
            this.drafts = drafts;
            this.json = json;
        }

        @Override
        public String type() {
            return CommandType.EXPIRE_DRAFT.cloudEventType();
        }

        @Override
        public Uni<Void> handle(SqlConnection tx, CloudEventMessage message) {
            ExpireDraft command = message.data(json, ExpireDraft.class);
            requireOrg(command.org(), message);
            if (command.incidentId() == null) {
                throw new UnreadableMessage("expire_draft has no incidentId");
            }
            return drafts.expire(tx, command).replaceWithVoid();
        }
    }
}

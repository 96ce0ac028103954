package io.tocsin.incident.support;

import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.commands.CommandType;
import io.tocsin.devstack.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code import_incident} commands as the notifier sends them after pulling from incident.io. */
public final class Imports {

    private Imports() {
    }

    /**
     * The data of an import: the given fields on top of a minimal valid command (origin
     * incident_io, SEV3, resolved, no services, no custom fields).
     */
    public static JsonObject command(String org, String externalId, Map<String, Object> fields) {
        JsonObject data = new JsonObject().put("commandId", UUID.randomUUID().toString()).put("org", org)
                .put("origin", "incident_io").put("externalId", externalId).put("name", "Imported " + externalId)
                .put("summary", "From incident.io").put("severity", "SEV3").put("status", "resolved")
                .put("services", List.of()).put("customFields", new JsonObject())
                .put("url", "https://app.incident.io/acme/incidents/" + externalId);
        fields.forEach(data::put);
        return data;
    }

    /** Sends the command and returns its id. */
    public static String send(JsonObject command) {
        String id = command.getString("commandId");
        Events.sendCommand(id, CommandType.IMPORT_INCIDENT.cloudEventType(), command.getString("org"), command.encode());
        return id;
    }

    /** Sends the commands and waits until incident-service has processed every one. */
    public static void sendAll(List<JsonObject> commands) {
        List<String> ids = new ArrayList<>();
        commands.forEach(command -> ids.add(send(command)));
        ids.forEach(Imports::awaitProcessed);
    }

    public static void awaitProcessed(String commandId) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                TestDatabase.count("SELECT count(*) FROM incident.inbox WHERE message_id = ?", commandId) == 1);
    }
}

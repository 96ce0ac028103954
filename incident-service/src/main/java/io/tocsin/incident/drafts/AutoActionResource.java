package io.tocsin.incident.drafts;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.drafts.ActionToken.Action;
import io.tocsin.incident.drafts.ActionToken.Expired;
import io.tocsin.incident.drafts.ActionToken.Valid;
import io.tocsin.incident.drafts.ActionToken.Verdict;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The one-click links in draft emails. Public by design: the signed token is the credential.
 * GET only shows a confirmation page, because mail scanners fetch links to look at them and must
 * not publish anything; the page's button POSTs, which acts. Both are idempotent.
 */
@Path(AutoActionResource.PATH)
@Produces(MediaType.TEXT_HTML)
public class AutoActionResource {

    public static final String PATH = "/api/incidents/auto-action";
    private static final String ACTOR = "signed-link";

    private final ActionSettings settings;
    private final IncidentRepository incidents;
    private final IncidentService incidentService;
    private final Pool pool;
    private final Clock clock;

    public AutoActionResource(ActionSettings settings, IncidentRepository incidents, IncidentService incidentService,
            Pool pool, Clock clock) {
        this.settings = settings;
        this.incidents = incidents;
        this.incidentService = incidentService;
        this.pool = pool;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Confirmation page of a signed publish/dismiss link (public: authenticated by the signed token; changes nothing)")
    public Uni<Response> confirm(@QueryParam("token") String token) {
        return checked(token, (valid, incident) -> Uni.createFrom().item(done(valid.action(), incident)
                ? ActionPages.done(valid.action(), incident)
                : ActionPages.confirm(valid.action(), incident, token)));
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Operation(summary = "Carry out a signed publish/dismiss link (public: authenticated by the signed token; idempotent)")
    public Uni<Response> act(@QueryParam("token") String queryToken, @FormParam("token") String formToken) {
        String token = formToken != null ? formToken : queryToken;
        return checked(token, (valid, incident) -> {
            if (done(valid.action(), incident)) {
                return Uni.createFrom().item(ActionPages.done(valid.action(), incident));
            }
            Caller actor = new Caller(ACTOR, incident.org(), Set.of(), null, null);
            Uni<Incident> acted = valid.action() == Action.PUBLISH
                    ? incidentService.publish(actor, incident.id().toString())
                    : incidentService.dismiss(actor, incident.id().toString());
            return acted.map(after -> ActionPages.done(valid.action(), after))
                    .onFailure(ProblemException.class).recoverWithItem(e -> ActionPages.conflict(valid.action(), incident,
                            e.getMessage()));
        });
    }

    private interface Step {
        Uni<Response> apply(Valid valid, Incident incident);
    }

    /** Verifies the token and loads the incident; every failure is a page that changes nothing. */
    private Uni<Response> checked(String token, Step step) {
        Verdict verdict = ActionToken.verify(token, settings.secrets(), clock.instant());
        if (verdict instanceof Expired) {
            return Uni.createFrom().item(ActionPages.error(410, "This link has expired",
                    "Links in draft emails work for 24 hours. Open the incident in Tocsin to publish or dismiss it."));
        }
        if (!(verdict instanceof Valid valid)) {
            return Uni.createFrom().item(ActionPages.error(400, "This link is not valid",
                    "The link is incomplete or was changed. Use the button in the email again, or open the incident in Tocsin."));
        }
        return incidents.findAnyById(pool, valid.incidentId()).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().item(ActionPages.error(404, "This incident does not exist", "It may have been removed."))
                : conflicting(valid, found.get()) ? Uni.createFrom().item(ActionPages.conflict(valid.action(), found.get(), null))
                : step.apply(valid, found.get()));
    }

    /** The link's action is already the incident's state (a repeated click). */
    private static boolean done(Action action, Incident incident) {
        return action == Action.PUBLISH ? incident.status() != IncidentStatus.DRAFT && incident.status() != IncidentStatus.DISMISSED
                : incident.status() == IncidentStatus.DISMISSED;
    }

    /** The opposite decision was already taken. */
    private static boolean conflicting(Valid valid, Incident incident) {
        return valid.action() == Action.PUBLISH ? incident.status() == IncidentStatus.DISMISSED
                : incident.status() != IncidentStatus.DRAFT && incident.status() != IncidentStatus.DISMISSED;
    }
}

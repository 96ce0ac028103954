package io.tocsin.gateway.identity;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who is calling, whether through an external token or an API key. */
@Path("/api/me")
public class MeResource {

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Authenticated
    @NonBlocking
    @Operation(summary = "The caller: subject, organisation, granted roles, e-mail and name")
    public MeView me() {
        return MeView.of(CallerIdentities.require(identity));
    }
}

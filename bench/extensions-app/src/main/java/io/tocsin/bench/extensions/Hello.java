package io.tocsin.bench.extensions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** What the start scenario calls: one plain endpoint, and one with a validated body so that validation has work. */
@Path("/hello")
public class Hello {

    /** A body with one constraint. */
    public record Greeting(@NotBlank String name) {
    }

    @GET
    public String hello() {
        return "hello";
    }

    @POST
    public String greet(@Valid Greeting greeting) {
        return "hello " + greeting.name();
    }
}

package io.tocsin.notifier.email;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/recipients}: {@code userId} is the person's JWT subject (for "me" preferences). */
public record RecipientRequest(
        @NotBlank @Email @Size(max = 320) String email,
        @Size(max = 200) String name,
        @Size(max = 200) String userId,
        @Size(max = 4) List<@NotNull @Pattern(regexp = "viewer|responder|admin|owner",
                message = "must be one of viewer, responder, admin, owner") String> roles) {
}

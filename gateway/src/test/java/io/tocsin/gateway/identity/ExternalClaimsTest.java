package io.tocsin.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalClaimsTest {

    private final ExternalClaims claims = new ExternalClaims("org", List.of("groups", "realm_access/roles"));

    @Test
    void readsTheConfiguredOrgClaimAndTocsinRolesOnly() {
        Caller caller = claims.caller(Map.of("sub", "u-1", "org", "acme", "groups", List.of("admin", "billing", "viewer"),
                "email", "u1@example.com", "name", "U One", "plan", "pro")).orElseThrow();
        assertThat(caller.org()).isEqualTo("acme");
        assertThat(caller.roles()).containsExactlyInAnyOrder("admin", "viewer");
        assertThat(caller.email()).isEqualTo("u1@example.com");
        assertThat(caller.name()).isEqualTo("U One");
        assertThat(caller.plan()).isEqualTo("pro");
        assertThat(caller.isApiKey()).isFalse();
    }

    @Test
    void keycloakOrganizationMayBeAStringAnArrayOrAnObjectKeyedByAlias() {
        Map<String, Object> byAlias = new LinkedHashMap<>();
        byAlias.put("first", Map.of("id", "1"));
        byAlias.put("second", Map.of("id", "2"));
        assertThat(ExternalClaims.org("acme")).hasValue("acme");
        assertThat(ExternalClaims.org(List.of("one"))).hasValue("one");
        assertThat(ExternalClaims.org(List.of("one", "two"))).as("several organisations: ambiguous").isEmpty();
        assertThat(ExternalClaims.org(byAlias)).as("several organisations: ambiguous").isEmpty();
        assertThat(ExternalClaims.org(Map.of("only", Map.of("id", "x")))).hasValue("only");
        assertThat(ExternalClaims.org(List.of())).isEmpty();
        assertThat(ExternalClaims.org(" ")).isEmpty();
        assertThat(ExternalClaims.org(42L)).isEmpty();

        Caller caller = claims.caller(Map.of("sub", "u-2", "organization", List.of("kc-org"),
                "realm_access", Map.of("roles", List.of("offline_access", "responder")), "preferred_username", "kc")).orElseThrow();
        assertThat(caller.org()).isEqualTo("kc-org");
        assertThat(caller.roles()).containsExactly("responder");
        assertThat(caller.name()).isEqualTo("kc");
    }

    @Test
    void theConfiguredClaimWinsAndAnotherClaimNameCanBeConfigured() {
        assertThat(claims.caller(Map.of("sub", "u", "org", "mine", "organization", "theirs")).orElseThrow().org()).isEqualTo("mine");
        ExternalClaims tenant = new ExternalClaims("tenant", List.of("roles"));
        Caller caller = tenant.caller(Map.of("sub", "u", "tenant", "t-1", "roles", "owner viewer")).orElseThrow();
        assertThat(caller.org()).isEqualTo("t-1");
        assertThat(caller.roles()).containsExactlyInAnyOrder("owner", "viewer");
    }

    @Test
    void noOrganisationOrNoSubjectIsNoCaller() {
        assertThat(claims.caller(Map.of("sub", "u", "groups", List.of("owner")))).isEmpty();
        assertThat(claims.caller(Map.of("org", "acme"))).isEmpty();
        assertThat(claims.caller(Map.of("sub", "u", "organization", Map.of()))).isEmpty();
    }

    @Test
    void principalKeysKeepOrganisationsApart() {
        Caller a = new Caller("b:c", "a", java.util.Set.of(), null, null, null, null);
        Caller b = new Caller("c", "a:b", java.util.Set.of(), null, null, null, null);
        assertThat(a.rateLimitKey()).isNotEqualTo(b.rateLimitKey());
    }
}

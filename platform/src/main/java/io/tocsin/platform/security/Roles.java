package io.tocsin.platform.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The four roles and what each implies: owner ⊃ admin ⊃ responder ⊃ viewer. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String RESPONDER = "responder";
    public static final String ADMIN = "admin";
    public static final String OWNER = "owner";

    private static final List<String> LADDER = List.of(VIEWER, RESPONDER, ADMIN, OWNER);

    private Roles() {
    }

    /** The granted roles plus every role below each of them; unknown role names pass through. */
    public static Set<String> expand(Set<String> granted) {
        Set<String> expanded = new LinkedHashSet<>(granted);
        for (String role : granted) {
            int rank = LADDER.indexOf(role);
            for (int i = 0; i < rank; i++) {
                expanded.add(LADDER.get(i));
            }
        }
        return expanded;
    }
}

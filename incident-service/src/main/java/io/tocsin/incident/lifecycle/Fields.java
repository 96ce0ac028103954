package io.tocsin.incident.lifecycle;

/** Shared field rules of the incident API. */
public final class Fields {

    public static final String SLUG = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String SLUG_MESSAGE = "must be a slug: lower-case letters, digits and '-', at most 63 characters";
    public static final String ENVIRONMENT = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    public static final String ENVIRONMENT_MESSAGE = "must be letters, digits, '_', '.' or '-'";
    public static final int TITLE_MAX = 200;
    public static final int DESCRIPTION_MAX = 20_000;
    public static final int SUMMARY_MAX = 20_000;
    public static final int CUSTOM_VALUE_MAX = 2_000;

    private Fields() {
    }
}

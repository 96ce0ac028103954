package io.tocsin.incident.attribution;

/**
 * Which teams an incident counts for (SPEC §4.2), as SQL so that analytics and action items
 * attribute a whole window of incidents in one statement. The first rule that yields a team
 * applies:
 * <ol>
 * <li>an imported incident (source {@code incident_io} or {@code import}) whose mapped custom
 *     field (a string or an array of strings, see {@link TeamMapping}) names mapped values: those
 *     teams;</li>
 * <li>the incident's explicit {@code owners};</li>
 * <li>the teams owning its affected services in the catalogue;</li>
 * <li>the organisation's root team.</li>
 * </ol>
 * Attribution is computed when asked, from the current catalogue and mapping: re-assigning a
 * service's owner re-attributes its past incidents too.
 */
public final class TeamAttribution {

    /** Sources whose custom fields the team mapping reads. */
    static final String IMPORTED_SOURCES = "('incident_io', 'import')";

    private TeamAttribution() {
    }

    /**
     * A {@code CROSS JOIN LATERAL} giving {@code <alias>.teams} (uuid[]) for each row of the
     * incidents table aliased {@code incident}.
     */
    public static String lateral(String incident, String alias) {
        String i = incident;
        return " CROSS JOIN LATERAL (SELECT COALESCE("
                // 1. mapped custom field of imported incidents
                + "CASE WHEN " + i + ".source_kind IN " + IMPORTED_SOURCES + " THEN ("
                + "SELECT array_agg(DISTINCT (m.team_values ->> v.value)::uuid) FROM incident.team_mappings m"
                + " CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(" + i + ".custom_fields -> m.field)"
                + " WHEN 'array' THEN " + i + ".custom_fields -> m.field"
                + " WHEN 'string' THEN jsonb_build_array(" + i + ".custom_fields -> m.field)"
                + " ELSE '[]'::jsonb END) AS v(value)"
                + " WHERE m.org_id = " + i + ".org_id AND m.team_values ? v.value) END,"
                // 2. explicit owners
                + " NULLIF(" + i + ".owners, '{}'::uuid[]),"
                // 3. owners of the affected services
                + " (SELECT array_agg(DISTINCT o) FROM incident.services s CROSS JOIN LATERAL unnest(s.owner_team_ids) AS o"
                + " WHERE s.org_id = " + i + ".org_id AND s.slug = ANY(" + i + ".services)),"
                // 4. the organisation's root team
                + " (SELECT ARRAY[r.id] FROM incident.teams r WHERE r.org_id = " + i + ".org_id AND r.is_root)"
                + ") AS teams) " + alias;
    }

    /**
     * A recursive CTE {@code <name>(id)}: the team {@code teamParam} and every team below it, in
     * the organisation {@code orgParam}. Needs {@code WITH RECURSIVE}.
     */
    public static String subtree(String name, String orgParam, String teamParam) {
        return name + "(id) AS (SELECT id FROM incident.teams WHERE org_id = " + orgParam + " AND id = " + teamParam
                + " UNION SELECT t.id FROM incident.teams t JOIN " + name + " ON t.parent_id = " + name + ".id"
                + " WHERE t.org_id = " + orgParam + ")";
    }
}

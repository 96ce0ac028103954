package io.tocsin.platform.outbox;

import java.util.regex.Pattern;

/** The outbox table name from configuration, checked before it is put into SQL. */
final class OutboxTable {

    private static final Pattern QUALIFIED = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

    private OutboxTable() {
    }

    static String name(OutboxSettings settings) {
        String table = settings.table().orElse("public.outbox");
        if (!QUALIFIED.matcher(table).matches()) {
            throw new IllegalArgumentException("tocsin.outbox.table must be schema.table in lower case: " + table);
        }
        return table;
    }

    /**
     * The channel the relay listens on, e.g. {@code incident_outbox}. No trigger notifies it any more (the writer wakes
     * its relay after the commit); a {@code NOTIFY} on it from elsewhere still starts a round.
     */
    static String channel(String table) {
        return table.replace('.', '_');
    }
}

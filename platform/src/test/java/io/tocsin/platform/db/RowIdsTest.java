package io.tocsin.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = Instant.parse("2026-11-23T04:47:12.345Z").toEpochMilli();
        UUID id = RowIds.at(millis);

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        // the text form starts with the 48-bit time, so ids also sort by time as text
        assertTrue(id.toString().startsWith(String.format("%08x-%04x", millis >>> 16, millis & 0xFFFF)), id::toString);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsPostgreSqlComparesThem() {
        long millis = Instant.parse("2026-11-23T04:47:12Z").toEpochMilli();
        String previous = null;
        for (int i = 0; i < 1_000; i++) {
            // PostgreSQL orders uuid values by their bytes, which is the order of their text form
            String id = RowIds.at(millis + i).toString();
            if (previous != null) {
                assertTrue(id.compareTo(previous) > 0, id + " after " + previous);
            }
            previous = id;
        }
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        long millis = System.currentTimeMillis();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RowIds.at(millis));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void nextUsesTheCurrentTime() {
        long before = System.currentTimeMillis();
        UUID id = RowIds.next();
        long after = System.currentTimeMillis();

        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, () -> millis + " not in [" + before + ", " + after + "]");
    }
}

-- A claim changes only columns no index covers (claim_token, lease_until, attempts), so PostgreSQL can update the
-- row in place (a heap-only tuple) instead of adding an entry to each of the table's eight indexes, provided the
-- row's page has room: pages written from now on keep a fifth free for that.
ALTER TABLE notifier.deliveries SET (fillfactor = 80);

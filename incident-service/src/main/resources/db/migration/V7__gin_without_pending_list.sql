-- With fastupdate on (PostgreSQL's default), a GIN index collects new entries in a pending list and the insert
-- that finds the list over gin_pending_list_limit merges all of it into the index, inside that insert: on a
-- table of 2.2M incidents that one create took 250-390 ms while every other took about 1 ms. Update the
-- indexes on each insert instead: no such stalls, and no dearer per insert in the measurements
-- (docs/BENCHMARKS.md, "GIN pending lists").
ALTER INDEX incident.incidents_by_service SET (fastupdate = off);
ALTER INDEX incident.incidents_by_title_words SET (fastupdate = off);
ALTER INDEX incident.action_items_by_team SET (fastupdate = off);

-- Entries already pending stay in the list until it is cleaned; clean it now rather than at the next vacuum.
SELECT gin_clean_pending_list('incident.incidents_by_service'::regclass);
SELECT gin_clean_pending_list('incident.incidents_by_title_words'::regclass);
SELECT gin_clean_pending_list('incident.action_items_by_team'::regclass);

-- The relay marks each row sent soon after it is written. sent_at is indexed, so that update writes a new row
-- version; on a full page it goes to another page, and the space it leaves behind is later filled by inserts
-- spread over many old pages, each logged in full after a checkpoint. Keep room on each page for the update.
ALTER TABLE incident.outbox SET (fillfactor = 70);

-- The plan of the organisation as its creator's token named it: calls made with the key carry it, so that
-- plan-gated features work for tools as for people. NULL: the token had no plan claim.
ALTER TABLE gateway.api_keys ADD COLUMN plan text;

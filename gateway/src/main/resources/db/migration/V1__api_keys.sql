-- The gateway owns the "gateway" schema and nothing else.

-- API keys: only the SHA-256 of a key is kept (the key itself is shown once, when created);
-- "prefix" is its first 8 characters ("tsk_" + 4), enough to recognise it in a list.
CREATE TABLE gateway.api_keys (
    org_id        text        NOT NULL,
    id            uuid        NOT NULL,
    name          text        NOT NULL,
    prefix        text        NOT NULL,
    hash          text        NOT NULL,
    roles         text[]      NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    PRIMARY KEY (org_id, id),
    CONSTRAINT api_keys_hash_unique UNIQUE (hash),
    CONSTRAINT api_keys_hash_is_sha256 CHECK (hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_keys_have_roles CHECK (cardinality(roles) > 0)
);

CREATE INDEX api_keys_by_org ON gateway.api_keys (org_id, created_at DESC);

-- The installation: one row, made once. Its id names the actor its servers write
-- compensations, template steps and office edits as (a hub and shore writing as one actor
-- would make two different changes with the same actor and sequence number, which Automerge
-- refuses), and the device a hub syncs upstream as. A database restored from a backup, or a
-- standby promoted, is the same installation; a hub must start from an empty database, never
-- from a copy of shore's.
CREATE TABLE installation (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    id UUID NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO installation DEFAULT VALUES;

-- A hub's sync with its upstream (OTE_UPSTREAM_URL), as a device keeps it: the cursor of
-- shore's change log, and when shore was last reached.
CREATE TABLE upstream_state (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    cursor BIGINT NOT NULL DEFAULT 0,
    -- The end of the last sync that sent and pulled everything.
    reached TIMESTAMPTZ,
    -- The end of the last try, and why it failed (NULL: it did not).
    tried TIMESTAMPTZ,
    error TEXT,
    -- The change log's last sequence number when the last sync that reached the end began:
    -- rows after it are what the next sync sends (whose writers shore's notices concern).
    sent_seq BIGINT NOT NULL DEFAULT 0,
    -- Documents sent and received since the hub was made.
    sent BIGINT NOT NULL DEFAULT 0,
    received BIGINT NOT NULL DEFAULT 0
);
INSERT INTO upstream_state DEFAULT VALUES;

-- The heads upstream acknowledged of each document: a document whose heads differ has
-- changes to send.
CREATE TABLE upstream_acked (
    doc_id UUID PRIMARY KEY,
    heads TEXT[] NOT NULL
);

-- The documents with changes upstream has not acknowledged: what waits to go up. Heads are
-- a set: equal when each holds the other.
CREATE VIEW upstream_waiting AS
SELECT d.doc_id, d.last_seq FROM documents d LEFT JOIN upstream_acked a USING (doc_id)
WHERE a.heads IS NULL OR NOT (a.heads @> d.heads AND d.heads @> a.heads);

-- What upstream undid or flagged in the hub's documents.
CREATE TABLE upstream_notices (
    id BIGSERIAL PRIMARY KEY,
    doc_id UUID NOT NULL,
    code TEXT NOT NULL,
    field TEXT NOT NULL,
    message TEXT NOT NULL,
    recibido TIMESTAMPTZ NOT NULL DEFAULT now()
);

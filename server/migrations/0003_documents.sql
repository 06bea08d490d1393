-- The Automerge documents, the change log that devices pull from, and what the merge tells them.

CREATE TABLE documents (
    doc_id UUID PRIMARY KEY,
    -- The whole document, compacted (Automerge save format).
    bytes BYTEA NOT NULL,
    -- Its heads, as hex change hashes, checked against a cached copy under the row lock.
    heads TEXT[] NOT NULL,
    -- The change-log sequence of its last change.
    last_seq BIGINT NOT NULL DEFAULT 0,
    creado TIMESTAMPTZ NOT NULL DEFAULT now(),
    actualizado TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every batch of changes merged into a document, in one global order: a device's pull cursor
-- is the last seq it has seen.
CREATE TABLE change_log (
    seq BIGSERIAL PRIMARY KEY,
    doc_id UUID NOT NULL REFERENCES documents,
    -- Concatenated Automerge changes, as Automerge's load_incremental reads them.
    changes BYTEA NOT NULL,
    user_id BIGINT,
    device TEXT,
    creado TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX change_log_doc ON change_log (doc_id, seq);

-- What the server undid or flagged after a merge, for the device to show.
CREATE TABLE notices (
    id BIGSERIAL PRIMARY KEY,
    seq BIGINT NOT NULL,
    doc_id UUID NOT NULL REFERENCES documents,
    user_id BIGINT,
    device TEXT,
    code TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    creado TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notices_seq ON notices (seq);
CREATE INDEX notices_doc ON notices (doc_id);

-- Content-addressed files: photos and step attachments; the bytes live under OTE_DATA_DIR.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    tamano BIGINT NOT NULL CHECK (tamano >= 0),
    tipo_mime TEXT NOT NULL,
    creado TIMESTAMPTZ NOT NULL DEFAULT now()
);

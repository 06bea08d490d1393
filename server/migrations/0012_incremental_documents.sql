-- Documents are stored incrementally: `bytes` is a snapshot (Automerge save format, or empty)
-- covering the change log up to `snapshot_seq`, and the document's change-log rows after it
-- are the rest. A merge appends its one change-log row instead of rewriting the whole document
-- (a full save cost the server a compression pass and PostgreSQL a TOAST rewrite per merge);
-- after `tail_rows` rows the merge writes a fresh snapshot (see sync::locked).
ALTER TABLE documents ADD COLUMN snapshot_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN tail_rows INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET snapshot_seq = last_seq;

-- Automerge compresses its columns already: PostgreSQL's pglz pass over them only cost time.
ALTER TABLE documents ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The whole document: its snapshot followed by the change chunks logged after it, which
-- Automerge's load reads as one.
CREATE VIEW document_bytes AS
SELECT d.doc_id, d.heads,
       d.bytes || COALESCE((SELECT string_agg(c.changes, ''::bytea ORDER BY c.seq)
                            FROM change_log c
                            WHERE c.doc_id = d.doc_id AND c.seq > d.snapshot_seq), ''::bytea) AS bytes
FROM documents d;

-- Files where every server process reads them (issue 27). Until now the bytes lived on the
-- disk of the process that received them (`OTE_DATA_DIR/blobs`), so a photo uploaded through
-- one process was missing on the next. `almacen` says where a file's bytes are: `disco` (the
-- rows from before, until `ote-server blobs migrate` moves them), `postgres` (in
-- `blob_chunks`) or `s3` (an object named by its SHA-256 in the configured bucket).
-- A constant default: PostgreSQL 11+ adds the column without rewriting the table.
ALTER TABLE blobs ADD COLUMN almacen TEXT NOT NULL DEFAULT 'disco'
    CHECK (almacen IN ('disco', 'postgres', 's3'));

-- The bytes of a file stored in PostgreSQL, in pieces of 256 KiB so neither a write nor a
-- read holds a whole 25 MB file in memory. Photos and documents arrive compressed:
-- EXTERNAL keeps them out of line without a second, useless compression.
CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL REFERENCES blobs ON DELETE CASCADE,
    n INTEGER NOT NULL CHECK (n >= 0),
    datos BYTEA NOT NULL,
    PRIMARY KEY (sha256, n)
);
ALTER TABLE blob_chunks ALTER COLUMN datos SET STORAGE EXTERNAL;

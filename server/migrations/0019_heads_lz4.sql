-- A document that many devices edit concurrently has dozens of heads (64 hex characters each);
-- past some thirty the row passes 2 KB and PostgreSQL compresses the heads on every merge's
-- update, with pglz, which showed in its profile under load. lz4 does it for a fraction of the
-- CPU (as for the audit entries, migration 0015).
ALTER TABLE documents ALTER COLUMN heads SET COMPRESSION lz4;

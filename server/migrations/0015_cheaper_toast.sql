-- Values over 2 KB (a new work order's first change-log row, holding the whole document, and
-- its audit entry, listing every field and step) were compressed with pglz, which showed in
-- PostgreSQL's profile under load. Automerge compresses its columns already, so change chunks
-- are stored as they are (like the documents' snapshots, migration 0012); audit entries, plain
-- JSON that is read rarely and kept for years, are compressed with the much cheaper lz4.
ALTER TABLE change_log ALTER COLUMN changes SET STORAGE EXTERNAL;
ALTER TABLE audit_log ALTER COLUMN detail SET COMPRESSION lz4;

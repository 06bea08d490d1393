-- Reading one's own writes through a replica (issue 27, `OTE_DATABASE_READ_URL`): after each
-- write the primary's WAL position is kept for its user, and that user's lists go to the
-- replica only once it has replayed that far. UNLOGGED: not replicated, no WAL of its own, and
-- emptied by a crash, which costs nothing but a read or two from the primary.
CREATE UNLOGGED TABLE read_fences (
    user_id BIGINT PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    lsn PG_LSN NOT NULL
);

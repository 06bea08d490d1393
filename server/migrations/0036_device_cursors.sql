-- The cursors each device was given here (sync/roaming.rs). A cursor is a transaction id of
-- one database: a tablet that synced with a vessel's hub and then with shore (or another hub)
-- brings a cursor this database never gave, which would skip everything logged below it.
-- A device sending a cursor that is none of the last ones given to it, nor the one it sent
-- last, pulls everything and sends everything again.
CREATE TABLE device_cursors (
    device_id TEXT PRIMARY KEY,
    -- The last cursors answered, newest last, at most 8: a batch sent twice (a retry, a lost
    -- answer) is answered twice, and the device keeps whichever answer it applied.
    issued BIGINT[] NOT NULL,
    -- The cursor the device sent last.
    sent BIGINT NOT NULL
);

-- The tablets that synced before this table: what their browsers last sent and were answered.
INSERT INTO device_cursors (device_id, issued, sent)
SELECT DISTINCT ON (device_id) device_id, ARRAY[cursor], confirmed
FROM tablet_stores ORDER BY device_id, seen DESC;

-- The cursors each device was given here (sync/roaming.rs). A cursor is a transaction id of
-- one database: a tablet that synced with a vessel's hub and then with shore (or another hub)
-- brings a cursor this database never gave, which would skip everything logged below it.
-- A device sending a cursor other than the last one given to it, or the one it sent then
-- (its answer may have been lost), pulls everything and sends everything again.
CREATE TABLE device_cursors (
    device_id TEXT PRIMARY KEY,
    -- The cursor last answered.
    issued BIGINT NOT NULL,
    -- The cursor the device sent then.
    sent BIGINT NOT NULL
);

-- The tablets that synced before this table: what their browsers last sent and were answered.
INSERT INTO device_cursors (device_id, issued, sent)
SELECT DISTINCT ON (device_id) device_id, cursor, confirmed
FROM tablet_stores ORDER BY device_id, seen DESC;

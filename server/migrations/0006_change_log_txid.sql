-- Pull cursors follow transaction ids, not sequence numbers: sequence numbers are handed out
-- before commit, so a device reading seq 10 could pass seq 9 while its transaction was still
-- open and never see it. A device's cursor is the oldest transaction still running when it
-- last pulled (pg_snapshot_xmin); every row of a transaction at or after it is sent again
-- (Automerge drops what the device has), every row before it was visible then.
ALTER TABLE change_log ADD COLUMN txid XID8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX change_log_txid ON change_log (txid, seq);

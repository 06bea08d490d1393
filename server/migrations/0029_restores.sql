-- Restores from a backup (issue 27), marked by `ote-server restored` before the servers start
-- on the restored database. A device's cursor carries the number of restores it was given
-- under (`sync::epoch`): one from before the last restore synced against what the backup may
-- not hold, so it pulls everything again and is told to send everything again. The cursor's
-- transaction ids cannot tell this by themselves: restored into a new cluster, transaction
-- ids start again from low numbers.
CREATE TABLE restores (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);

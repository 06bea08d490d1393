-- The device store each user last synced from each tablet, by the tablet's own cookie (which
-- outlives the browser's storage): a store that arrives empty where one had synced, or with a
-- cursor older than one it had already confirmed, was lost or went back to an older copy, and
-- its user is told so (`sync::lost_store`).
CREATE TABLE tablet_stores (
    tablet UUID NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    -- The cursor the server last answered (the store had synced once it is above 0).
    cursor BIGINT NOT NULL,
    -- The cursor the device last sent: it had everything up to it stored (a device moves its
    -- cursor only after storing what an answer brought, so it never goes down), so a lower one
    -- means the store went back in time. A lost answer does not lower it.
    confirmed BIGINT NOT NULL,
    seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tablet, user_id)
);

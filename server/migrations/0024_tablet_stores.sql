-- The device store each user last synced from each tablet, by the tablet's own cookie (which
-- outlives the browser's storage): a store that arrives empty where one had synced was lost,
-- evicted by the browser or deleted, and its user is told so (`sync::lost_store`).
CREATE TABLE tablet_stores (
    tablet UUID NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    cursor BIGINT NOT NULL,
    seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tablet, user_id)
);

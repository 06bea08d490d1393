-- On a vessel hub: what shore undid or flagged in the hub's documents, waiting for the
-- tablets whose changes it concerns; each is handed over, once, in that tablet's next sync.
CREATE TABLE device_notices (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL,
    doc_id UUID NOT NULL,
    code TEXT NOT NULL,
    field TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX device_notices_device ON device_notices (device_id);

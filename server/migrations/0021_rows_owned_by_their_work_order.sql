-- A device chooses the ids of its steps, photos and history entries. Unique on their own, a
-- pushed id that another work order already used made the projection's upsert overwrite that
-- work order's row; keyed by work order and id, each work order owns its rows and a foreign id
-- only ever makes a row of the work order that holds it.
ALTER TABLE work_order_steps DROP CONSTRAINT work_order_steps_step_id_key,
    ADD CONSTRAINT work_order_steps_owned UNIQUE (work_order_id, step_id);
ALTER TABLE work_order_photos DROP CONSTRAINT work_order_photos_photo_id_key,
    ADD CONSTRAINT work_order_photos_owned UNIQUE (work_order_id, photo_id);
DROP INDEX work_order_photos_ot;
ALTER TABLE work_order_history DROP CONSTRAINT work_order_history_event_id_key,
    ADD CONSTRAINT work_order_history_owned UNIQUE (work_order_id, event_id);

-- Who first sent a photo (the server's user id, never the device's word): a field technician
-- may delete or rewrite only their own.
ALTER TABLE work_order_photos ADD COLUMN subido_por BIGINT;

-- Who uploaded each file: a blob is readable by its uploaders and by whoever may see a work
-- order that references it (looked up through the two indexes below).
CREATE TABLE blob_uploaders (
    sha256 TEXT NOT NULL REFERENCES blobs ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (sha256, user_id)
);
CREATE INDEX work_order_photos_sha256 ON work_order_photos (sha256);
CREATE INDEX work_order_steps_archivo ON work_order_steps ((archivo->>'sha256'))
    WHERE archivo IS NOT NULL;

-- Failed sign-ins are counted per account and per client address.
ALTER TABLE login_attempts ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_attempts_client ON login_attempts (client, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

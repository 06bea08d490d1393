-- The activity log (seed 001's `registrar_actividad`): one row per write through any route and
-- per sign-in attempt, written in batches beside the request (`activity::Recorder`). Unlike
-- `audit_log`, which keeps what each write changed in a work order, this keeps who called
-- what, from where, and how it ended.
CREATE TABLE activity_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id BIGINT REFERENCES users ON DELETE SET NULL,
    -- The name typed in a sign-in (a failed one may name nobody); a user's name otherwise.
    username TEXT,
    action TEXT NOT NULL CHECK (action IN ('escritura', 'inicio_sesion', 'inicio_sesion_fallido')),
    route TEXT NOT NULL,
    status SMALLINT NOT NULL,
    address TEXT NOT NULL,
    device TEXT,
    -- The work orders the write named (a sync's documents, a route's work order).
    doc_ids UUID[] NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_log_username ON activity_log (username, id);
CREATE INDEX activity_log_docs ON activity_log USING gin (doc_ids);

-- The last successful sign-in, for the administrator's list of users.
ALTER TABLE users ADD COLUMN last_sign_in TIMESTAMPTZ;

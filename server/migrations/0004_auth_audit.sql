-- Users, browser sessions, integration API keys, and the audit trail.

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{2,64}$'),
    nombre TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'oficina', 'campo', 'lectura')),
    activo BOOLEAN NOT NULL DEFAULT TRUE,
    creado TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a stolen table does not yield live sessions.
    token_hash BYTEA PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    creado TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_keys (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    -- SHA-256 of the key; the key itself is shown once, when it is made.
    key_hash BYTEA NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    creado TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id BIGINT REFERENCES users,
    -- The route (office, integrations) or the device (sync) the write came from.
    source TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id UUID,
    work_order_id BIGINT,
    detail JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_doc ON audit_log (doc_id, at);
CREATE INDEX audit_log_work_order ON audit_log (work_order_id, at);

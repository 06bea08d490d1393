-- Import jobs report what they are doing and why they failed; a job whose process died is seen
-- by its stale heartbeat.
ALTER TABLE imports
    ADD COLUMN fase TEXT NOT NULL DEFAULT 'en_cola' CHECK (fase IN ('en_cola', 'leyendo', 'guardando', 'fin')),
    ADD COLUMN error_message TEXT,
    ADD COLUMN actualizado TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX imports_recent ON imports (creado DESC, id DESC);

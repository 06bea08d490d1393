-- Import jobs report what they are doing and why they failed; a job whose process died is seen
-- by its stale heartbeat.
ALTER TABLE imports
    ADD COLUMN fase TEXT NOT NULL DEFAULT 'en_cola' CHECK (fase IN ('en_cola', 'leyendo', 'guardando', 'fin')),
    ADD COLUMN error_message TEXT,
    ADD COLUMN actualizado TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX imports_recent ON imports (creado DESC, id DESC);

-- Anexo items are written in bulk (100,000 rows in well under a second) by the one transaction
-- that finishes their import, which exists and belongs to its work order: per-row foreign-key
-- checks cost more than the COPY itself (BENCHMARKS.md, imports), so the items hold only their
-- import's id, and are read by it.
ALTER TABLE anexo_items DROP COLUMN work_order_id;
ALTER TABLE anexo_items DROP CONSTRAINT anexo_items_import_id_fkey;
CREATE INDEX anexo_items_import ON anexo_items (import_id);

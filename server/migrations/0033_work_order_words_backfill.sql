-- no-transaction
-- The words of the work orders written before 0032's triggers, in a statement of its own: the
-- triggers already keep every row written since, so the database goes on taking merges while
-- this reads the table (no lock beyond a reader's). A work order whose row a merge rewrites
-- during it has its words from the trigger; the conflict clause leaves those.
INSERT INTO work_order_words (lexema, id, doc_id, fecha_inicio_programado, estatus,
    id_estatus_ot, id_tipo, id_frente, id_cliente, id_responsable_proyecto,
    id_embarcacion, id_plataforma, id_intercom, id_patio)
SELECT l, w.id, w.doc_id, w.fecha_inicio_programado, w.estatus, w.id_estatus_ot, w.id_tipo,
    w.id_frente, w.id_cliente, w.id_responsable_proyecto, w.id_embarcacion, w.id_plataforma,
    w.id_intercom, w.id_patio
FROM work_orders w, unnest(ote_lexemas(w.busqueda)) AS l
WHERE NOT EXISTS (SELECT 1 FROM work_order_words x WHERE x.id = w.id)
ON CONFLICT DO NOTHING;

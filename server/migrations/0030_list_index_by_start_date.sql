-- no-transaction
-- The office's everyday list (a filter or two, sorted by programmed start, any page) reads
-- the ids of its page from this index alone (index-only: the filters' columns are included)
-- and then only the page's 50 rows: 3.5 ms → 0.7 ms for page 20 of one status at 100,000
-- work orders (BENCHMARKS.md, session 24). Built CONCURRENTLY, outside a transaction, so a
-- live database keeps writing work orders while it builds (issue 27).
CREATE INDEX CONCURRENTLY IF NOT EXISTS work_orders_inicio_cubre ON work_orders
    (fecha_inicio_programado, id)
    INCLUDE (estatus, id_estatus_ot, id_tipo, id_frente, id_cliente, id_responsable_proyecto);

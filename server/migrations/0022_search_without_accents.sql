-- The list's search ignores accents as well as case, as the app's own search does
-- (`shared::text::fold`): "inspeccion" finds "Inspección". The search text is folded the same
-- way here (upper-case accented letters too, whatever the database's ctype lowers) and the
-- query folds what the user typed with the shared crate's function. PostgreSQL 15 cannot change
-- a generated column's expression, so the column and its trigram index are made again.
ALTER TABLE work_orders DROP COLUMN busqueda;
ALTER TABLE work_orders ADD COLUMN busqueda TEXT GENERATED ALWAYS AS (
    translate(
        lower(orden_trabajo || ' ' || oficio_ot || ' ' || descripcion_trabajo || ' ' || responsable_cliente),
        'áàäéèëíìïóòöúùüÁÀÄÉÈËÍÌÏÓÒÖÚÙÜÑ',
        'aaaeeeiiiooouuuaaaeeeiiiooouuuñ')
) STORED;
CREATE INDEX work_orders_busqueda ON work_orders USING gin (busqueda gin_trgm_ops)
    WITH (fastupdate = on, gin_pending_list_limit = 256);

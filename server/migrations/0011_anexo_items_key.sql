-- An Anexo C arrives as 100,000 rows in one COPY: each row paid a sequence value and two index
-- entries (the id and the import). Items are read by import and in file order, so one key,
-- (import, position in the file), serves both, and COPY gets about a quarter faster
-- (BENCHMARKS.md, imports).
ALTER TABLE anexo_items ADD COLUMN orden INTEGER;
UPDATE anexo_items a SET orden = s.n
    FROM (SELECT id, row_number() OVER (PARTITION BY import_id ORDER BY id) AS n FROM anexo_items) s
    WHERE s.id = a.id;
ALTER TABLE anexo_items ALTER COLUMN orden SET NOT NULL;
ALTER TABLE anexo_items DROP COLUMN id;
DROP INDEX anexo_items_import;
ALTER TABLE anexo_items ADD PRIMARY KEY (import_id, orden);

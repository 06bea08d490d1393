-- The work-order search's trigram index writes straight into the index instead of a pending
-- list: a long pending list (after an import or a busy day of merges, until autovacuum comes)
-- is scanned by every search, and made a folio search at 100k work orders three times slower.
-- A merge changes one row, so the cost moves to that row's write, where it is small.
ALTER INDEX work_orders_busqueda SET (fastupdate = off);

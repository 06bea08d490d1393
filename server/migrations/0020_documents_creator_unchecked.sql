-- A new document's creator is the signed-in user whose merge writes it, and users are never
-- deleted (they are deactivated): the foreign-key check was one more query inside PostgreSQL
-- for every new work order (pg_stat_statements under loadsync), as those migration 0014 dropped.
ALTER TABLE documents DROP CONSTRAINT documents_creado_por_fkey;

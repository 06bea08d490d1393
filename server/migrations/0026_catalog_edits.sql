-- Catalogs edited in the app: every catalog can be deactivated (an entry a work order names is
-- never deleted, only no longer offered), step templates have an order within their type, and
-- a version number moves with every change so devices fetch the catalogs again only when they
-- changed (`catalogs::version`, the ETag of GET /api/v1/catalogs).
ALTER TABLE clientes ADD COLUMN activo BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE frentes ADD COLUMN activo BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE responsables_proyecto ADD COLUMN activo BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE pte_headers ADD COLUMN activo BOOLEAN NOT NULL DEFAULT TRUE;
-- Unset until the office orders a type's templates: unordered ones follow, by id (seed 001's
-- order).
ALTER TABLE pasos_ot ADD COLUMN orden INTEGER;

CREATE TABLE catalog_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version VALUES (TRUE, 1);

-- Per statement, so an import of a thousand rows moves it once; catalogs change rarely, so one
-- row is no point of contention.
CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['clientes', 'frentes', 'embarcaciones', 'plataformas', 'intercoms',
                             'patios', 'responsables_proyecto', 'pte_headers', 'pasos_ot', 'empleados']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()',
                       t || '_bumps_catalog_version', t);
    END LOOP;
END
$$;

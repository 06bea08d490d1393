-- Words of the list's search (issue 27): a common word matches an eighth of the work orders,
-- and the trigram index can only hand those rows over as a bitmap to be read, rechecked,
-- counted and sorted (p99 480–590 ms at 50 clients on 100,000 work orders). Here every
-- work order has a row per full-text lexeme of its search text (Spanish stemming over the
-- folded `busqueda`: "abrazaderas" and "abrazadera" are one word), beside the columns the
-- list filters and sorts on, so a word's page is a walk of one index in date order that
-- stops after the page, and its count an index-only scan.
--
-- A derivative of `work_orders`, kept by the triggers below in the same transaction as the
-- row: never written by the server, never read but by the list and its count.
CREATE TABLE work_order_words (
    lexema TEXT COLLATE "C" NOT NULL,
    -- No foreign key: its check would lock the work order's row again for each of its ~10
    -- words on every insert; the triggers below are the only writers, and delete with it.
    id BIGINT NOT NULL,
    doc_id UUID NOT NULL,
    fecha_inicio_programado DATE,
    estatus SMALLINT NOT NULL,
    id_estatus_ot SMALLINT NOT NULL,
    id_tipo SMALLINT NOT NULL,
    id_frente BIGINT,
    id_cliente BIGINT,
    id_responsable_proyecto BIGINT,
    id_embarcacion BIGINT,
    id_plataforma BIGINT,
    id_intercom BIGINT,
    id_patio BIGINT,
    -- A work order's other words, checked beside the one walked, and the triggers' delete.
    PRIMARY KEY (id, lexema)
);

-- The page of one word in programmed-start order (either way), filtered without the table.
CREATE INDEX work_order_words_inicio ON work_order_words
    (lexema, fecha_inicio_programado, id)
    INCLUDE (estatus, id_estatus_ot, id_tipo, id_frente, id_cliente, id_responsable_proyecto);

-- The lexemes of a search text; the server asks the same function for a query's. Those with
-- a digit (folios, oficios, numbers) and single letters are left to the trigram search: a
-- third of the rows for nothing a word search asks.
CREATE FUNCTION ote_lexemas(texto TEXT) RETURNS TEXT[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(
        SELECT l FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.spanish'::regconfig, texto))) AS l
        WHERE l !~ '[0-9]' AND length(l) > 1);

CREATE FUNCTION work_order_words_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM work_order_words WHERE id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN NULL;
    END IF;
    INSERT INTO work_order_words (lexema, id, doc_id, fecha_inicio_programado, estatus,
        id_estatus_ot, id_tipo, id_frente, id_cliente, id_responsable_proyecto,
        id_embarcacion, id_plataforma, id_intercom, id_patio)
    SELECT l, NEW.id, NEW.doc_id, NEW.fecha_inicio_programado, NEW.estatus,
        NEW.id_estatus_ot, NEW.id_tipo, NEW.id_frente, NEW.id_cliente,
        NEW.id_responsable_proyecto, NEW.id_embarcacion, NEW.id_plataforma, NEW.id_intercom,
        NEW.id_patio
    FROM unnest(ote_lexemas(NEW.busqueda)) AS l;
    RETURN NULL;
END
$$;

CREATE TRIGGER work_order_words_insert AFTER INSERT ON work_orders
    FOR EACH ROW EXECUTE FUNCTION work_order_words_write();

CREATE TRIGGER work_order_words_delete AFTER DELETE ON work_orders
    FOR EACH ROW EXECUTE FUNCTION work_order_words_write();

-- A merge rewrites its work order's row; only a change of what the words carry rewrites them.
CREATE TRIGGER work_order_words_update AFTER UPDATE ON work_orders
    FOR EACH ROW
    WHEN ((OLD.busqueda, OLD.doc_id, OLD.fecha_inicio_programado, OLD.estatus,
           OLD.id_estatus_ot, OLD.id_tipo, OLD.id_frente, OLD.id_cliente,
           OLD.id_responsable_proyecto, OLD.id_embarcacion, OLD.id_plataforma,
           OLD.id_intercom, OLD.id_patio)
          IS DISTINCT FROM
          (NEW.busqueda, NEW.doc_id, NEW.fecha_inicio_programado, NEW.estatus,
           NEW.id_estatus_ot, NEW.id_tipo, NEW.id_frente, NEW.id_cliente,
           NEW.id_responsable_proyecto, NEW.id_embarcacion, NEW.id_plataforma,
           NEW.id_intercom, NEW.id_patio))
    EXECUTE FUNCTION work_order_words_write();

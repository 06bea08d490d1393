-- The relational projection of the work-order documents, for queries and the seeds' API.
-- The documents are the truth: these rows are rewritten from them after every merge. Catalog
-- references carry no foreign keys on purpose: a tablet with a stale catalog must still be able
-- to merge, and the rules, not the schema, report a bad reference.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE work_orders (
    id BIGSERIAL PRIMARY KEY,
    doc_id UUID NOT NULL UNIQUE,
    id_tipo SMALLINT NOT NULL,
    id_pte_header BIGINT,
    orden_trabajo VARCHAR(100) NOT NULL,
    descripcion_trabajo TEXT NOT NULL DEFAULT '',
    id_responsable_proyecto BIGINT,
    responsable_cliente VARCHAR(200) NOT NULL DEFAULT '',
    oficio_ot VARCHAR(100) NOT NULL DEFAULT '',
    id_estatus_ot SMALLINT NOT NULL,
    fecha_inicio_programado DATE,
    fecha_inicio_real DATE,
    fecha_termino_programado DATE,
    fecha_termino_real DATE,
    estatus SMALLINT NOT NULL DEFAULT 1,
    num_reprogramacion INTEGER,
    ot_principal BIGINT REFERENCES work_orders,
    ot_principal_doc UUID,
    monto_mxn NUMERIC(25, 2) NOT NULL DEFAULT 0,
    monto_usd NUMERIC(25, 2) NOT NULL DEFAULT 0,
    id_frente BIGINT,
    id_embarcacion BIGINT,
    id_plataforma BIGINT,
    id_intercom BIGINT,
    id_patio BIGINT,
    plazo_dias INTEGER,
    requiere_patio BOOLEAN NOT NULL DEFAULT FALSE,
    fecha_inicio_patio DATE,
    fecha_fin_patio DATE,
    id_cliente BIGINT,
    comentario TEXT NOT NULL DEFAULT '',
    prioridad SMALLINT,
    -- ISO 8601 text exactly as given: the offset is part of what the client logged.
    bitacora_inicio_cliente TEXT,
    bitacora_llegada_base TEXT,
    progreso NUMERIC(5, 2) NOT NULL DEFAULT 0,
    creado TIMESTAMPTZ NOT NULL DEFAULT now(),
    actualizado TIMESTAMPTZ NOT NULL DEFAULT now(),
    busqueda TEXT GENERATED ALWAYS AS (
        lower(orden_trabajo || ' ' || oficio_ot || ' ' || descripcion_trabajo || ' ' || responsable_cliente)
    ) STORED
);

-- List queries: filters on status, type, front, client and dates, free-text search, and the
-- reprogramming chain of an OT.
CREATE INDEX work_orders_listado ON work_orders (estatus, id_estatus_ot, id DESC);
CREATE INDEX work_orders_tipo ON work_orders (id_tipo, estatus);
CREATE INDEX work_orders_frente ON work_orders (id_frente);
CREATE INDEX work_orders_cliente ON work_orders (id_cliente);
CREATE INDEX work_orders_responsable ON work_orders (id_responsable_proyecto);
CREATE INDEX work_orders_inicio ON work_orders (fecha_inicio_programado);
CREATE INDEX work_orders_termino ON work_orders (fecha_termino_programado);
CREATE INDEX work_orders_folio ON work_orders (orden_trabajo);
CREATE INDEX work_orders_principal ON work_orders (ot_principal_doc, num_reprogramacion);
CREATE INDEX work_orders_busqueda ON work_orders USING gin (busqueda gin_trgm_ops);

CREATE TABLE work_order_steps (
    id BIGSERIAL PRIMARY KEY,
    step_id UUID NOT NULL UNIQUE,
    work_order_id BIGINT NOT NULL REFERENCES work_orders ON DELETE CASCADE,
    id_paso BIGINT NOT NULL,
    estatus_paso SMALLINT NOT NULL,
    fecha_entrega DATE,
    fecha_inicio DATE,
    fecha_termino DATE,
    comentario TEXT NOT NULL DEFAULT '',
    archivo JSONB
);
CREATE INDEX work_order_steps_ot ON work_order_steps (work_order_id, id_paso);
CREATE INDEX work_order_steps_estatus ON work_order_steps (estatus_paso);

CREATE TABLE work_order_photos (
    id BIGSERIAL PRIMARY KEY,
    photo_id UUID NOT NULL UNIQUE,
    work_order_id BIGINT NOT NULL REFERENCES work_orders ON DELETE CASCADE,
    proceso SMALLINT NOT NULL,
    titulo TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    nombre TEXT NOT NULL DEFAULT '',
    tamano BIGINT NOT NULL,
    tipo_mime TEXT NOT NULL,
    creado TIMESTAMPTZ NOT NULL
);
CREATE INDEX work_order_photos_ot ON work_order_photos (work_order_id);

CREATE TABLE work_order_empleados (
    work_order_id BIGINT NOT NULL REFERENCES work_orders ON DELETE CASCADE,
    empleado_id BIGINT NOT NULL,
    PRIMARY KEY (work_order_id, empleado_id)
);

CREATE TABLE work_order_history (
    id BIGSERIAL PRIMARY KEY,
    event_id UUID NOT NULL UNIQUE,
    work_order_id BIGINT NOT NULL REFERENCES work_orders ON DELETE CASCADE,
    fecha TIMESTAMPTZ NOT NULL,
    usuario TEXT NOT NULL,
    estatus_anterior SMALLINT NOT NULL,
    estatus_nuevo SMALLINT NOT NULL,
    comentario TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_order_history_ot ON work_order_history (work_order_id, fecha);

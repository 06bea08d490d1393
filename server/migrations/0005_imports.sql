-- Server-side imports: Anexo C workbooks and MS Project schedules, each with its record.

CREATE TABLE imports (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('anexo', 'cronograma')),
    work_order_id BIGINT NOT NULL REFERENCES work_orders,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    user_id BIGINT REFERENCES users,
    status TEXT NOT NULL DEFAULT 'pendiente' CHECK (status IN ('pendiente', 'procesando', 'terminada', 'fallida')),
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    counts JSONB NOT NULL DEFAULT '{}',
    errors JSONB NOT NULL DEFAULT '[]',
    error_code TEXT,
    nombre_version TEXT,
    creado TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ
);
CREATE INDEX imports_work_order ON imports (work_order_id, creado DESC);
-- A file imported once into an OT is not imported again.
CREATE UNIQUE INDEX imports_once ON imports (work_order_id, kind, sha256) WHERE status = 'terminada';

CREATE TABLE anexo_items (
    id BIGSERIAL PRIMARY KEY,
    import_id BIGINT NOT NULL REFERENCES imports,
    work_order_id BIGINT NOT NULL REFERENCES work_orders,
    partida TEXT NOT NULL,
    descripcion TEXT NOT NULL DEFAULT '',
    unidad TEXT NOT NULL DEFAULT '',
    cantidad NUMERIC,
    precio_unitario_mxn NUMERIC,
    precio_unitario_usd NUMERIC,
    importe_mxn NUMERIC,
    importe_usd NUMERIC,
    hoja TEXT NOT NULL,
    fila INTEGER NOT NULL
);
CREATE INDEX anexo_items_work_order ON anexo_items (work_order_id, hoja, fila);

CREATE TABLE schedule_versions (
    id BIGSERIAL PRIMARY KEY,
    work_order_id BIGINT NOT NULL REFERENCES work_orders,
    import_id BIGINT REFERENCES imports,
    nombre_version TEXT NOT NULL,
    creado TIMESTAMPTZ NOT NULL DEFAULT now(),
    task_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX schedule_versions_work_order ON schedule_versions (work_order_id, creado DESC);

CREATE TABLE schedule_tasks (
    version_id BIGINT NOT NULL REFERENCES schedule_versions ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    id_tarea INTEGER,
    wbs TEXT NOT NULL DEFAULT '',
    nombre TEXT NOT NULL DEFAULT '',
    nivel INTEGER NOT NULL DEFAULT 0,
    padre INTEGER,
    inicio TIMESTAMP,
    fin TIMESTAMP,
    duracion_horas NUMERIC,
    porcentaje_completado NUMERIC,
    hito BOOLEAN NOT NULL DEFAULT FALSE,
    resumen BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (version_id, uid)
);

CREATE TABLE schedule_predecessors (
    version_id BIGINT NOT NULL REFERENCES schedule_versions ON DELETE CASCADE,
    task_uid INTEGER NOT NULL,
    predecessor_uid INTEGER NOT NULL,
    tipo TEXT NOT NULL CHECK (tipo IN ('FS', 'SS', 'FF', 'SF')),
    retraso_horas NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (version_id, task_uid, predecessor_uid)
);

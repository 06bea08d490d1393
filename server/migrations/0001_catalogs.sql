-- Server-owned catalogs: read-only on devices, cached there for offline use.

-- Codes of the seeds: fixed, so they ship with the schema.
CREATE TABLE tipos (id SMALLINT PRIMARY KEY, descripcion TEXT NOT NULL);
INSERT INTO tipos VALUES (4, 'Inicial'), (5, 'Reprogramación');

CREATE TABLE estatus_ot (id SMALLINT PRIMARY KEY, descripcion TEXT NOT NULL);
INSERT INTO estatus_ot VALUES (1, 'Activa'), (2, 'En proceso'), (3, 'Terminada'), (4, 'Cancelada');

CREATE TABLE estatus_paso (id SMALLINT PRIMARY KEY, descripcion TEXT NOT NULL);
INSERT INTO estatus_paso VALUES (1, 'Pendiente'), (2, 'En proceso'), (3, 'Terminado'), (4, 'No aplica');

CREATE TABLE clientes (
    id BIGSERIAL PRIMARY KEY,
    nombre TEXT NOT NULL,
    razon_social TEXT NOT NULL DEFAULT '',
    rfc TEXT NOT NULL DEFAULT '',
    regimen_fiscal TEXT NOT NULL DEFAULT '',
    direccion TEXT NOT NULL DEFAULT '',
    colonia TEXT NOT NULL DEFAULT '',
    telefono TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    representante_legal TEXT NOT NULL DEFAULT ''
);

CREATE TABLE frentes (id BIGSERIAL PRIMARY KEY, descripcion TEXT NOT NULL);

-- The four kinds of work site, each assigned to a front (seed 000 obtener_sitios_por_frente).
CREATE TABLE embarcaciones (id BIGSERIAL PRIMARY KEY, descripcion TEXT NOT NULL, id_frente BIGINT REFERENCES frentes, activo BOOLEAN NOT NULL DEFAULT TRUE);
CREATE TABLE plataformas (id BIGSERIAL PRIMARY KEY, descripcion TEXT NOT NULL, id_frente BIGINT REFERENCES frentes, activo BOOLEAN NOT NULL DEFAULT TRUE);
CREATE TABLE intercoms (id BIGSERIAL PRIMARY KEY, descripcion TEXT NOT NULL, id_frente BIGINT REFERENCES frentes, activo BOOLEAN NOT NULL DEFAULT TRUE);
CREATE TABLE patios (id BIGSERIAL PRIMARY KEY, descripcion TEXT NOT NULL, id_frente BIGINT REFERENCES frentes, activo BOOLEAN NOT NULL DEFAULT TRUE);

CREATE TABLE responsables_proyecto (id BIGSERIAL PRIMARY KEY, nombre TEXT NOT NULL, email TEXT NOT NULL DEFAULT '');

CREATE TABLE pte_headers (
    id BIGSERIAL PRIMARY KEY,
    oficio_pte TEXT NOT NULL UNIQUE,
    descripcion TEXT NOT NULL DEFAULT '',
    id_cliente BIGINT REFERENCES clientes
);

-- Step templates (PasoOt): a new OT gets one step per active template of its type.
CREATE TABLE pasos_ot (
    id BIGSERIAL PRIMARY KEY,
    descripcion TEXT NOT NULL,
    tipo INTEGER NOT NULL,
    activo BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX pasos_ot_tipo ON pasos_ot (tipo, id) WHERE activo;

CREATE TABLE empleados (
    id BIGSERIAL PRIMARY KEY,
    rfc TEXT NOT NULL DEFAULT '',
    nombre TEXT NOT NULL,
    apellido_paterno TEXT NOT NULL DEFAULT '',
    apellido_materno TEXT NOT NULL DEFAULT '',
    activo BOOLEAN NOT NULL DEFAULT TRUE
);

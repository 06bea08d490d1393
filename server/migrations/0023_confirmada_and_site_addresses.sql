-- Seed 002's status 5 "Confirmada" (finished and accepted by the client) is a status of its own.
INSERT INTO estatus_ot VALUES (5, 'Confirmada') ON CONFLICT (id) DO NOTHING;

-- Seed 002 shows a work order's site as a branch office with its municipality and address.
ALTER TABLE embarcaciones ADD COLUMN municipio TEXT NOT NULL DEFAULT '', ADD COLUMN direccion TEXT NOT NULL DEFAULT '';
ALTER TABLE plataformas ADD COLUMN municipio TEXT NOT NULL DEFAULT '', ADD COLUMN direccion TEXT NOT NULL DEFAULT '';
ALTER TABLE intercoms ADD COLUMN municipio TEXT NOT NULL DEFAULT '', ADD COLUMN direccion TEXT NOT NULL DEFAULT '';
ALTER TABLE patios ADD COLUMN municipio TEXT NOT NULL DEFAULT '', ADD COLUMN direccion TEXT NOT NULL DEFAULT '';

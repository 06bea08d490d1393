-- On a vessel hub: the files shore holds (the hub sent them, or they came down from shore);
-- every other file waits to go up.
CREATE TABLE upstream_blobs (
    sha256 TEXT PRIMARY KEY REFERENCES blobs ON DELETE CASCADE
);

CREATE VIEW upstream_files_waiting AS
SELECT b.sha256, b.tipo_mime, b.tamano, b.almacen, b.creado FROM blobs b
WHERE NOT EXISTS (SELECT 1 FROM upstream_blobs u WHERE u.sha256 = b.sha256);

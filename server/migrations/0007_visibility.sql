-- What a field technician's devices receive: the work orders they created and those their
-- employee record is assigned to (office roles receive everything).
ALTER TABLE users ADD COLUMN empleado_id BIGINT REFERENCES empleados;
ALTER TABLE documents ADD COLUMN creado_por BIGINT REFERENCES users;
CREATE INDEX documents_creado_por ON documents (creado_por);
CREATE INDEX work_order_empleados_empleado ON work_order_empleados (empleado_id, work_order_id);

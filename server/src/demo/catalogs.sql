-- Demo catalogs: a realistic subsea contractor in the Gulf of Mexico. Loaded once, on an
-- empty database, by `ote-server seed-demo` (and so by the run command).

INSERT INTO clientes (id, nombre, razon_social, rfc, regimen_fiscal, direccion, colonia, telefono, email, representante_legal) VALUES
 (1, 'PEP', 'Pemex Exploración y Producción', 'PEP920716KN6', '601', 'Calle 33 No. 1, Ciudad del Carmen, Campeche', 'Centro', '(938) 381-1000', 'contratos.pep@example.mx', 'Ing. Ricardo Salinas Pérez'),
 (2, 'Arenas Marinas', 'Arenas Marinas del Golfo S.A. de C.V.', 'AMG051212AB1', '601', 'Av. Periférica Norte 120, Ciudad del Carmen, Campeche', 'Tecolutla', '(938) 382-4410', 'operaciones@arenasmarinas.example.mx', 'Lic. Gabriela Ortiz Cano'),
 (3, 'Fieldwood Offshore', 'Fieldwood Energy Offshore S. de R.L. de C.V.', 'FEO140303CD2', '601', 'Paseo de la Reforma 412, Ciudad de México', 'Juárez', '(55) 5081-2200', 'mx.ops@fieldwood.example.com', 'Ing. Mark Reynolds'),
 (4, 'Hokchi Energy', 'Hokchi Energy S.A. de C.V.', 'HEN150928EF3', '601', 'Blvd. Manuel Ávila Camacho 36, Ciudad de México', 'Lomas de Chapultepec', '(55) 4170-9000', 'subsea@hokchi.example.mx', 'Ing. Laura Méndez Ruiz'),
 (5, 'Cotemar', 'Constructora y Arrendadora Cotemar S.A. de C.V.', 'CAC790101GH4', '601', 'Calle 55 No. 20, Ciudad del Carmen, Campeche', 'Justo Sierra', '(938) 381-3500', 'compras@cotemar.example.mx', 'C.P. Jorge Canul May');
SELECT setval('clientes_id_seq', 5);

INSERT INTO frentes (id, descripcion) VALUES
 (1, 'Tierra (patio)'), (2, 'Embarcación'), (3, 'Plataformas'), (4, 'Intercom');
SELECT setval('frentes_id_seq', 4);

INSERT INTO embarcaciones (id, descripcion, id_frente, municipio, direccion) VALUES
 (1, 'B/M Caballo Azteca', 2, 'Carmen', 'Muelle de Laguna Azul, Ciudad del Carmen, Campeche'),
 (2, 'DSV Cantarell I', 2, 'Carmen', 'Puerto Isla del Carmen, Ciudad del Carmen, Campeche'),
 (3, 'B/A Isla del Carmen', 2, 'Carmen', 'Muelle de Laguna Azul, Ciudad del Carmen, Campeche'),
 (4, 'DP2 Bourbon Evolution 802', 2, 'Paraíso', 'Puerto de Dos Bocas, Paraíso, Tabasco'),
 (5, 'B/C Tajín', 2, 'Tuxpan', 'Puerto de Tuxpan, Tuxpan, Veracruz');
SELECT setval('embarcaciones_id_seq', 5);

INSERT INTO plataformas (id, descripcion, id_frente, municipio, direccion) VALUES
 (1, 'Akal-C', 3, 'Carmen', 'Sonda de Campeche, activo Cantarell'),
 (2, 'Abkatún-A Permanente', 3, 'Carmen', 'Sonda de Campeche, activo Abkatún-Pol-Chuc'),
 (3, 'Nohoch-A', 3, 'Carmen', 'Sonda de Campeche, activo Cantarell'),
 (4, 'Ku-S', 3, 'Carmen', 'Sonda de Campeche, activo Ku-Maloob-Zaap'),
 (5, 'Pol-A', 3, 'Carmen', 'Sonda de Campeche, activo Abkatún-Pol-Chuc'),
 (6, 'Zaap-C', 3, 'Carmen', 'Sonda de Campeche, activo Ku-Maloob-Zaap');
SELECT setval('plataformas_id_seq', 6);

INSERT INTO intercoms (id, descripcion, id_frente, municipio, direccion) VALUES
 (1, 'Intercom Akal-J / Akal-C', 4, 'Carmen', 'Sonda de Campeche, activo Cantarell'),
 (2, 'Intercom Ku-A / Ku-S', 4, 'Carmen', 'Sonda de Campeche, activo Ku-Maloob-Zaap'),
 (3, 'Intercom Abkatún-D / Pol-A', 4, 'Carmen', 'Sonda de Campeche, activo Abkatún-Pol-Chuc');
SELECT setval('intercoms_id_seq', 3);

INSERT INTO patios (id, descripcion, id_frente, municipio, direccion) VALUES
 (1, 'Patio Dos Bocas, Paraíso', 1, 'Paraíso', 'Carretera Paraíso–Dos Bocas km 2, Paraíso, Tabasco'),
 (2, 'Patio Pajaritos, Coatzacoalcos', 1, 'Coatzacoalcos', 'Terminal Marítima Pajaritos, Coatzacoalcos, Veracruz'),
 (3, 'Patio Isla del Carmen', 1, 'Carmen', 'Av. Periférica Norte s/n, Ciudad del Carmen, Campeche'),
 (4, 'Patio Tuxpan', 1, 'Tuxpan', 'Recinto portuario de Tuxpan, Tuxpan, Veracruz');
SELECT setval('patios_id_seq', 4);

INSERT INTO responsables_proyecto (id, nombre, email) VALUES
 (1, 'Ing. Carlos Hernández Vera', 'chernandez@ote.example.mx'),
 (2, 'Ing. Mariana López Aguilar', 'mlopez@ote.example.mx'),
 (3, 'Ing. José Luis Pech Chan', 'jpech@ote.example.mx'),
 (4, 'Ing. Sofía Ramírez Trejo', 'sramirez@ote.example.mx');
SELECT setval('responsables_proyecto_id_seq', 4);

INSERT INTO pte_headers (id, oficio_pte, descripcion, id_cliente) VALUES
 (1, 'PEP-SSE-PTE-0142/2026', 'Inspección submarina de ductos del activo Cantarell', 1),
 (2, 'PEP-SSE-PTE-0157/2026', 'Mantenimiento a risers y ductos ascendentes Ku-Maloob-Zaap', 1),
 (3, 'AMG-PTE-0021/2026', 'Reparación de abrazaderas y protección catódica', 2),
 (4, 'FEO-PTE-0008/2026', 'Levantamiento batimétrico y ROV en campo Ichalkil', 3),
 (5, 'HEN-PTE-0013/2026', 'Instalación de spools y pruebas hidrostáticas en Hokchi', 4);
SELECT setval('pte_headers_id_seq', 5);

-- Step templates: type 5 for initial OTs and most reprogrammings, type 18 for reprogrammings of
-- clients 2, 3 and 4 (seed 001).
INSERT INTO pasos_ot (id, descripcion, tipo, activo) VALUES
 (1, 'Recepción de la orden de trabajo', 5, TRUE),
 (2, 'Revisión de ingeniería y procedimientos', 5, TRUE),
 (3, 'Movilización de personal y equipo', 5, TRUE),
 (4, 'Análisis de riesgo y permiso de trabajo', 5, TRUE),
 (5, 'Ejecución de los trabajos', 5, TRUE),
 (6, 'Pruebas y verificación', 5, TRUE),
 (7, 'Desmovilización', 5, TRUE),
 (8, 'Entrega de reporte final y generadores', 5, TRUE),
 (9, 'Inspección visual con buzo (obsoleto)', 5, FALSE),
 (20, 'Recepción de la reprogramación', 18, TRUE),
 (21, 'Actualización del programa de ejecución', 18, TRUE),
 (22, 'Ejecución de los trabajos reprogramados', 18, TRUE),
 (23, 'Verificación con el cliente', 18, TRUE),
 (24, 'Cierre administrativo', 18, TRUE);
SELECT setval('pasos_ot_id_seq', 24);

INSERT INTO empleados (id, rfc, nombre, apellido_paterno, apellido_materno) VALUES
 (1, 'GOMJ850312AB1', 'Juan', 'Gómez', 'Martínez'),
 (2, 'PERA900721CD2', 'Ana', 'Pérez', 'Ruiz'),
 (3, 'CHCL880101EF3', 'Luis', 'Chan', 'Cocom'),
 (4, 'SAVM920415GH4', 'María', 'Sánchez', 'Vidal'),
 (5, 'TOLR870930IJ5', 'Roberto', 'Torres', 'López'),
 (6, 'MAYE910623KL6', 'Elena', 'May', 'Euán'),
 (7, 'RIGP860808MN7', 'Pedro', 'Ríos', 'García'),
 (8, 'DOZA930214OP8', 'Andrea', 'Domínguez', 'Zapata');
SELECT setval('empleados_id_seq', 8);

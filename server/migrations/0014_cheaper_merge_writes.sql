-- The rows a merge writes carry no foreign-key checks: each is written by the merge in the
-- same transaction as the row it points to (the projection's rows with their work order, the
-- change log and notices with their document, the audit entry by its signed-in user), and
-- nothing deletes those parents. Each check was one more query inside PostgreSQL per row (30
-- for a new work order's steps); the trigger queries showed in PostgreSQL's profile under load.
ALTER TABLE work_order_steps DROP CONSTRAINT work_order_steps_work_order_id_fkey;
ALTER TABLE work_order_photos DROP CONSTRAINT work_order_photos_work_order_id_fkey;
ALTER TABLE work_order_empleados DROP CONSTRAINT work_order_empleados_work_order_id_fkey;
ALTER TABLE work_order_history DROP CONSTRAINT work_order_history_work_order_id_fkey;
ALTER TABLE change_log DROP CONSTRAINT change_log_doc_id_fkey;
ALTER TABLE notices DROP CONSTRAINT notices_doc_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_user_id_fkey;

-- Room on each page for a row's next version: a merge rewrites its document's row and often its
-- work order's and a step's, and an update that fits on the same page and changes no indexed
-- column skips every index (HOT), the work orders' trigram index above all.
ALTER TABLE documents SET (fillfactor = 70);
ALTER TABLE work_orders SET (fillfactor = 70);
ALTER TABLE work_order_steps SET (fillfactor = 80);

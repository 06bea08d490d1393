-- Two indexes no query reads, written by every merge: steps by status alone (the progress
-- counts read a work order's steps through work_order_steps_ot), and audit entries by document
-- (the audit trail is read by work order). A new work order wrote some thirty entries into the
-- first; and a step's status change, the commonest edit in the field, could not be a HOT update
-- while its status was indexed.
DROP INDEX work_order_steps_estatus;
DROP INDEX audit_log_doc;

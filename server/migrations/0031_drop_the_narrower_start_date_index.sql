-- no-transaction
-- `work_orders_inicio_cubre` (0030) serves every use of this one (the sort and the date
-- range); one index fewer for every work order written.
DROP INDEX CONCURRENTLY IF EXISTS work_orders_inicio;

//! The REST API under `/api/v1`: work orders, their steps and history, catalogs, imports.

pub mod imports;
pub mod work_order_writes;
pub mod work_orders;

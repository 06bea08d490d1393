//! The REST API under `/api/v1`: work orders, their steps and history, catalogs, imports,
//! catalogs and their edits, users and API keys, the activity log, a hub's link with shore and
//! its crew.

pub mod activity;
pub mod catalogs;
pub mod crew;
pub mod imports;
pub mod upstream;
pub mod users;
pub mod work_order_writes;
pub mod work_orders;

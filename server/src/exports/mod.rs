//! Excel exports for the office: the work-order list as filtered, one work order's steps and
//! progress, a schedule version's tasks, Anexo C items, the activity log. Each is a module that
//! turns the API's own rows into a [`xlsx::Sheet`]; [`xlsx`] writes them, amounts with their
//! own digits (never through a float) and dates as dates.

pub mod activity;
pub mod anexo;
pub mod schedule;
pub mod steps;
pub mod work_orders;
pub mod xlsx;

/// The media type of an .xlsx file.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The most rows an export writes (a workbook this long is already past reading).
pub const MAX_ROWS: usize = 100_000;

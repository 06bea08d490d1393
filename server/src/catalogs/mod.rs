//! The server-owned catalogs (clients, fronts, sites, project managers, PTEs, employees, step
//! templates).
//!
//! - [`read`]: every catalog a form needs, as devices keep it, and the active sites.
//! - [`edit`]: the office's changes: add, rename, deactivate, order step templates; each
//!   audited, none deleting what a work order names.
//! - [`mirror`]: shore's catalogs written into a vessel hub's database.
//! - [`version`]: a number that moves with every change, so a device fetches the catalogs
//!   again only when they changed.

pub mod edit;
pub mod mirror;
pub mod read;
pub mod version;

pub use read::{all, sites};

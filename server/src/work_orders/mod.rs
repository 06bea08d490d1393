//! The work order: what the routes do to one, and what they read of them.
//!
//! Writes:
//! - [`commands`]: create, edit, change status, delete, reprogram, steps, photos: the
//!   operations the REST API and the seeds' routes share.
//! - [`edit`]: a route's change to a document, through the same [`crate::store`] path as a
//!   device's sync, refused whole when it breaks a rule.
//!
//! Reads, from the relational rows the store projects:
//! - [`queries`]: the paged list, one work order, and the visibility checks the writes ask
//!   (their sites named by [`crate::sites`], their totals kept by [`crate::counts`]);
//!   [`search`]: its free text, by words or by fragment.
//! - [`steps`] and [`progress`]: steps page by page, and progress by OT, front, client and status.
//! - [`history`]: a work order's audit trail.
//! - [`ordenes_servicio`]: seed 002's service-order view of the same rows.

pub mod commands;
pub mod edit;
pub mod history;
pub mod ordenes_servicio;
pub mod progress;
pub mod queries;
pub mod search;
pub mod steps;

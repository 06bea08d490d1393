//! The activity log (seed 001's `registrar_actividad`): who wrote through which route, or tried
//! to sign in, when and from where.
//!
//! - [`recorder`]: the entries, written in batches by one task per server process, so a request
//!   does not wait on its own log line.
//! - [`query`]: the log filtered by user, work order, action and dates, a page at a time.

pub mod query;
pub mod recorder;

pub use query::Filter;
pub use recorder::{Entry, Recorder};

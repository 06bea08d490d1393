//! Work-order documents in PostgreSQL, and the one path every write takes: a device's merge
//! and a route's edit alike open a document here and save it with one statement.
//!
//! - [`open`]: a document opened for one write, locked or not, and its save (the document's
//!   row, the change log, the projection, the audit entry and notices).
//! - [`cache`]: documents kept loaded between writes, checked against the stored heads.
//! - [`change_log`]: who a write comes from, and a document's stored bytes.
//! - [`projection`]: a work order's relational rows rewritten from its document.
//! - [`rule_context`]: what the rules need to know from other work orders.
//! - [`template_steps`]: the step templates a new work order's steps are made from.
//! - [`Version`]: the stored version of a document, which an unlocked save checks.
//! - [`installation`]: the installation's id, and the actor its servers write as.

pub(crate) mod cache;
pub mod change_log;
pub mod installation;
pub mod open;
mod projection;
pub(crate) mod rule_context;
pub(crate) mod template_steps;
mod version;

pub use version::Version;

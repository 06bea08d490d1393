//! The OTE domain, shared by the tablet app (WASM) and the server (native). No I/O lives here.
//!
//! A tour of the crate:
//! - [`api`]: the HTTP API's request and response types, read by the app and written by the
//!   server, whose OpenAPI document derives from them (feature `openapi`).
//! - [`codes`]: the seeds' numeric codes (OT status, tipo, record state, priority, photo
//!   process, step status) as enums that serialise to the same numbers.
//! - [`model`]: the work order (OT), its steps, photos and history, and the catalogs.
//! - [`rules`]: pure checks over the model; each broken rule is a [`rules::Violation`] with a
//!   stable code and a Spanish message. The app runs them before it commits a local change, the
//!   server again after every merge.
//! - [`roles`]: the user roles and their capabilities; [`rules::judge()`] says which fields each
//!   may change.
//! - [`templates`]: which step templates a new work order gets (seed 001).
//! - [`document`]: the Automerge schema of a work order: write a model into a document, read
//!   it back, and see the fields where concurrent writes left a conflict.
//! - [`sync`]: the sync protocol: wire types, and the device side over a storage trait.
//! - [`text`]: text folded for searching (lower case, no accents).
//! - `testing` (feature `testing`): proptest generators of valid work orders.

pub mod api;
pub mod codes;
pub mod document;
pub mod model;
pub mod roles;
pub mod rules;
pub mod sync;
pub mod templates;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;

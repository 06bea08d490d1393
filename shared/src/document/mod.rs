//! The Automerge schema of a work order: one document per OT.
//!
//! Layout (every key is the model's field name):
//! - the root map holds each scalar field of [`OrdenTrabajo`](crate::model::OrdenTrabajo) under its own key, so concurrent
//!   edits of different fields merge cleanly; `None` is an explicit null, so clearing a field is
//!   a write that can conflict like any other;
//! - `pasos`, `fotos` and `historial` are maps keyed by the entry's UUID, each entry a map of its
//!   own scalar fields; a file (`archivo`) is one JSON string, so its hash, name and size can
//!   never mix between two concurrent attachments;
//! - `empleados` is a set: a map from employee id to `true`;
//! - money is a decimal string, dates are `YYYY-MM-DD`, timestamps RFC 3339 with their offset,
//!   codes are integers; `_schema` is the layout version.
//!
//! The model and the document meet through serde's JSON form of the model, so the two can never
//! disagree on a field's name or encoding. What a device may write into it is [`schema`]:
//! checked before anything it pushed is applied. A field written concurrently on two devices keeps
//! every value: [`read()`] shows the deterministic winner, [`conflicts`] lists all of them, and
//! [`resolve`] writes the value a person picked, which replaces them all.

mod conflict;
mod encode;
mod read;
pub mod schema;
mod write;

pub use conflict::{Conflicto, conflicts, resolve};
pub use read::{read, read_after};
pub use write::{new_document, write};

use automerge::AutomergeError;

/// The version of the layout above, stored under `_schema`.
pub const SCHEMA_VERSION: i64 = 1;

/// What can go wrong between a document and the model.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Automerge refused an operation.
    #[error("automerge: {0}")]
    Automerge(#[from] AutomergeError),
    /// The document does not hold a readable work order.
    #[error("el documento no contiene una OT válida: {0}")]
    Schema(String),
    /// A conflict path that names no field of the document.
    #[error("campo desconocido: {0}")]
    UnknownField(String),
}

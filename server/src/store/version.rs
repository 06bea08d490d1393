//! The stored version of a document: what an unlocked save checks is still there.

/// The stored version a document was opened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Version {
    /// The change-log sequence number of its last write: what a save checks is unchanged.
    pub last_seq: i64,
    /// Change-log rows stored after its snapshot (see migration 0012).
    pub tail_rows: i32,
    /// Its `work_orders` row's id.
    pub work_order_id: Option<i64>,
    /// The user who created it (a field technician sees the work orders they created).
    pub creado_por: Option<i64>,
}

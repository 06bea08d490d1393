//! Work-order documents in PostgreSQL: a snapshot and the change-log rows after it (migration
//! 0012), and the change log devices pull from.

use automerge::AutoCommit;
use sqlx::{PgExecutor, Postgres, Transaction};
use uuid::Uuid;

/// Who a write comes from, as the change log and the audit trail record it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The signed-in user, if any.
    pub user_id: Option<i64>,
    /// The device a sync came from; `None` for a change the server made for a route.
    pub device: Option<String>,
    /// What the audit trail shows: the device or the route.
    pub source: String,
}

impl Origin {
    /// A device's sync.
    pub fn device(user_id: i64, device: &str) -> Origin {
        Origin {
            user_id: Some(user_id),
            device: Some(device.to_owned()),
            source: format!("dispositivo {device}"),
        }
    }

    /// A route's edit, shown as `METHOD path`.
    pub fn route(user_id: i64, route: impl Into<String>) -> Origin {
        Origin {
            user_id: Some(user_id),
            device: None,
            source: route.into(),
        }
    }
}

/// Stores a document the server has not seen, logging its whole content as its first change
/// batch. Returns the change-log sequence number.
pub async fn insert_new(
    tx: &mut Transaction<'_, Postgres>,
    doc_id: Uuid,
    doc: &mut AutoCommit,
    origin: &Origin,
) -> Result<i64, sqlx::Error> {
    let bytes = doc.save();
    let heads: Vec<String> = doc.get_heads().iter().map(|h| h.to_string()).collect();
    sqlx::query("INSERT INTO documents (doc_id, bytes, heads) VALUES ($1, $2, $3)")
        .bind(doc_id)
        .bind(&bytes)
        .bind(&heads)
        .execute(&mut **tx)
        .await?;
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO change_log (doc_id, changes, user_id, device) VALUES ($1, $2, $3, $4) RETURNING seq",
    )
    .bind(doc_id)
    .bind(&bytes)
    .bind(origin.user_id)
    .bind(&origin.device)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE documents SET last_seq = $2, snapshot_seq = $2 WHERE doc_id = $1")
        .bind(doc_id)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// The whole stored document `doc_id` (its snapshot and the changes logged after it), in the
/// bytes `AutoCommit::load` reads.
pub async fn bytes(db: impl PgExecutor<'_>, doc_id: Uuid) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT bytes FROM document_bytes WHERE doc_id = $1")
        .bind(doc_id)
        .fetch_optional(db)
        .await
}

//! The change log's side of a write: who it comes from ([`Origin`], as the log and the audit
//! trail record it), and a document's stored bytes (a snapshot and the change-log rows after it,
//! migration 0012).

use sqlx::PgExecutor;
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

/// The whole stored document `doc_id` (its snapshot and the changes logged after it), in the
/// bytes `AutoCommit::load` reads.
pub async fn bytes(db: impl PgExecutor<'_>, doc_id: Uuid) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT bytes FROM document_bytes WHERE doc_id = $1")
        .bind(doc_id)
        .fetch_optional(db)
        .await
}

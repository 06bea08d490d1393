//! The notices a vessel hub forwards from shore to the tablets that wrote the documents they
//! concern (`crate::upstream::notices` keeps them, migration 0039): a tablet's sync with the
//! hub hands over its own.

use ote_shared::sync::Notice;
use sqlx::PgConnection;

/// The notices waiting for `device`, handed over: they are not kept once taken.
pub async fn take(conn: &mut PgConnection, device: &str) -> Result<Vec<Notice>, sqlx::Error> {
    sqlx::query_as!(
        Notice,
        "DELETE FROM device_notices WHERE device_id = $1
         RETURNING doc_id, code, field, message",
        device
    )
    .fetch_all(conn)
    .await
}

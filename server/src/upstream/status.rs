//! What the link with shore did last (migration 0035's `upstream_state`): when shore was last
//! reached, the last failure, and what went each way.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// The link's state, as the hub keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkStatus {
    /// The end of the last sync that sent and pulled everything.
    pub reached: Option<DateTime<Utc>>,
    /// The end of the last try.
    pub tried: Option<DateTime<Utc>>,
    /// Why the last try failed; `None` when it did not.
    pub error: Option<String>,
    /// Documents sent to shore since the hub was made.
    pub sent: i64,
    /// Documents received from shore since the hub was made.
    pub received: i64,
}

/// The link's state now.
pub async fn read(pool: &PgPool) -> Result<LinkStatus, sqlx::Error> {
    sqlx::query_as!(
        LinkStatus,
        "SELECT reached, tried, error, sent, received FROM upstream_state"
    )
    .fetch_one(pool)
    .await
}

/// A sync that sent `sent` documents and received `received`, and reached the end.
pub async fn reached(pool: &PgPool, sent: usize, received: usize) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE upstream_state SET reached = now(), tried = now(), error = NULL,
             sent = sent + $1, received = received + $2",
        sent as i64,
        received as i64
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A sync that stopped on `error`.
pub async fn failed(pool: &PgPool, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE upstream_state SET tried = now(), error = $1", error)
        .execute(pool)
        .await?;
    Ok(())
}

//! The installation (migration 0035): shore, or a hub on a vessel, each with its own database.
//! Its id names the actor its servers write as, so that changes made on a hub and on shore
//! never share an actor, and the device a hub syncs upstream as.

use automerge::ActorId;
use sqlx::PgExecutor;
use uuid::Uuid;

/// The installation's id, made once by its first migration.
pub async fn id(db: impl PgExecutor<'_>) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM installation")
        .fetch_one(db)
        .await
}

/// The actor the servers of installation `id` write compensations, template steps and office
/// edits as.
pub fn actor(id: Uuid) -> ActorId {
    let mut bytes = b"ote-server:".to_vec();
    bytes.extend_from_slice(id.as_bytes());
    ActorId::from(bytes)
}

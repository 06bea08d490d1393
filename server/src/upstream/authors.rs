//! Who made, on board, the changes a hub sends: for each tablet whose changes a batch carries,
//! the user signed in on it, as the hub's change log keeps them for each merge. Shore judges
//! and logs each change as that user's if they are on the hub's crew
//! (`crate::sync::authors`).

use ote_shared::sync::SyncRequest;
use ote_shared::sync::wire::{AutorRemoto, MAX_AUTHORS_PER_REQUEST};
use sqlx::PgPool;
use uuid::Uuid;

/// The tablets that wrote to the documents of `request`, most recent first, each with the user
/// of its latest merge (a tablet keeps one store per account, so one user).
pub async fn of(pool: &PgPool, request: &SyncRequest) -> Result<Vec<AutorRemoto>, sqlx::Error> {
    let docs: Vec<Uuid> = request.docs.iter().map(|d| d.doc_id).collect();
    let rows = sqlx::query!(
        r#"SELECT c.device AS "device!", (array_agg(u.username ORDER BY c.seq DESC))[1] AS "username!"
           FROM change_log c JOIN users u ON u.id = c.user_id
           WHERE c.doc_id = ANY($1) AND c.device IS NOT NULL
           GROUP BY c.device ORDER BY max(c.seq) DESC LIMIT $2"#,
        &docs,
        MAX_AUTHORS_PER_REQUEST as i64
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AutorRemoto {
            dispositivo: r.device,
            usuario: r.username,
        })
        .collect())
}

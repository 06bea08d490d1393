//! Who made, on board, the changes a hub sends, and in which order: for each tablet whose
//! changes a batch carries, the user signed in on it, as the hub's change log keeps them for
//! each merge; and each document's changes in the order the hub merged them. Shore judges and
//! logs each change as that user's if they are on the hub's crew, run by run in that order
//! (`crate::sync::authors`), so it judges each against the work order as the hub did.

use std::collections::HashMap;

use automerge::ChangeHash;
use ote_shared::sync::SyncRequest;
use ote_shared::sync::wire::{AutorRemoto, MAX_AUTHORS_PER_REQUEST};
use sqlx::PgPool;
use uuid::Uuid;

use crate::sync::changes;

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

/// `request` with each document's changes in the order the hub merged them (its change log's):
/// in another order shore could judge a change against a state the hub never had (a step
/// edited after the work order closed, where the hub had it edited before).
pub async fn in_log_order(
    pool: &PgPool,
    mut request: SyncRequest,
) -> Result<SyncRequest, sqlx::Error> {
    for push in &mut request.docs {
        let rows = sqlx::query_scalar!(
            "SELECT changes FROM change_log WHERE doc_id = $1 ORDER BY seq",
            push.doc_id
        )
        .fetch_all(pool)
        .await?;
        push.changes = reordered(&push.changes, &rows);
    }
    Ok(request)
}

/// The changes `pushed` in the order `rows` logged them; any the rows lack after them, as
/// pushed. Bytes that do not split as changes are left as they are (shore refuses them).
fn reordered(pushed: &[u8], rows: &[Vec<u8>]) -> Vec<u8> {
    // Bounded by what a push may hold, which shore bounds again; the log's own rows are this
    // hub's.
    let mut unbounded = usize::MAX;
    let Ok(chunks) = changes::split(pushed, &mut unbounded) else {
        return pushed.to_vec();
    };
    let mut waiting: HashMap<ChangeHash, &[u8]> =
        chunks.iter().map(|c| (c.hash(), c.bytes)).collect();
    let mut out = Vec::with_capacity(pushed.len());
    for row in rows {
        let mut unbounded = usize::MAX;
        for logged in changes::split(row, &mut unbounded).unwrap_or_default() {
            if let Some(bytes) = waiting.remove(&logged.hash()) {
                out.extend_from_slice(bytes);
            }
        }
    }
    for chunk in chunks.iter().filter(|c| waiting.contains_key(&c.hash())) {
        out.extend_from_slice(chunk.bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;
    use crate::sync::changes::Chunk;

    fn hashes(bytes: &[u8]) -> Vec<ChangeHash> {
        changes::split(bytes, &mut usize::MAX.clone())
            .unwrap()
            .iter()
            .map(Chunk::hash)
            .collect()
    }

    #[test]
    fn changes_go_in_the_order_the_hub_logged_them() {
        let mut doc = AutoCommit::new();
        let mut logged = Vec::new();
        for n in 0..4 {
            let heads = doc.get_heads();
            doc.put(ROOT, "comentario", format!("edición {n}")).unwrap();
            doc.commit();
            logged.push(doc.save_after(&heads));
        }
        let mut pushed: Vec<u8> = Vec::new();
        for row in logged.iter().rev() {
            pushed.extend_from_slice(row);
        }
        let sent = reordered(&pushed, &logged);
        assert_eq!(hashes(&sent), hashes(&logged.concat()));
    }
}

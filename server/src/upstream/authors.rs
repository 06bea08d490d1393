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

use crate::sync::changes::{self, Chunk};

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
        push.changes = reordered(pool, push.doc_id, &push.changes).await?;
    }
    Ok(request)
}

/// `pushed` in the order the change log of `doc_id` holds them. The log is read newest first, a
/// page at a time, only as far back as the oldest change pushed: what a hub sends is what shore
/// has not acknowledged, the end of a history that grows for as long as the work order lives.
async fn reordered(pool: &PgPool, doc_id: Uuid, pushed: &[u8]) -> Result<Vec<u8>, sqlx::Error> {
    let Some(mut order) = LogOrder::of(pushed) else {
        return Ok(pushed.to_vec());
    };
    let mut before = i64::MAX;
    while !order.done() {
        let page = sqlx::query!(
            "SELECT seq, changes FROM change_log WHERE doc_id = $1 AND seq < $2
             ORDER BY seq DESC LIMIT $3",
            doc_id,
            before,
            LOG_PAGE
        )
        .fetch_all(pool)
        .await?;
        for row in &page {
            order.take_row(&row.changes);
        }
        match page.last() {
            Some(oldest) if page.len() as i64 == LOG_PAGE => before = oldest.seq,
            _ => break,
        }
    }
    Ok(order.finish())
}

/// The change-log rows read at a time, newest first: a tablet's sync with the hub is one row
/// per document, and a hub sends what tablets synced since its last round.
const LOG_PAGE: i64 = 32;

/// Puts pushed changes in a change log's order, given its rows newest first.
struct LogOrder<'p> {
    /// The changes as pushed.
    pushed: Vec<Chunk<'p>>,
    /// Those not yet found in a row.
    waiting: HashMap<ChangeHash, &'p [u8]>,
    /// Those found, newest first.
    found: Vec<&'p [u8]>,
}

impl<'p> LogOrder<'p> {
    /// `None` for bytes that do not split as changes: they go as they are (shore refuses them).
    fn of(pushed: &'p [u8]) -> Option<Self> {
        // Bounded by what a push may hold, which shore bounds again.
        let mut unbounded = usize::MAX;
        let pushed = changes::split(pushed, &mut unbounded).ok()?;
        let waiting = pushed.iter().map(|c| (c.hash(), c.bytes)).collect();
        Some(LogOrder {
            pushed,
            waiting,
            found: Vec::new(),
        })
    }

    fn done(&self) -> bool {
        self.waiting.is_empty()
    }

    /// Takes the next row, older than those taken (the log's own rows are this hub's).
    fn take_row(&mut self, row: &[u8]) {
        let mut unbounded = usize::MAX;
        let logged = changes::split(row, &mut unbounded).unwrap_or_default();
        for change in logged.iter().rev() {
            if let Some(bytes) = self.waiting.remove(&change.hash()) {
                self.found.push(bytes);
            }
        }
    }

    /// The changes found, oldest first; then any the log lacks, as pushed.
    fn finish(self) -> Vec<u8> {
        let mut out: Vec<u8> = self
            .found
            .iter()
            .rev()
            .flat_map(|b| b.iter())
            .copied()
            .collect();
        for chunk in self
            .pushed
            .iter()
            .filter(|c| self.waiting.contains_key(&c.hash()))
        {
            out.extend_from_slice(chunk.bytes);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;

    fn hashes(bytes: &[u8]) -> Vec<ChangeHash> {
        changes::split(bytes, &mut usize::MAX.clone())
            .unwrap()
            .iter()
            .map(Chunk::hash)
            .collect()
    }

    /// A change log of `edits` rows, one edit each, oldest first.
    fn log_of(edits: usize) -> Vec<Vec<u8>> {
        let mut doc = AutoCommit::new();
        let mut logged = Vec::new();
        for n in 0..edits {
            let heads = doc.get_heads();
            doc.put(ROOT, "comentario", format!("edición {n}")).unwrap();
            doc.commit();
            logged.push(doc.save_after(&heads));
        }
        logged
    }

    #[test]
    fn changes_go_in_the_order_the_hub_logged_them() {
        let logged = log_of(4);
        let mut pushed: Vec<u8> = Vec::new();
        for row in logged.iter().rev() {
            pushed.extend_from_slice(row);
        }
        let mut order = LogOrder::of(&pushed).unwrap();
        for row in logged.iter().rev() {
            order.take_row(row);
        }
        assert_eq!(hashes(&order.finish()), hashes(&logged.concat()));
    }

    #[test]
    fn the_log_is_read_back_only_as_far_as_the_oldest_change_pushed() {
        let logged = log_of(6);
        let pushed = logged[4..].concat();
        let mut order = LogOrder::of(&pushed).unwrap();
        let mut read = 0;
        for row in logged.iter().rev() {
            if order.done() {
                break;
            }
            order.take_row(row);
            read += 1;
        }
        assert_eq!(read, 2);
        assert_eq!(hashes(&order.finish()), hashes(&pushed));
    }
}

//! The reprogramming numbers a hub gave that shore has not settled: shore is the authority for
//! a chain's numbers (another vessel, or the office, may have taken the same), so until shore
//! answers, a number given on board is provisional, and the tablets on board say so.

use automerge::{AutoCommit, ChangeHash, ROOT, ReadDoc};
use sqlx::PgPool;
use uuid::Uuid;

/// The field that holds a reprogramming's number in the document.
const NUMBER: &str = "num_reprogramacion";
/// The most work orders listed: a week of reprogrammings on one vessel is a handful.
const MAX_LISTED: i64 = 500;

/// The work orders whose reprogramming number shore has not acknowledged: waiting to go up,
/// numbered, and with a number other than the one in what shore acknowledged (or never
/// acknowledged at all).
pub async fn numbers(pool: &PgPool) -> Result<Vec<Uuid>, sqlx::Error> {
    let rows: Vec<(Uuid, Vec<u8>, Option<Vec<String>>)> = sqlx::query_as(
        "SELECT u.doc_id, b.bytes, a.heads FROM upstream_waiting u
         JOIN work_orders w USING (doc_id) JOIN document_bytes b USING (doc_id)
         LEFT JOIN upstream_acked a USING (doc_id)
         WHERE w.num_reprogramacion IS NOT NULL ORDER BY u.last_seq LIMIT $1",
    )
    .bind(MAX_LISTED)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, bytes, acked)| unsettled(bytes, acked.as_deref().unwrap_or_default()))
        .map(|(id, _, _)| id)
        .collect())
}

/// Whether the number in the document `bytes` differs from its number at the heads shore
/// `acked` (a document that does not load is not the place to say so: not listed).
fn unsettled(bytes: &[u8], acked: &[String]) -> bool {
    let Ok(doc) = AutoCommit::load(bytes) else {
        return false;
    };
    let heads: Vec<ChangeHash> = acked.iter().filter_map(|h| h.parse().ok()).collect();
    if heads.is_empty() {
        return true;
    }
    let now = doc.get(ROOT, NUMBER).ok().flatten().map(|(v, _)| v);
    let settled = doc
        .get_at(ROOT, NUMBER, &heads)
        .ok()
        .flatten()
        .map(|(v, _)| v);
    now != settled
}

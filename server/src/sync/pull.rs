//! The documents changed since a device's cursor (see migration 0006 for why the cursor is a
//! transaction id).

use std::collections::{HashMap, HashSet};

use ote_shared::sync::DocPull;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::auth::Viewer;

/// Change-log rows per page.
const PAGE_ROWS: i64 = 2_000;

/// One page of pulled documents.
pub struct Page {
    /// The documents, each with its changes since the cursor.
    pub docs: Vec<DocPull>,
    /// The device's next cursor.
    pub cursor: i64,
    /// More rows wait beyond this page.
    pub more: bool,
}

/// A change-log row: document, changes, transaction id, the document's heads (on its first row
/// only, which a page always holds if it holds any: a busy document has dozens of heads, and
/// repeating them on each of its rows would multiply a pull's bytes), sequence, and the horizon:
/// the oldest transaction still running when the statement took its snapshot (the same on
/// every row). Transaction ids come as numbers (an `xid8` counts far below `i64`'s limit).
type Row = (Uuid, Vec<u8>, i64, Option<Vec<String>>, i64, i64);

/// The change-log rows the viewer may see that pass `filter` (over `c`, the change log), in
/// log order, with their document's heads on each document's first row, looked up for that
/// row alone (joining every row to its document is slower). A restricted viewer's pull starts
/// from their few visible documents ([`Viewer::visible_docs`]) and looks up each one's recent
/// rows, instead of testing every row the whole office wrote since the cursor: document by
/// document (`LATERAL`, numbered within each): joined instead, the
/// generic plan reads every row logged since the cursor and hashes them against the visible
/// documents. BENCHMARKS.md, "Choices measured", has the figures.
/// The horizon comes from the statement's own snapshot, so it is exact for the rows it read,
/// with no round trip of its own. Unless `ordered`, the rows come in no particular order.
fn rows_query(viewer: Viewer, filter: &str, ordered: bool) -> String {
    const COLUMNS: &str = "c.doc_id, c.changes, c.txid, c.seq";
    let (visible, rows) = if let Some(docs) = viewer.visible_docs() {
        (
            format!(", v AS ({docs})"),
            format!(
                "v CROSS JOIN LATERAL (SELECT {COLUMNS}, row_number() OVER (ORDER BY c.txid, c.seq) AS n
                   FROM change_log c WHERE c.doc_id = v.doc_id AND {filter}) r"
            ),
        )
    } else {
        (
            String::new(),
            format!(
                "(SELECT {COLUMNS}, row_number() OVER (PARTITION BY c.doc_id ORDER BY c.txid, c.seq) AS n
                  FROM change_log c WHERE {filter}) r"
            ),
        )
    };
    let order = if ordered {
        "ORDER BY r.txid, r.seq"
    } else {
        ""
    };
    format!(
        "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon){visible}
         SELECT r.doc_id, r.changes, r.txid::text::bigint,
             CASE WHEN r.n = 1 THEN (SELECT d.heads FROM documents d WHERE d.doc_id = r.doc_id) END,
             r.seq, h.horizon
         FROM h, {rows} {order}"
    )
}

/// The oldest transaction still running when `rows` were read; `cursor` when there are none.
fn horizon(rows: &[Row], cursor: i64) -> i64 {
    rows.first().map_or(cursor, |r| r.5)
}

/// Runs a [`rows_query`] with its two arguments (`$1`, `$2`) and the viewer's (`$3`, `$4`;
/// declared and unused when the viewer sees everything).
async fn fetch_rows(
    conn: &mut PgConnection,
    sql: &str,
    first: &str,
    second: i64,
    viewer: Viewer,
) -> Result<Vec<Row>, sqlx::Error> {
    let (user, empleado) = viewer.binds();
    sqlx::query_as(sql)
        .bind(first)
        .bind(second)
        .bind(user)
        .bind(empleado)
        .fetch_all(conn)
        .await
}

/// Rows logged since the cursor (`$1`).
const SINCE: &str = "c.txid >= $1::text::xid8";
/// Rows logged by the transaction `$1`.
const BY_TRANSACTION: &str = "c.txid = $1::text::xid8";

/// The changes since `cursor` of every document the viewer may see, but for the rows in
/// `own_rows` (what the device's own merges just logged of its changes alone). With no rows
/// the cursor stays: every row logged later has a transaction id at or after it.
///
/// Rows are read in no order first: all of them fit in a page almost always, and then the
/// order of a page does not matter (`group` puts each document's rows in log order), and
/// sorting them all in PostgreSQL is work for nothing. Only more than a page is read again, in
/// log order, to page it.
#[tracing::instrument(level = "debug", skip(conn, own_rows))]
pub async fn since(
    conn: &mut PgConnection,
    cursor: i64,
    own_rows: &HashSet<i64>,
    viewer: Viewer,
) -> Result<Page, sqlx::Error> {
    let all = format!("{} LIMIT $2", rows_query(viewer, SINCE, false));
    let from = cursor.to_string();
    let rows = fetch_rows(conn, &all, &from, PAGE_ROWS + 1, viewer).await?;
    let (rows, next, more) = if rows.len() as i64 > PAGE_ROWS {
        let (rows, next) = first_page(conn, cursor, viewer).await?;
        (rows, next, true)
    } else {
        let next = horizon(&rows, cursor);
        (rows, next, false)
    };
    Ok(Page {
        docs: group(rows, own_rows),
        cursor: next.max(cursor),
        more,
    })
}

/// The first page of rows since `cursor`, in log order, and the cursor after it.
async fn first_page(
    conn: &mut PgConnection,
    cursor: i64,
    viewer: Viewer,
) -> Result<(Vec<Row>, i64), sqlx::Error> {
    let first = format!("{} LIMIT $2", rows_query(viewer, SINCE, true));
    let mut rows = fetch_rows(conn, &first, &cursor.to_string(), PAGE_ROWS, viewer).await?;
    let horizon = horizon(&rows, cursor);
    // Finish the last transaction of the page, so the cursor can pass it.
    let last = rows.last().map_or(cursor, |r| r.2);
    let done = rows.iter().filter(|r| r.2 == last).count() as i64;
    let rest = format!("{} OFFSET $2", rows_query(viewer, BY_TRANSACTION, true));
    rows.extend(fetch_rows(conn, &rest, &last.to_string(), done, viewer).await?);
    Ok((rows, (last + 1).min(horizon)))
}

/// One pull per document, its changes concatenated in log order.
fn group(mut rows: Vec<Row>, own_rows: &HashSet<i64>) -> Vec<DocPull> {
    rows.sort_unstable_by_key(|r| (r.2, r.4));
    let mut docs: Vec<DocPull> = Vec::new();
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    let mut heads: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (doc_id, changes, _, doc_heads, seq, _) in rows {
        if let Some(doc_heads) = doc_heads {
            heads.insert(doc_id, doc_heads);
        }
        if own_rows.contains(&seq) {
            continue;
        }
        match index.get(&doc_id) {
            Some(&i) => docs[i].changes.extend_from_slice(&changes),
            None => {
                index.insert(doc_id, docs.len());
                docs.push(DocPull {
                    doc_id,
                    changes,
                    heads: Vec::new(),
                    resend_all: false,
                });
            }
        }
    }
    for doc in &mut docs {
        doc.heads = heads.remove(&doc.doc_id).unwrap_or_default();
    }
    docs
}

/// Whole documents, for a device that holds only part of them and may see them.
pub async fn whole(
    conn: &mut PgConnection,
    ids: &[Uuid],
    viewer: Viewer,
) -> Result<Vec<DocPull>, sqlx::Error> {
    // Almost every batch asks for none: no round trip for them.
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql =
        "SELECT d.doc_id, b.bytes, d.heads FROM documents d JOIN document_bytes b USING (doc_id)
               WHERE d.doc_id = ANY($1)";
    let sql = match viewer.visible_docs() {
        Some(docs) => format!("{sql} AND d.doc_id IN ({docs}) LIMIT $2"),
        None => format!("{sql} LIMIT $2"),
    };
    let (user, empleado) = viewer.binds();
    let rows: Vec<(Uuid, Vec<u8>, Vec<String>)> = sqlx::query_as(&sql)
        .bind(ids)
        .bind(ids.len() as i64)
        .bind(user)
        .bind(empleado)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(doc_id, changes, heads)| DocPull {
            doc_id,
            changes,
            heads,
            resend_all: false,
        })
        .collect())
}

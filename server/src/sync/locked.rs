//! A work-order document held under its row lock for one transaction. A device's merge and a
//! server-made edit (the REST and seed routes) both open one and save through it, so every write
//! takes one path into the document, the change log, the projection, the audit trail and NOTIFY.

use automerge::{AutoCommit, ChangeHash};
use ote_shared::document;
use ote_shared::model::{OrdenTrabajo, cambios};
use ote_shared::sync::Notice;
use serde_json::json;
use sqlx::{Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::CHANNEL;
use super::merge::server_actor;
use crate::Error;
use crate::documents::{self, Origin};
use crate::http::AppState;
use crate::projection;

/// One document, locked until [`LockedDocument::save`] commits or the value is dropped.
pub struct LockedDocument {
    /// The open transaction holding the row lock.
    pub tx: Transaction<'static, Postgres>,
    /// The document as stored (or empty when new), writing as the server's actor.
    pub doc: AutoCommit,
    /// The work order it reads as; `None` for a document the server has not stored.
    pub before: Option<OrdenTrabajo>,
    /// Its heads when opened: what the change log's new entry starts after.
    pub old_heads: Vec<ChangeHash>,
    /// Change-log rows stored after its snapshot (see migration 0012).
    tail_rows: i32,
    /// Its `work_orders` row's id, once projected.
    work_order_id: Option<i64>,
    /// The changes made since `old_heads`, when the caller has them as bytes already (a
    /// device's push); otherwise the save collects them from the document.
    pub new_changes: Option<Vec<u8>>,
}

/// After this many change-log rows past its snapshot, a merge writes a fresh snapshot: loading
/// a document reads its snapshot and every row after it.
const SNAPSHOT_EVERY: i32 = 64;

/// A stored document and the work order it reads as.
pub fn load(bytes: &[u8]) -> Result<(AutoCommit, OrdenTrabajo), Error> {
    let doc = AutoCommit::load(bytes).map_err(|e| Error::Internal(e.into()))?;
    let ot = document::read(&doc).map_err(|e| Error::Internal(e.into()))?;
    Ok((doc, ot))
}

/// What a save wrote, and the document to keep loaded.
pub struct Saved {
    /// The document as stored.
    pub doc: AutoCommit,
    /// The document's change-log sequence number for this write.
    pub seq: i64,
    /// The work order's numeric id.
    pub work_order_id: i64,
}

impl LockedDocument {
    /// Locks the document `doc_id` (a loaded copy is used when it is at the stored heads).
    pub async fn open(state: &AppState, doc_id: Uuid) -> Result<LockedDocument, Error> {
        let mut tx = state.pool.begin().await?;
        let stored: Option<(Vec<String>, i32, Option<i64>)> = sqlx::query_as(
            "SELECT heads, tail_rows, (SELECT id FROM work_orders w WHERE w.doc_id = d.doc_id)
             FROM documents d WHERE doc_id = $1 FOR UPDATE",
        )
        .bind(doc_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((heads, tail_rows, work_order_id)) = stored else {
            let doc = AutoCommit::new().with_actor(server_actor());
            return Ok(LockedDocument {
                tx,
                doc,
                before: None,
                old_heads: Vec::new(),
                tail_rows: 0,
                work_order_id: None,
                new_changes: None,
            });
        };
        let (mut doc, before) = match state.cache.take(doc_id, &heads) {
            Some(loaded) => loaded,
            // The row is locked: its bytes are there.
            None => load(
                &documents::bytes(&mut *tx, doc_id)
                    .await?
                    .unwrap_or_default(),
            )?,
        };
        doc.set_actor(server_actor());
        let old_heads = doc.get_heads();
        Ok(LockedDocument {
            tx,
            doc,
            before: Some(before),
            old_heads,
            tail_rows,
            work_order_id,
            new_changes: None,
        })
    }

    /// Gives up the write, releasing the lock; the document is returned as it was loaded (plus
    /// whatever was applied to it in memory).
    pub async fn rollback(self) -> Result<AutoCommit, Error> {
        self.tx.rollback().await?;
        Ok(self.doc)
    }

    /// Stores the document with `ot` (the state the projection shows; the document must already
    /// read as it), the notices, the relational rows and the audit entry, and commits: one
    /// statement, then the commit.
    pub async fn save(
        mut self,
        origin: &Origin,
        action: &str,
        ot: &OrdenTrabajo,
        notices: &[Notice],
    ) -> Result<Saved, Error> {
        let empty = OrdenTrabajo::new(ot.id);
        let detail = json!({
            "nuevo": self.before.is_none(),
            "cambios": cambios(self.before.as_ref().unwrap_or(&empty), ot),
            "avisos": notices,
        });
        let mut q = QueryBuilder::new("WITH ");
        projection::push_writes(&mut q, self.before.as_ref(), ot, self.work_order_id);
        self.push_log(&mut q, origin, ot.id, action, detail);
        push_notices(&mut q, origin, notices);
        q.push(", n AS (SELECT pg_notify(");
        q.push_bind(CHANNEL);
        q.push(", ");
        q.push_bind(ot.id.to_string());
        q.push(")) SELECT last_seq, (SELECT id FROM wo) FROM d, n");
        let (seq, work_order_id): (i64, i64) = q.build_query_as().fetch_one(&mut *self.tx).await?;
        self.tx.commit().await?;
        Ok(Saved {
            doc: self.doc,
            seq,
            work_order_id,
        })
    }

    /// Pushes the CTEs that log the new changes (`s`, the sequence number drawn first so every
    /// row can carry it; `c`, the change-log row), record the document's new heads (`d`) and
    /// write the audit entry (`a`). Every [`SNAPSHOT_EVERY`] rows the document is saved whole
    /// as its new snapshot; a new document starts with an empty one (its first row holds all of
    /// it). NOTIFY, in the same statement, is delivered on commit.
    fn push_log(
        &mut self,
        q: &mut QueryBuilder<'_, Postgres>,
        origin: &Origin,
        doc_id: Uuid,
        action: &str,
        detail: serde_json::Value,
    ) {
        let heads: Vec<String> = self
            .doc
            .get_heads()
            .iter()
            .map(ToString::to_string)
            .collect();
        let snapshot = (self.tail_rows + 1 >= SNAPSHOT_EVERY).then(|| self.doc.save());
        let changes = match self.new_changes.take() {
            Some(changes) => changes,
            None => self.doc.save_after(&self.old_heads),
        };
        q.push(
            ", s AS (SELECT nextval('change_log_seq_seq') AS seq),
             d AS (INSERT INTO documents (doc_id, bytes, heads, creado_por, last_seq, snapshot_seq, tail_rows)
                   SELECT ",
        );
        q.push_bind(doc_id);
        q.push(", '', ");
        q.push_bind(heads);
        q.push(", ");
        q.push_bind(origin.user_id);
        q.push(
            ", seq, 0, 1 FROM s ON CONFLICT (doc_id) DO UPDATE SET heads = EXCLUDED.heads,
                   last_seq = EXCLUDED.last_seq, actualizado = now(),
                   snapshot_seq = CASE WHEN ",
        );
        q.push_bind(snapshot.is_some());
        q.push(" THEN EXCLUDED.last_seq ELSE documents.snapshot_seq END, tail_rows = CASE WHEN ");
        q.push_bind(snapshot.is_some());
        q.push(" THEN 0 ELSE documents.tail_rows + 1 END, bytes = COALESCE(");
        q.push_bind(snapshot);
        q.push(
            ", documents.bytes) RETURNING last_seq),
             c AS (INSERT INTO change_log (seq, doc_id, changes, user_id, device) SELECT seq, ",
        );
        q.push_bind(doc_id);
        q.push(", ");
        q.push_bind(changes);
        q.push(", ");
        q.push_bind(origin.user_id);
        q.push(", ");
        q.push_bind(origin.device.clone());
        q.push(
            " FROM s),
             a AS (INSERT INTO audit_log (user_id, source, action, doc_id, work_order_id, detail) SELECT ",
        );
        q.push_bind(origin.user_id);
        q.push(", ");
        q.push_bind(origin.source.clone());
        q.push(", ");
        q.push_bind(action.to_owned());
        q.push(", ");
        q.push_bind(doc_id);
        q.push(", (SELECT id FROM wo), ");
        q.push_bind(detail);
        q.push("::jsonb || jsonb_build_object('seq', seq) FROM s)");
    }
}

/// `nt`: the notices, under the save's sequence number (see [`LockedDocument::push_log`]).
fn push_notices(q: &mut QueryBuilder<'_, Postgres>, origin: &Origin, notices: &[Notice]) {
    if notices.is_empty() {
        return;
    }
    let column = |f: fn(&Notice) -> &str| -> Vec<String> {
        notices.iter().map(|n| f(n).to_owned()).collect()
    };
    q.push(
        ", nt AS (INSERT INTO notices (seq, doc_id, user_id, device, code, field, message)
           SELECT seq, x.doc_id, ",
    );
    q.push_bind(origin.user_id);
    q.push(", ");
    q.push_bind(origin.source.clone());
    q.push(", x.code, x.field, x.message FROM s, UNNEST(");
    q.push_bind(notices.iter().map(|n| n.doc_id).collect::<Vec<Uuid>>());
    q.push("::uuid[], ");
    q.push_bind(column(|n| &n.code));
    q.push("::text[], ");
    q.push_bind(column(|n| &n.field));
    q.push("::text[], ");
    q.push_bind(column(|n| &n.message));
    q.push("::text[]) AS x(doc_id, code, field, message))");
}

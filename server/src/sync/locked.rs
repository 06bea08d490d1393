//! A work-order document held under its row lock for one transaction. A device's merge and a
//! server-made edit (the REST and seed routes) both open one and save through it, so every write
//! takes one path into the document, the change log, the projection, the audit trail and NOTIFY.

use automerge::{AutoCommit, ChangeHash};
use ote_shared::document;
use ote_shared::model::{OrdenTrabajo, cambios};
use ote_shared::sync::Notice;
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::CHANNEL;
use super::merge::server_actor;
use crate::Error;
use crate::documents::Origin;
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
    /// Its last change-log sequence (0 when new).
    pub last_seq: i64,
    /// Its heads when opened: what the change log's new entry starts after.
    pub old_heads: Vec<ChangeHash>,
}

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
        let stored: Option<(Vec<u8>, Vec<String>, i64)> = sqlx::query_as(
            "SELECT bytes, heads, last_seq FROM documents WHERE doc_id = $1 FOR UPDATE",
        )
        .bind(doc_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (mut doc, before, last_seq) = match stored {
            Some((bytes, heads, seq)) => {
                let (doc, ot) = match state.cache.take(doc_id, &heads) {
                    Some(loaded) => loaded,
                    None => load(&bytes)?,
                };
                (doc, Some(ot), seq)
            }
            None => (AutoCommit::new(), None, 0),
        };
        doc.set_actor(server_actor());
        let old_heads = doc.get_heads();
        Ok(LockedDocument {
            tx,
            doc,
            before,
            last_seq,
            old_heads,
        })
    }

    /// Gives up the write, releasing the lock; the document is returned as it was loaded (plus
    /// whatever was applied to it in memory).
    pub async fn rollback(self) -> Result<AutoCommit, Error> {
        self.tx.rollback().await?;
        Ok(self.doc)
    }

    /// Stores the document with `ot` (the state the projection shows; the document must already
    /// read as it), the notices, the relational rows and the audit entry, and commits.
    pub async fn save(
        mut self,
        origin: &Origin,
        action: &str,
        ot: &OrdenTrabajo,
        notices: &[Notice],
    ) -> Result<Saved, Error> {
        let seq = self.save_document(origin, ot.id).await?;
        for n in notices {
            sqlx::query("INSERT INTO notices (seq, doc_id, user_id, device, code, field, message) VALUES ($1,$2,$3,$4,$5,$6,$7)")
                .bind(seq)
                .bind(n.doc_id)
                .bind(origin.user_id)
                .bind(&origin.source)
                .bind(&n.code)
                .bind(&n.field)
                .bind(&n.message)
                .execute(&mut *self.tx)
                .await?;
        }
        let work_order_id = projection::project(&mut self.tx, self.before.as_ref(), ot).await?;
        let empty = OrdenTrabajo::new(ot.id);
        let detail = json!({
            "seq": seq,
            "nuevo": self.before.is_none(),
            "cambios": cambios(self.before.as_ref().unwrap_or(&empty), ot),
            "avisos": notices,
        });
        // The audit entry and the notification in one round trip; NOTIFY is delivered on commit.
        sqlx::query(
            "WITH a AS (INSERT INTO audit_log (user_id, source, action, doc_id, work_order_id, detail)
                        VALUES ($1, $2, $3, $4, $5, $6))
             SELECT pg_notify($7, $4::text)",
        )
        .bind(origin.user_id)
        .bind(&origin.source)
        .bind(action)
        .bind(ot.id)
        .bind(work_order_id)
        .bind(detail)
        .bind(CHANNEL)
        .execute(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        Ok(Saved {
            doc: self.doc,
            seq,
            work_order_id,
        })
    }

    /// Stores the document and logs the new changes, in one statement: the sequence number is
    /// drawn first so the document row can carry it. Returns it.
    async fn save_document(&mut self, origin: &Origin, doc_id: Uuid) -> Result<i64, sqlx::Error> {
        let heads: Vec<String> = self
            .doc
            .get_heads()
            .iter()
            .map(ToString::to_string)
            .collect();
        sqlx::query_scalar(
            "WITH s AS (SELECT nextval('change_log_seq_seq') AS seq),
             d AS (INSERT INTO documents (doc_id, bytes, heads, creado_por, last_seq)
                   SELECT $1, $2, $3, $5, seq FROM s
                   ON CONFLICT (doc_id) DO UPDATE SET bytes = EXCLUDED.bytes, heads = EXCLUDED.heads,
                       last_seq = EXCLUDED.last_seq, actualizado = now()
                   RETURNING last_seq),
             c AS (INSERT INTO change_log (seq, doc_id, changes, user_id, device) SELECT seq, $1, $4, $5, $6 FROM s)
             SELECT last_seq FROM d",
        )
        .bind(doc_id)
        .bind(self.doc.save())
        .bind(&heads)
        .bind(self.doc.save_after(&self.old_heads))
        .bind(origin.user_id)
        .bind(&origin.device)
        .fetch_one(&mut *self.tx)
        .await
    }
}

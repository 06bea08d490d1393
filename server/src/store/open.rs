//! A work-order document opened for one write, and the one statement that saves every write
//! (the document's row, the change log, the projection, the audit entry and notices).
//!
//! A document opens in one of two ways. [`OpenDocument::locked`] holds its row lock in a
//! transaction until the save commits: the REST routes use it, and so does a merge that lost
//! a race. [`OpenDocument::unlocked`] takes the loaded copy from the cache, or reads the stored
//! one, without a lock; its save writes only if the stored document is still the version it
//! was read at, which the statement's UPDATE checks under the row lock it takes, and writes
//! nothing otherwise. A merge of a cached document is then one statement, one round trip, with
//! the row locked for that statement alone, instead of four round trips with the merge's own
//! work between them.

use automerge::{ActorId, AutoCommit, ChangeHash};
use ote_shared::document;
use ote_shared::model::{Cambio, OrdenTrabajo, PasoPlantilla, cambios};
use ote_shared::rules::Contexto;
use ote_shared::sync::Notice;
use ote_shared::templates;
use serde_json::json;
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::cache::DocCache;
use super::rule_context;
use super::version::Version;
use crate::Error;
use crate::store::change_log::Origin;
use crate::store::projection;

/// How an open document is held.
enum Hold<'c> {
    /// Under its row lock, in this transaction.
    Locked(Transaction<'c, Postgres>),
    /// Without a lock: the save checks the version.
    Unlocked(&'c mut PgConnection),
}

/// One document opened for a write, on a connection the caller holds (see [`crate::sync::handle`]
/// for why a sync keeps one).
pub struct OpenDocument<'c> {
    hold: Hold<'c>,
    /// The document as stored (or empty when new), writing as the installation's actor.
    pub doc: AutoCommit,
    /// The work order it reads as; `None` for a document the server has not stored.
    pub before: Option<OrdenTrabajo>,
    /// Its heads when opened: what the change log's new entry starts after.
    pub old_heads: Vec<ChangeHash>,
    /// The stored version; `None` for a new document.
    version: Option<Version>,
    /// The changes made since `old_heads`, when the caller has them as bytes already (a
    /// device's push); otherwise the save collects them from the document.
    pub new_changes: Option<Vec<u8>>,
    /// What differs from `before` to the work order saved, when the caller has it already (it
    /// checked the user's role on it); otherwise the save works it out for the audit entry.
    pub cambios: Option<Vec<Cambio>>,
}

/// After this many change-log rows past its snapshot, a save writes a fresh snapshot: loading
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
    /// The version it was stored as.
    pub version: Version,
}

/// A stored document read without a lock: its version and bytes.
#[derive(sqlx::FromRow)]
struct Stored {
    #[sqlx(flatten)]
    version: Version,
    bytes: Vec<u8>,
}

/// The columns of a [`Version`], from `documents d`.
const VERSION: &str = "d.last_seq, d.tail_rows, d.creado_por,
    (SELECT id FROM work_orders w WHERE w.doc_id = d.doc_id) AS work_order_id";

impl<'c> OpenDocument<'c> {
    /// Locks the document `doc_id` (a loaded copy is used when it is the stored version).
    pub async fn locked(
        conn: &'c mut PgConnection,
        cache: &DocCache,
        doc_id: Uuid,
    ) -> Result<OpenDocument<'c>, Error> {
        let mut tx = conn.begin().await?;
        let stored: Option<Version> = sqlx::query_as(&format!(
            "SELECT {VERSION} FROM documents d WHERE doc_id = $1 FOR UPDATE"
        ))
        .bind(doc_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(version) = stored else {
            return Ok(OpenDocument::new(Hold::Locked(tx), None, cache.actor()));
        };
        let loaded = match cache.take(doc_id, version) {
            Some(loaded) => loaded,
            // The row is locked: its bytes are there.
            None => load(
                &crate::store::change_log::bytes(&mut *tx, doc_id)
                    .await?
                    .unwrap_or_default(),
            )?,
        };
        Ok(OpenDocument::new(
            Hold::Locked(tx),
            Some((version, loaded.0, loaded.1)),
            cache.actor(),
        ))
    }

    /// Opens the document `doc_id` without a lock: the cached copy, else the stored one; when
    /// `probably_new` (a push holding the document's first change), a new document without
    /// looking: if it is stored after all, the save's insert writes nothing.
    pub async fn unlocked(
        conn: &'c mut PgConnection,
        cache: &DocCache,
        doc_id: Uuid,
        probably_new: bool,
    ) -> Result<OpenDocument<'c>, Error> {
        if let Some(cached) = cache.take_any(doc_id) {
            return Ok(OpenDocument::new(
                Hold::Unlocked(conn),
                Some(cached),
                cache.actor(),
            ));
        }
        if probably_new {
            return Ok(OpenDocument::new(Hold::Unlocked(conn), None, cache.actor()));
        }
        let stored: Option<Stored> = sqlx::query_as(&format!(
            "SELECT {VERSION}, b.bytes FROM documents d JOIN document_bytes b USING (doc_id)
             WHERE d.doc_id = $1"
        ))
        .bind(doc_id)
        .fetch_optional(&mut *conn)
        .await?;
        let loaded = match stored {
            Some(Stored { version, bytes }) => {
                let (doc, ot) = load(&bytes)?;
                Some((version, doc, ot))
            }
            None => None,
        };
        Ok(OpenDocument::new(
            Hold::Unlocked(conn),
            loaded,
            cache.actor(),
        ))
    }

    /// A new document the server made, saved without a lock (the demo seed), writing as the
    /// actor it was made with: its save writes nothing if a document with its id is stored
    /// already.
    pub fn created(conn: &'c mut PgConnection, doc: AutoCommit) -> OpenDocument<'c> {
        let actor = doc.get_actor().clone();
        let mut open = OpenDocument::new(Hold::Unlocked(conn), None, &actor);
        open.doc = doc;
        open
    }

    fn new(
        hold: Hold<'c>,
        stored: Option<(Version, AutoCommit, OrdenTrabajo)>,
        actor: &ActorId,
    ) -> OpenDocument<'c> {
        let (version, mut doc, before) = match stored {
            Some((version, doc, ot)) => (Some(version), doc, Some(ot)),
            None => (None, AutoCommit::new(), None),
        };
        doc.set_actor(actor.clone());
        let old_heads = doc.get_heads();
        OpenDocument {
            hold,
            doc,
            before,
            old_heads,
            version,
            new_changes: None,
            cambios: None,
        }
    }

    /// Whether it was opened [`locked`](OpenDocument::locked).
    pub fn is_locked(&self) -> bool {
        matches!(self.hold, Hold::Locked(_))
    }

    /// What the rules need to know of other work orders and the catalogs to check the write of
    /// `ot`: read in the document's transaction with the reprogramming chain locked when it
    /// holds one, as it stands otherwise. Nothing is looked up unless the write settles a
    /// reprogramming's place in its chain ([`ote_shared::rules::settles_number`]) or names a new
    /// PTE or client ([`ote_shared::rules::checks_pte`]): with those unchanged the checks find
    /// in `ot` what they found in `before`, which `validate_change` leaves out.
    pub async fn context(&mut self, ot: &OrdenTrabajo) -> Result<Contexto, sqlx::Error> {
        let mut ctx = if ote_shared::rules::settles_number(self.before.as_ref(), ot) {
            match &mut self.hold {
                Hold::Locked(tx) => rule_context::for_work_order(tx, ot).await?,
                Hold::Unlocked(conn) => rule_context::look_up(conn, ot).await?,
            }
        } else {
            Contexto::default()
        };
        if let Some(id) = ot.id_pte_header
            && ote_shared::rules::checks_pte(self.before.as_ref(), ot)
        {
            let conn: &mut sqlx::PgConnection = match &mut self.hold {
                Hold::Locked(tx) => tx,
                Hold::Unlocked(conn) => conn,
            };
            ctx.pte = Some(rule_context::pte(conn, id).await?);
        }
        Ok(ctx)
    }

    /// The step templates, read on the document's connection: waiting for a second one while
    /// holding it could leave every merge waiting once the pool is empty.
    pub async fn step_templates(&mut self) -> Result<Vec<PasoPlantilla>, sqlx::Error> {
        match &mut self.hold {
            Hold::Locked(tx) => super::template_steps::all(&mut **tx).await,
            Hold::Unlocked(conn) => super::template_steps::all(&mut **conn).await,
        }
    }

    /// A new OT created without steps (a device without cached templates) gets them here,
    /// once: the row lock makes this write the only one that sees the document without steps.
    pub async fn add_template_steps(&mut self, ot: &mut OrdenTrabajo) -> Result<(), sqlx::Error> {
        let plantillas = self.step_templates().await?;
        let tipo = templates::tipo_plantilla(ot.id_tipo, ot.id_cliente);
        let doc_id = ot.id;
        let pasos = templates::pasos_iniciales(&plantillas, tipo, |p| {
            Uuid::new_v5(&doc_id, &p.id.to_be_bytes())
        });
        ot.pasos = pasos.into_iter().map(|p| (p.id, p)).collect();
        Ok(())
    }

    /// The stored photos `changed` rewrites or removes that `user_id` did not send (see
    /// migration 0021); no query unless it touches one.
    pub async fn photos_of_others(
        &mut self,
        user_id: i64,
        changed: &[Cambio],
    ) -> Result<Vec<Uuid>, sqlx::Error> {
        let touched = match &self.before {
            Some(before) => ote_shared::rules::photos_changed(before, changed),
            None => Vec::new(),
        };
        let Some(work_order_id) = self.version.and_then(|v| v.work_order_id) else {
            return Ok(Vec::new());
        };
        if touched.is_empty() {
            return Ok(Vec::new());
        }
        let query = sqlx::query_scalar(
            "SELECT photo_id FROM work_order_photos
             WHERE work_order_id = $1 AND photo_id = ANY($2) AND subido_por IS DISTINCT FROM $3",
        )
        .bind(work_order_id)
        .bind(touched)
        .bind(user_id);
        match &mut self.hold {
            Hold::Locked(tx) => query.fetch_all(&mut **tx).await,
            Hold::Unlocked(conn) => query.fetch_all(&mut **conn).await,
        }
    }

    /// The stored version it was opened at; `None` for a new document.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// Gives up the write, releasing the lock if one is held; the document is returned as it
    /// was loaded (plus whatever was applied to it in memory).
    pub async fn rollback(self) -> Result<AutoCommit, Error> {
        if let Hold::Locked(tx) = self.hold {
            tx.rollback().await?;
        }
        Ok(self.doc)
    }

    /// Stores the document with `ot` (the state the projection shows; the document must already
    /// read as it), the notices, the relational rows and the audit entry, in one statement,
    /// and commits. `None` when the stored document is no longer the version it was opened at
    /// (or, for a new one, was stored meanwhile): nothing was written. A route or merge that
    /// saved tells [`crate::events::Notifier`] (no NOTIFY here: see why there).
    pub async fn save(
        mut self,
        origin: &Origin,
        action: &str,
        ot: &OrdenTrabajo,
        notices: &[Notice],
    ) -> Result<Option<Saved>, Error> {
        let changed = self.cambios.take().unwrap_or_else(|| match &self.before {
            Some(before) => cambios(before, ot),
            None => cambios(&OrdenTrabajo::new(ot.id), ot),
        });
        let detail = json!({
            "nuevo": self.before.is_none(),
            "cambios": changed,
            "avisos": notices,
        });
        let mut q = QueryBuilder::new("WITH ");
        self.push_document(&mut q, origin, ot.id);
        let known_id = self.version.and_then(|v| v.work_order_id);
        projection::push_writes(&mut q, self.before.as_ref(), ot, known_id, origin.user_id);
        push_audit(&mut q, origin, ot.id, action, detail);
        push_notices(&mut q, origin, notices);
        q.push(" SELECT last_seq, tail_rows, (SELECT id FROM wo) FROM d");
        let query = q.build_query_as::<(i64, i32, i64)>();
        let written = match &mut self.hold {
            Hold::Locked(tx) => query.fetch_optional(&mut **tx).await?,
            Hold::Unlocked(conn) => query.fetch_optional(&mut **conn).await?,
        };
        if let Hold::Locked(tx) = self.hold {
            tx.commit().await?;
        }
        let creado_por = self.version.map_or(origin.user_id, |v| v.creado_por);
        Ok(written.map(|(last_seq, tail_rows, work_order_id)| Saved {
            doc: self.doc,
            version: Version {
                last_seq,
                tail_rows,
                work_order_id: Some(work_order_id),
                creado_por,
            },
        }))
    }

    /// Pushes the CTEs that store the document: `s`, the change-log sequence number, drawn
    /// first so every row can carry it; `d`, the document's row, updated only if still at the
    /// version opened (or inserted only if absent), returning its new `last_seq` and
    /// `tail_rows`: every other CTE reads `d` (directly or through the projection's `wo`), so
    /// when it writes nothing, nothing is written; `c`, the change-log row with the new changes.
    fn push_document(&mut self, q: &mut QueryBuilder<'_, Postgres>, origin: &Origin, doc_id: Uuid) {
        let heads: Vec<String> = self
            .doc
            .get_heads()
            .iter()
            .map(ToString::to_string)
            .collect();
        let changes = match self.new_changes.take() {
            Some(changes) => changes,
            None => self.doc.save_after(&self.old_heads),
        };
        q.push("s AS (SELECT nextval('change_log_seq_seq') AS seq), d AS (");
        match self.version {
            None => push_insert(q, doc_id, heads, origin),
            Some(version) => self.push_update(q, doc_id, heads, version),
        }
        q.push(" RETURNING last_seq, tail_rows), c AS (INSERT INTO change_log (seq, doc_id, changes, user_id, device) SELECT last_seq, ");
        q.push_bind(doc_id);
        q.push(", ");
        q.push_bind(changes);
        q.push(", ");
        q.push_bind(origin.user_id);
        q.push(", ");
        q.push_bind(origin.device.clone());
        q.push(" FROM d)");
    }

    /// `d` for a stored document: its row, if still at `version`. Every [`SNAPSHOT_EVERY`]
    /// rows the document is saved whole as its new snapshot.
    fn push_update(
        &mut self,
        q: &mut QueryBuilder<'_, Postgres>,
        doc_id: Uuid,
        heads: Vec<String>,
        version: Version,
    ) {
        q.push("UPDATE documents SET heads = ");
        q.push_bind(heads);
        q.push(", last_seq = s.seq, actualizado = now(), ");
        if version.tail_rows + 1 >= SNAPSHOT_EVERY {
            q.push("snapshot_seq = s.seq, tail_rows = 0, bytes = ");
            q.push_bind(self.doc.save());
        } else {
            q.push("tail_rows = tail_rows + 1");
        }
        q.push(" FROM s WHERE doc_id = ");
        q.push_bind(doc_id);
        q.push(" AND last_seq = ");
        q.push_bind(version.last_seq);
    }
}

/// `a`: the audit entry, under the save's sequence number.
fn push_audit(
    q: &mut QueryBuilder<'_, Postgres>,
    origin: &Origin,
    doc_id: Uuid,
    action: &str,
    detail: serde_json::Value,
) {
    q.push(
        ", a AS (INSERT INTO audit_log (user_id, source, action, doc_id, work_order_id, detail) SELECT ",
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
    q.push("::jsonb || jsonb_build_object('seq', last_seq) FROM d)");
}

/// `nt`: the notices, under the save's sequence number.
fn push_notices(q: &mut QueryBuilder<'_, Postgres>, origin: &Origin, notices: &[Notice]) {
    if notices.is_empty() {
        return;
    }
    let column = |f: fn(&Notice) -> &str| -> Vec<String> {
        notices.iter().map(|n| f(n).to_owned()).collect()
    };
    q.push(
        ", nt AS (INSERT INTO notices (seq, doc_id, user_id, device, code, field, message)
           SELECT last_seq, x.doc_id, ",
    );
    q.push_bind(origin.user_id);
    q.push(", ");
    q.push_bind(origin.source.clone());
    q.push(", x.code, x.field, x.message FROM d, UNNEST(");
    q.push_bind(notices.iter().map(|n| n.doc_id).collect::<Vec<Uuid>>());
    q.push("::uuid[], ");
    q.push_bind(column(|n| &n.code));
    q.push("::text[], ");
    q.push_bind(column(|n| &n.field));
    q.push("::text[], ");
    q.push_bind(column(|n| &n.message));
    q.push("::text[]) AS x(doc_id, code, field, message))");
}

/// `d` for a new document: its row, if absent, with an empty snapshot (its first change-log row
/// holds all of it).
fn push_insert(
    q: &mut QueryBuilder<'_, Postgres>,
    doc_id: Uuid,
    heads: Vec<String>,
    origin: &Origin,
) {
    q.push(
        "INSERT INTO documents (doc_id, bytes, heads, creado_por, last_seq, snapshot_seq, tail_rows) SELECT ",
    );
    q.push_bind(doc_id);
    q.push(", '', ");
    q.push_bind(heads);
    q.push(", ");
    q.push_bind(origin.user_id);
    q.push(", seq, 0, 1 FROM s ON CONFLICT (doc_id) DO NOTHING");
}

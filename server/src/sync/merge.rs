//! Merging one pushed document, in one transaction: lock its row, apply the device's changes,
//! check the rules on before and after, compensate what broke them, project the rows, log the
//! changes for other devices, notify listeners.

use automerge::{ActorId, AutoCommit, ChangeHash, ReadDoc};
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::rules::{self, Violation};
use ote_shared::sync::{DocPull, DocPush, Notice};
use ote_shared::templates;
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{CHANNEL, compensate, context};
use crate::Error;
use crate::auth::CurrentUser;
use crate::http::AppState;
use crate::projection;

/// The actor the server writes compensations and template steps as.
pub fn server_actor() -> ActorId {
    ActorId::from(b"ote-server".as_slice())
}

/// What merging one document gives the device.
pub struct Outcome {
    /// What the device lacks of this document, and what the server now has.
    pub pull: DocPull,
    /// What the server undid or flagged.
    pub notices: Vec<Notice>,
    /// The document's last change-log sequence when this merge released its lock: the answer
    /// covers every row up to it, later rows must still be pulled.
    pub last_seq: i64,
}

/// Merges one document from `device`.
#[tracing::instrument(skip_all, fields(doc_id = %push.doc_id))]
pub async fn merge(
    state: &AppState,
    user: &CurrentUser,
    device: &str,
    push: &DocPush,
) -> Result<Outcome, Error> {
    let mut tx = state.pool.begin().await?;
    let stored: Option<(Vec<u8>, Vec<String>, i64)> =
        sqlx::query_as("SELECT bytes, heads, last_seq FROM documents WHERE doc_id = $1 FOR UPDATE")
            .bind(push.doc_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (mut doc, before) = match &stored {
        Some((bytes, heads, _)) => match state.cache.take(push.doc_id, heads) {
            Some((doc, ot)) => (doc, Some(ot)),
            None => {
                let doc = AutoCommit::load(bytes).map_err(|e| Error::Internal(e.into()))?;
                let ot = document::read(&doc).map_err(|e| Error::Internal(e.into()))?;
                (doc, Some(ot))
            }
        },
        None => (AutoCommit::new(), None),
    };
    doc.set_actor(server_actor());
    let old_heads = doc.get_heads();
    doc.load_incremental(&push.changes)
        .map_err(|_| Error::bad_request("cambios_invalidos", "Cambios inválidos"))?;
    let resend_all = !doc.get_missing_deps(&[]).is_empty();
    let last_seq = stored.as_ref().map_or(0, |s| s.2);
    if doc.get_heads() == old_heads {
        tx.rollback().await?;
        return Ok(finish(
            state,
            push,
            doc,
            before,
            resend_all,
            Vec::new(),
            last_seq,
        ));
    }
    let after = match document::read(&doc) {
        Ok(ot) if ot.id == push.doc_id => ot,
        _ => {
            tx.rollback().await?;
            let notice = invalid_document(push.doc_id);
            return Ok(finish(
                state,
                push,
                doc,
                None,
                resend_all,
                vec![notice],
                last_seq,
            ));
        }
    };
    let ctx = context::for_work_order(&mut tx, &after).await?;
    let violations = match &before {
        Some(b) => {
            let mut found = rules::check_role(user.role, b, &after);
            found.extend(rules::validate_change(b, &after, &ctx));
            found
        }
        None => rules::validate(&after, &ctx),
    };
    let mut fixed = compensate::fix(before.as_ref(), &after, &violations, &ctx);
    if before.is_none() && fixed.pasos.is_empty() {
        add_template_steps(&mut tx, &mut fixed).await?;
    }
    if fixed != after {
        document::write(&mut doc, &fixed).map_err(|e| Error::Internal(e.into()))?;
        doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message("compensación del servidor"),
        );
    }
    let notices: Vec<Notice> = violations
        .iter()
        .map(|v| notice(push.doc_id, v, before.is_some()))
        .collect();
    let last_seq = store(
        &mut tx,
        &mut doc,
        &old_heads,
        before.as_ref(),
        user,
        device,
        &fixed,
        &notices,
    )
    .await?;
    tx.commit().await?;
    Ok(finish(
        state,
        push,
        doc,
        Some(fixed),
        resend_all,
        notices,
        last_seq,
    ))
}

/// The answer for the device, keeping the document (and `model`, the work order it reads as)
/// loaded for the next merge; without a model the document was not stored and is dropped.
fn finish(
    state: &AppState,
    push: &DocPush,
    mut doc: AutoCommit,
    model: Option<OrdenTrabajo>,
    resend_all: bool,
    notices: Vec<Notice>,
    last_seq: i64,
) -> Outcome {
    let known: Vec<ChangeHash> = push
        .heads
        .iter()
        .filter_map(|h| h.parse().ok())
        .filter(|h| doc.get_change_by_hash(h).is_some())
        .collect();
    let (heads, changes) = match model {
        Some(ot) => {
            let heads: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
            let changes = doc.save_after(&known);
            state.cache.put(push.doc_id, heads.clone(), doc, ot);
            (heads, changes)
        }
        None => (Vec::new(), Vec::new()),
    };
    Outcome {
        pull: DocPull {
            doc_id: push.doc_id,
            changes,
            heads,
            resend_all,
        },
        notices,
        last_seq,
    }
}

/// Everything a merge writes, in the merge's transaction.
#[allow(clippy::too_many_arguments)] // one transaction's worth of writes, named at the call
async fn store(
    tx: &mut Transaction<'_, Postgres>,
    doc: &mut AutoCommit,
    old_heads: &[ChangeHash],
    before: Option<&OrdenTrabajo>,
    user: &CurrentUser,
    device: &str,
    ot: &OrdenTrabajo,
    notices: &[Notice],
) -> Result<i64, Error> {
    let seq = save_document(tx, doc, old_heads, user, device, ot.id).await?;
    for n in notices {
        sqlx::query("INSERT INTO notices (seq, doc_id, user_id, device, code, field, message) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(seq)
            .bind(n.doc_id)
            .bind(user.id)
            .bind(device)
            .bind(&n.code)
            .bind(&n.field)
            .bind(&n.message)
            .execute(&mut **tx)
            .await?;
    }
    let work_order_id = projection::project(tx, before, ot).await?;
    let detail = json!({ "seq": seq, "avisos": notices.len(), "nuevo": before.is_none() });
    // The audit entry and the notification in one round trip; NOTIFY is delivered on commit.
    sqlx::query(
        "WITH a AS (INSERT INTO audit_log (user_id, source, action, doc_id, work_order_id, detail)
                    VALUES ($1, $2, 'sync', $3, $4, $5))
         SELECT pg_notify($6, $3::text)",
    )
    .bind(user.id)
    .bind(format!("dispositivo {device}"))
    .bind(ot.id)
    .bind(work_order_id)
    .bind(detail)
    .bind(CHANNEL)
    .execute(&mut **tx)
    .await?;
    Ok(seq)
}

/// Stores the document and logs the new changes, in one statement: the sequence number is drawn
/// first so the document row can carry it. Returns it.
async fn save_document(
    tx: &mut Transaction<'_, Postgres>,
    doc: &mut AutoCommit,
    old_heads: &[ChangeHash],
    user: &CurrentUser,
    device: &str,
    doc_id: uuid::Uuid,
) -> Result<i64, sqlx::Error> {
    let heads: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
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
    .bind(doc.save())
    .bind(&heads)
    .bind(doc.save_after(old_heads))
    .bind(user.id)
    .bind(device)
    .fetch_one(&mut **tx)
    .await
}

/// A new OT created without steps (a device without cached templates) gets them here, once:
/// the row lock makes this merge the only one that sees the document without steps.
async fn add_template_steps(
    tx: &mut Transaction<'_, Postgres>,
    ot: &mut OrdenTrabajo,
) -> Result<(), sqlx::Error> {
    let plantillas = crate::catalogs::step_templates(&mut **tx).await?;
    let tipo = templates::tipo_plantilla(ot.id_tipo, ot.id_cliente);
    let doc_id = ot.id;
    let pasos = templates::pasos_iniciales(&plantillas, tipo, |p| {
        Uuid::new_v5(&doc_id, &p.id.to_be_bytes())
    });
    ot.pasos = pasos.into_iter().map(|p| (p.id, p)).collect();
    Ok(())
}

fn notice(doc_id: Uuid, v: &Violation, undone: bool) -> Notice {
    let message = if undone {
        format!("{}. El servidor deshizo este cambio.", v.message)
    } else {
        v.message.clone()
    };
    Notice {
        doc_id,
        code: v.code.as_str().to_owned(),
        field: v.field.clone(),
        message,
    }
}

fn invalid_document(doc_id: Uuid) -> Notice {
    Notice {
        doc_id,
        code: "documento_invalido".into(),
        field: String::new(),
        message:
            "El documento no contiene una orden de trabajo válida y no se guardó en el servidor"
                .into(),
    }
}

//! Merging one pushed document, in one transaction: lock its row, apply the device's changes,
//! check the rules on before and after, compensate what broke them, and save through
//! [`LockedDocument`] (projection, change log, audit, NOTIFY).

use automerge::{ActorId, AutoCommit, ChangeHash};
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::rules::{self, Code, Violation};
use ote_shared::sync::{DocPull, DocPush, Notice};
use ote_shared::templates;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::changes::Chunk;
use super::locked::LockedDocument;
use super::{compensate, context};
use crate::Error;
use crate::auth::CurrentUser;
use crate::documents::Origin;
use crate::http::AppState;

/// The actor the server writes compensations and template steps as.
pub fn server_actor() -> ActorId {
    ActorId::from(b"ote-server".as_slice())
}

/// What merging one document gives the device.
pub struct Outcome {
    /// The server's heads of this document (what it acknowledges having). What the device
    /// lacks of it comes with the pull, as the change-log rows since its cursor: sent as
    /// stored, where collecting them from the document would rebuild them from its ops.
    pub pull: DocPull,
    /// What the server undid or flagged.
    pub notices: Vec<Notice>,
    /// This merge's change-log row when it holds only the device's own changes: the pull
    /// leaves it out. A row with the server's compensation is pulled like any other.
    pub own_row: Option<i64>,
}

/// Merges one document from `device`.
#[tracing::instrument(level = "debug", skip_all, fields(doc_id = %push.doc_id))]
pub async fn merge(
    state: &AppState,
    user: &CurrentUser,
    device: &str,
    push: &DocPush,
    chunks: &[Chunk<'_>],
) -> Result<Outcome, Error> {
    let mut locked = LockedDocument::open(state, push.doc_id).await?;
    let fresh = fresh_changes(&mut locked.doc, chunks);
    locked
        .doc
        .load_incremental(&push.changes)
        .map_err(|_| Error::bad_request("cambios_invalidos", "Cambios inválidos"))?;
    let resend_all = !locked.doc.get_missing_deps(&[]).is_empty();
    if !resend_all {
        // Every fresh change applied: they are what this merge logs, as the device wrote them.
        locked.new_changes = Some(fresh);
    }
    if locked.doc.get_heads() == locked.old_heads {
        let before = locked.before.take();
        let doc = locked.rollback().await?;
        return Ok(finish(state, push, doc, before, resend_all, Vec::new()));
    }
    let after = match document::read(&locked.doc) {
        Ok(ot) if ot.id == push.doc_id => ot,
        _ => {
            let doc = locked.rollback().await?;
            let notice = invalid_document(push.doc_id);
            return Ok(finish(state, push, doc, None, resend_all, vec![notice]));
        }
    };
    let ctx = context::for_work_order(&mut locked.tx, &after).await?;
    let before = locked.before.as_ref();
    let violations = match before {
        Some(b) => {
            let mut found = rules::check_role(user.role, b, &after);
            found.extend(rules::validate_change(b, &after, &ctx));
            found
        }
        None => rules::validate(&after, &ctx),
    };
    let mut fixed = compensate::fix(before, &after, &violations, &ctx);
    if before.is_none() && fixed.pasos.is_empty() {
        add_template_steps(&mut locked.tx, &mut fixed).await?;
    }
    let compensated = fixed != after;
    if compensated {
        locked.new_changes = None;
        document::write(&mut locked.doc, &fixed).map_err(|e| Error::Internal(e.into()))?;
        locked.doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message("compensación del servidor"),
        );
    }
    // A reprogramming made without a number leaves it to the server: settling it is nothing
    // to tell anyone. A number the device chose and another device took is.
    let settled_number = |v: &&Violation| {
        v.code == Code::NumReprogramacionIncorrecto && after.num_reprogramacion.is_none()
    };
    let notices: Vec<Notice> = violations
        .iter()
        .filter(|v| !settled_number(v))
        .map(|v| notice(push.doc_id, v, before.is_some()))
        .collect();
    let origin = Origin::device(user.id, device);
    let saved = locked.save(&origin, "sync", &fixed, &notices).await?;
    let mut outcome = finish(state, push, saved.doc, Some(fixed), resend_all, notices);
    outcome.own_row = (!compensated).then_some(saved.seq);
    Ok(outcome)
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
) -> Outcome {
    let heads = match model {
        Some(ot) => {
            let heads: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
            state.cache.put(push.doc_id, heads.clone(), doc, ot);
            heads
        }
        None => Vec::new(),
    };
    Outcome {
        pull: DocPull {
            doc_id: push.doc_id,
            changes: Vec::new(),
            heads,
            resend_all,
        },
        notices,
        own_row: None,
    }
}

/// The pushed changes `doc` lacks, concatenated in the order sent.
fn fresh_changes(doc: &mut AutoCommit, chunks: &[Chunk<'_>]) -> Vec<u8> {
    let hashes: Vec<ChangeHash> = chunks.iter().map(|c| c.hash).collect();
    let missing = doc.get_missing_deps(&hashes);
    chunks
        .iter()
        .filter(|c| missing.contains(&c.hash))
        .flat_map(|c| c.bytes.iter().copied())
        .collect()
}

/// A new OT created without steps (a device without cached templates) gets them here, once:
/// the row lock makes this merge the only one that sees the document without steps.
pub(crate) async fn add_template_steps(
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

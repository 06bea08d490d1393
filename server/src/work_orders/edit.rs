//! Changes the server makes to work orders for a route (the REST API, the seeds' routes,
//! integrations). They take a device's path: a change written by the server's actor into the
//! work order's Automerge document, saved through [`OpenDocument`] (change log, projection,
//! audit, NOTIFY), so devices receive it by sync like any other. Unlike a device's change, one
//! that breaks a rule is refused (400 with the rule's code) and nothing is written: the caller
//! is there to be told.

use automerge::transaction::CommitOptions;
use ote_shared::document;
use ote_shared::model::{OrdenTrabajo, cambios};
use ote_shared::rules::{self, Antes, Contexto, Edicion};
use uuid::Uuid;

use super::queries;
use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Viewer;
use crate::state::AppState;
use crate::store::change_log::Origin;
use crate::store::open::OpenDocument;

/// Who asks and through which route, as the audit trail records it.
pub struct Request<'a> {
    /// The caller.
    pub user: &'a CurrentUser,
    /// `METHOD path`, e.g. `PATCH /api/v1/work-orders/7`.
    pub route: String,
    /// What the audit trail calls the write (`crear`, `editar`, `cambiar_estatus`, ...).
    pub action: &'static str,
}

/// What a write left: the work order's numeric id (the routes answer with it as stored).
pub struct Written {
    /// The numeric id.
    pub id: i64,
}

/// The document id of the work order `id`, if the caller may see it.
pub async fn doc_id(state: &AppState, user: &CurrentUser, id: i64) -> Result<Uuid, Error> {
    queries::doc_id(&state.pool, id, Viewer::of(user))
        .await?
        .ok_or(Error::NotFound)
}

/// Applies `edit` to the work order `id` and stores the result, refusing it whole when the
/// caller's role may not make it or it breaks a rule. An edit that changes nothing writes
/// nothing.
pub async fn update(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    edit: impl FnOnce(&mut OrdenTrabajo) -> Result<(), Error>,
) -> Result<Written, Error> {
    let doc_id = doc_id(state, req.user, id).await?;
    let mut conn = state.pool.acquire().await?;
    let mut locked = OpenDocument::locked(&mut conn, &state.cache, doc_id).await?;
    let mut after = locked.before.clone().ok_or(Error::NotFound)?;
    edit(&mut after)?;
    if locked.before.as_ref() == Some(&after) {
        locked.rollback().await?;
        return Ok(Written { id });
    }
    let ctx = locked.context(&after).await?;
    let before = locked.before.as_ref().ok_or(Error::NotFound)?;
    let changed = cambios(before, &after);
    let edicion = Edicion {
        antes: Antes::Guardada(before),
        despues: &after,
        cambios: &changed,
    };
    // The office's routes never remove photos: none is someone else's to protect here.
    let violations = rules::judge(req.user.autor(), &edicion, &ctx, &[]);
    if !violations.is_empty() {
        return Err(Error::Rules(violations));
    }
    locked.cambios = Some(changed);
    save(state, locked, req, after).await
}

/// Stores a new work order made on the server: a reprogramming takes the next number of its
/// chain, and the steps come from the templates.
pub async fn create(
    state: &AppState,
    req: &Request<'_>,
    mut ot: OrdenTrabajo,
) -> Result<Written, Error> {
    let mut conn = state.pool.acquire().await?;
    let mut locked = OpenDocument::locked(&mut conn, &state.cache, ot.id).await?;
    let ctx = locked.context(&ot).await?;
    number_reprogramming(&mut ot, &ctx);
    locked.add_template_steps(&mut ot).await?;
    // What it fills from an empty work order is both what is judged and its audit entry.
    let filled = cambios(&OrdenTrabajo::new(ot.id), &ot);
    let edicion = Edicion {
        antes: Antes::Nueva,
        despues: &ot,
        cambios: &filled,
    };
    let violations = rules::judge(req.user.autor(), &edicion, &ctx, &[]);
    if !violations.is_empty() {
        return Err(Error::Rules(violations));
    }
    locked.cambios = Some(filled);
    let actor = locked.doc.get_actor().clone();
    locked.doc = document::new_document(&ot, actor).map_err(|e| Error::Internal(e.into()))?;
    save(state, locked, req, ot).await
}

/// A reprogramming made on the server is numbered by its chain, never by the caller.
fn number_reprogramming(ot: &mut OrdenTrabajo, ctx: &Contexto) {
    if ot.ot_principal.is_some() {
        ot.num_reprogramacion = ctx.siguiente_reprogramacion;
    }
}

async fn save(
    state: &AppState,
    mut locked: OpenDocument<'_>,
    req: &Request<'_>,
    ot: OrdenTrabajo,
) -> Result<Written, Error> {
    if locked.before.is_some() {
        document::write(&mut locked.doc, &ot).map_err(|e| Error::Internal(e.into()))?;
        let message = format!("{} por {}", req.action, req.user.username);
        locked
            .doc
            .commit_with(CommitOptions::default().with_message(message));
    }
    let origin = Origin::route(req.user.id, &req.route);
    // Under the row lock only a new document can be found stored meanwhile.
    let saved = locked
        .save(&origin, req.action, &ot, &[])
        .await?
        .ok_or_else(|| Error::bad_request("orden_existente", "La orden de trabajo ya existe"))?;
    let id = saved
        .version
        .work_order_id
        .expect("a save projects its row");
    state.notifier.changed(ot.id);
    state.cache.put(ot.id, saved.version, saved.doc, ot);
    Ok(Written { id })
}

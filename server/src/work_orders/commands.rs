//! The work-order operations the office and integrations call, shared by the REST API and the
//! seeds' routes: each turns a request into an edit of the model, written through [`super::edit`].

use chrono::Utc;
use ote_shared::api::{CamposOt, Patch};
use ote_shared::codes::{EstadoRegistro, EstatusOt, TipoOt};
use ote_shared::model::{Archivo, Foto, OrdenTrabajo, Paso};
use ote_shared::rules::{Code, Violation, marcar_editada};
use uuid::Uuid;

use super::edit::{self, Request, Written};
use super::ordenes_servicio;
use crate::Error;
use crate::state::AppState;
use crate::store::change_log;
use crate::store::open;

/// A new work order from the seed's `crear_ot` fields; a reprogramming names its principal by
/// numeric id in `ot_principal`.
pub async fn create(
    state: &AppState,
    req: &Request<'_>,
    campos: CamposOt,
) -> Result<Written, Error> {
    let mut ot = OrdenTrabajo::new(Uuid::new_v4());
    let principal = principal(state, req, campos.ot_principal).await?;
    campos.apply_to(&mut ot);
    principal.apply_to(&mut ot.ot_principal);
    edit::create(state, req, ot).await
}

/// The seed's `editar_ot`: the fields sent, the yard logic, and a record still to be defined
/// (-1) becomes active.
pub async fn edit(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    campos: CamposOt,
) -> Result<Written, Error> {
    let principal = principal(state, req, campos.ot_principal).await?;
    edit::update(state, req, id, |ot| {
        campos.apply_to(ot);
        principal.apply_to(&mut ot.ot_principal);
        marcar_editada(ot);
        Ok(())
    })
    .await
}

/// The seed's `cambiar_estatus_ot`: the new status and, in the history, who changed it and why.
pub async fn change_status(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    estatus: EstatusOt,
    comentario: &str,
) -> Result<Written, Error> {
    edit::update(state, req, id, |ot| {
        ot.cambiar_estatus(estatus, &req.user.username, comentario, Utc::now());
        Ok(())
    })
    .await
}

/// Seed 002's PATCH (see [`ordenes_servicio::Edicion`]).
pub async fn edit_service_order(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    edicion: ordenes_servicio::Edicion,
) -> Result<Written, Error> {
    edit::update(state, req, id, |ot| {
        edicion.apply_to(ot, &req.user.username);
        Ok(())
    })
    .await
}

/// Adds a photo, its file already stored (see [`crate::blobs`]), to the work order `id`.
pub async fn add_photo(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    foto: Foto,
) -> Result<Written, Error> {
    edit::update(state, req, id, |ot| {
        ot.fotos.insert(foto.id, foto);
        Ok(())
    })
    .await
}

/// The seed's `eliminar_ot`: the record stays, with `estatus` 0.
pub async fn delete(state: &AppState, req: &Request<'_>, id: i64) -> Result<Written, Error> {
    edit::update(state, req, id, |ot| {
        ot.estatus = EstadoRegistro::Eliminado;
        Ok(())
    })
    .await
}

/// A reprogramming (tipo 5) of the work order `id`: its planning copied, then the fields sent;
/// the next number of the chain and fresh steps from the templates.
pub async fn reprogram(
    state: &AppState,
    req: &Request<'_>,
    id: i64,
    campos: CamposOt,
) -> Result<Written, Error> {
    let mut ot = read(state, req, id).await?.reprogramacion(Uuid::new_v4());
    campos.apply_to(&mut ot);
    ot.id_tipo = TipoOt::Reprogramacion;
    edit::create(state, req, ot).await
}

/// The work order `id` as the caller may see it.
pub async fn read(state: &AppState, req: &Request<'_>, id: i64) -> Result<OrdenTrabajo, Error> {
    let doc_id = edit::doc_id(state, req.user, id).await?;
    let bytes = change_log::bytes(&state.pool, doc_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(open::load(&bytes)?.1)
}

/// One step's edit, the step named by its numeric id (the seeds' `OTDetalle.id`).
pub async fn edit_step(
    state: &AppState,
    req: &Request<'_>,
    step: i64,
    edit: impl FnOnce(&mut Paso) -> Result<(), Error>,
) -> Result<Written, Error> {
    let row = sqlx::query!(
        "SELECT work_order_id, step_id FROM work_order_steps WHERE id = $1",
        step
    )
    .fetch_optional(&state.pool)
    .await?;
    let (id, step_id) = row
        .map(|r| (r.work_order_id, r.step_id))
        .ok_or(Error::NotFound)?;
    edit::update(state, req, id, |ot| {
        edit(ot.pasos.get_mut(&step_id).ok_or(Error::NotFound)?)
    })
    .await
}

/// Attaches a file already stored (see [`crate::blobs`]) to a step.
pub async fn attach_to_step(
    state: &AppState,
    req: &Request<'_>,
    step: i64,
    archivo: Archivo,
) -> Result<Written, Error> {
    edit_step(state, req, step, |paso| {
        paso.archivo = Some(archivo);
        Ok(())
    })
    .await
}

/// A request's `ot_principal`, resolved from the numeric id to the principal's document; one the
/// caller cannot see is one that does not exist.
async fn principal(
    state: &AppState,
    req: &Request<'_>,
    id: Patch<i64>,
) -> Result<Patch<Uuid>, Error> {
    let id = match id {
        Patch::Set(id) => id,
        Patch::Cleared => return Ok(Patch::Cleared),
        Patch::Absent => return Ok(Patch::Absent),
    };
    match edit::doc_id(state, req.user, id).await {
        Ok(doc) => Ok(Patch::Set(doc)),
        Err(Error::NotFound) => Err(Error::Rules(vec![Violation::new(
            Code::PrincipalNoExiste,
            "ot_principal",
        )])),
        Err(e) => Err(e),
    }
}

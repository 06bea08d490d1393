//! The REST writes on work orders and their steps, each through [`crate::operations`]: create,
//! edit, change status, delete, reprogram, a step's fields and file; and what goes with them:
//! a work order's audit history and the catalogs a form needs. Bodies are JSON objects (or
//! forms) with the seeds' field names; answers are the work order as `GET` shows it.

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use ote_shared::codes::{EstatusOt, EstatusPaso};
use ote_shared::model::Archivo;

use super::AppState;
use super::envelope::BodyFields;
use super::upload;
use super::work_orders::visible_work_order;
use crate::auth::CurrentUser;
use crate::blobs::{self, MAX_BLOB_BYTES};
use crate::edits::{Request, Written};
use crate::sync::pull::Viewer;
use crate::users::Role;
use crate::work_order_fields::Fields;
use crate::{Error, audit, catalogs, operations, work_orders};

/// Who may plan: create, edit, delete and reprogram work orders.
pub const PLANNERS: [Role; 2] = [Role::Admin, Role::Oficina];
/// Who may record progress: status, steps and their files (campo within the rules).
pub const RECORDERS: [Role; 3] = [Role::Admin, Role::Oficina, Role::Campo];

/// The write routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/work-orders", post(create))
        .route("/api/v1/work-orders/{id}", patch(edit).delete(delete))
        .route("/api/v1/work-orders/{id}/status", post(change_status))
        .route("/api/v1/work-orders/{id}/reprogramaciones", post(reprogram))
        .route("/api/v1/work-orders/{id}/history", get(history))
        .route("/api/v1/steps/{id}", patch(edit_step))
        .route(
            "/api/v1/steps/{id}/archivo",
            post(attach).layer(DefaultBodyLimit::max(MAX_BLOB_BYTES + 64 * 1024)),
        )
        .route("/api/v1/catalogs", get(all_catalogs))
}

/// A numeric id from the path.
pub fn path_id(id: &str) -> Result<i64, Error> {
    id.trim()
        .parse()
        .map_err(|_| Error::bad_request("id_invalido", "El id debe ser un número"))
}

fn request<'a>(
    user: &'a CurrentUser,
    method: &str,
    path: String,
    action: &'static str,
) -> Request<'a> {
    Request {
        user,
        route: format!("{method} {path}"),
        action,
    }
}

/// The work order as `GET /api/v1/work-orders/{id}` shows it, with `status`.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    written: Written,
    status: StatusCode,
) -> Result<Response, Error> {
    let json = work_orders::get(&state.pool, written.id, Viewer::of(user))
        .await?
        .ok_or(Error::NotFound)?;
    Ok((status, [(CONTENT_TYPE, "application/json")], json).into_response())
}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    BodyFields(fields): BodyFields,
) -> Result<Response, Error> {
    user.require(&PLANNERS)?;
    let req = request(&user, "POST", "/api/v1/work-orders".into(), "crear");
    let written = operations::create(&state, &req, &fields).await?;
    answer(&state, &user, written, StatusCode::CREATED).await
}

async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    BodyFields(fields): BodyFields,
) -> Result<Response, Error> {
    user.require(&PLANNERS)?;
    let id = path_id(&id)?;
    let req = request(
        &user,
        "PATCH",
        format!("/api/v1/work-orders/{id}"),
        "editar",
    );
    let written = operations::edit(&state, &req, id, &fields).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    user.require(&PLANNERS)?;
    let id = path_id(&id)?;
    let req = request(
        &user,
        "DELETE",
        format!("/api/v1/work-orders/{id}"),
        "eliminar",
    );
    let written = operations::delete(&state, &req, id).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// `{id_estatus_ot, comentario}`.
async fn change_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    BodyFields(fields): BodyFields,
) -> Result<Response, Error> {
    user.require(&RECORDERS)?;
    let id = path_id(&id)?;
    let estatus = required_status(&fields, &["id_estatus_ot", "nuevo_estatus"])?;
    let comentario = fields.get("comentario").map_or("", String::as_str);
    let req = request(
        &user,
        "POST",
        format!("/api/v1/work-orders/{id}/status"),
        "cambiar_estatus",
    );
    let written = operations::change_status(&state, &req, id, estatus, comentario).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// A work order's status code from the first of `names`, required.
pub fn required_status(
    fields: &HashMap<String, String>,
    names: &[&str],
) -> Result<EstatusOt, Error> {
    Fields(fields)
        .code(names, EstatusOt::from_code)?
        .ok_or_else(|| {
            Error::bad_request("campo_invalido", format!("Falta «{}» (1 a 4)", names[0]))
        })
}

async fn reprogram(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    BodyFields(fields): BodyFields,
) -> Result<Response, Error> {
    user.require(&PLANNERS)?;
    let id = path_id(&id)?;
    let path = format!("/api/v1/work-orders/{id}/reprogramaciones");
    let req = request(&user, "POST", path, "reprogramar");
    let written = operations::reprogram(&state, &req, id, &fields).await?;
    answer(&state, &user, written, StatusCode::CREATED).await
}

async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    let json = audit::history(&state.pool, id).await?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// `{estatus_paso, fecha_entrega, fecha_inicio, fecha_termino, comentario}`, any of them.
async fn edit_step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    BodyFields(fields): BodyFields,
) -> Result<Response, Error> {
    user.require(&RECORDERS)?;
    let step = path_id(&id)?;
    let req = request(
        &user,
        "PATCH",
        format!("/api/v1/steps/{step}"),
        "editar_paso",
    );
    let status = Fields(&fields).code(&["estatus_paso", "estatus"], EstatusPaso::from_code)?;
    let written = operations::edit_step(&state, &req, step, |paso| {
        if let Some(s) = status {
            paso.estatus_paso = s;
        }
        for campo in ["fecha_entrega", "fecha_inicio", "fecha_termino"] {
            if let Some(value) = fields.get(campo) {
                *operations::step_date(paso, campo)? = operations::parse_date(campo, value)?;
            }
        }
        if let Some(c) = fields.get("comentario") {
            paso.comentario = c.trim().to_owned();
        }
        Ok(())
    })
    .await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Multipart `archivo`: stored by content, then attached to the step.
async fn attach(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Multipart,
) -> Result<Response, Error> {
    user.require(&RECORDERS)?;
    let step = path_id(&id)?;
    let received = upload::receive(form, &["archivo"], MAX_BLOB_BYTES as u64).await?;
    let archivo = store_file(&state, &received).await?;
    let req = request(
        &user,
        "POST",
        format!("/api/v1/steps/{step}/archivo"),
        "adjuntar_archivo",
    );
    let written = operations::attach_to_step(&state, &req, step, archivo).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Stores an uploaded file by its content and gives the metadata a document holds.
pub async fn store_file(state: &AppState, received: &upload::Received) -> Result<Archivo, Error> {
    let archivo = Archivo::of_bytes(&received.file_name, &received.mime, &received.bytes);
    blobs::put(
        &state.pool,
        &state.config.data_dir,
        &archivo.sha256,
        &archivo.tipo_mime,
        &received.bytes,
    )
    .await
    .map_err(|e| Error::Internal(e.into()))?;
    Ok(archivo)
}

async fn all_catalogs(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<serde_json::Value>, Error> {
    Ok(Json(catalogs::all(&state.pool).await?))
}

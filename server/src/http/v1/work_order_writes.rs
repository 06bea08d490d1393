//! The REST writes on work orders and their steps, each through [`crate::work_orders::commands`]: create,
//! edit, change status, delete, reprogram, a step's fields and file; and what goes with them:
//! a work order's audit history. Bodies are JSON objects (or
//! forms) with the seeds' field names; answers are the work order as `GET` shows it.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ote_shared::api::{CambioEstatus, CambioPaso, CamposOt, EntradaHistorial, OrdenTrabajoVista};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Role;
use crate::auth::Viewer;
use crate::blobs::MAX_BLOB_BYTES;
use crate::http::form::{Body, path_id, required};
use crate::http::openapi::Errors;
use crate::http::route::Route;
use crate::http::upload;
use crate::http::upload::store_file;
use crate::http::work_order_id::visible_work_order;
use crate::state::AppState;
use crate::work_orders::edit::Written;
use crate::work_orders::{commands, history, queries};

/// The write routes.
pub fn router() -> OpenApiRouter<AppState> {
    let file_body = DefaultBodyLimit::max(MAX_BLOB_BYTES + 64 * 1024);
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(edit, delete))
        .routes(routes!(change_status))
        .routes(routes!(reprogram))
        .routes(routes!(history))
        .routes(routes!(edit_step))
        .routes(routes!(attach).layer(file_body))
}

/// The work order as `GET /api/v1/work-orders/{id}` shows it, with `status`.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    written: Written,
    status: StatusCode,
) -> Result<Response, Error> {
    let ot = queries::get(&state.pool, written.id, Viewer::of(user))
        .await?
        .ok_or(Error::NotFound)?;
    Ok((status, Json(ot)).into_response())
}

/// Creates a work order (seed 001's rules); its steps come from the templates.
#[utoipa::path(post, path = "/api/v1/work-orders", tag = "work-orders",
    request_body = CamposOt, responses((status = 201, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Body(campos): Body<CamposOt>,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let req = route.request(&user, "crear");
    let written = commands::create(&state, &req, campos).await?;
    answer(&state, &user, written, StatusCode::CREATED).await
}

/// Edits a work order (seed 001's `editar_ot`: a record to be defined becomes active; the yard
/// phase follows the front).
#[utoipa::path(patch, path = "/api/v1/work-orders/{id}", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body = CamposOt, responses((status = 200, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
    Body(campos): Body<CamposOt>,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let id = path_id(&id)?;
    let req = route.request(&user, "editar");
    let written = commands::edit(&state, &req, id, campos).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Deletes a work order logically (estatus 0): it leaves every list.
#[utoipa::path(delete, path = "/api/v1/work-orders/{id}", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico de la OT")), responses((status = 200, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let id = path_id(&id)?;
    let req = route.request(&user, "eliminar");
    let written = commands::delete(&state, &req, id).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Changes a work order's status, with its comment, into the history (seed 000's
/// `cambiar_estatus_ot`).
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/status", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body = CambioEstatus, responses((status = 200, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn change_status(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
    Body(cambio): Body<CambioEstatus>,
) -> Result<Response, Error> {
    user.require(Role::records)?;
    let id = path_id(&id)?;
    let estatus = required(cambio.estatus(), "id_estatus_ot")?;
    let req = route.request(&user, "cambiar_estatus");
    let written = commands::change_status(&state, &req, id, estatus, cambio.comentario()).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Reprograms a work order: a tipo 5 work order linked to it with the next
/// `num_reprogramacion`, its planning copied and then the fields sent.
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/reprogramaciones", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body = CamposOt, responses((status = 201, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn reprogram(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
    Body(campos): Body<CamposOt>,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let id = path_id(&id)?;
    let req = route.request(&user, "reprogramar");
    let written = commands::reprogram(&state, &req, id, campos).await?;
    answer(&state, &user, written, StatusCode::CREATED).await
}

/// The audit history of a work order: who changed what, when, from which route or device.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/history", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "Las escrituras de la OT, la más reciente primero", body = Vec<EntradaHistorial>), Errors))]
async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<EntradaHistorial>>, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    Ok(Json(history::history(&state.pool, id).await?))
}

/// Edits a step: its status (within the step rules), dates and comment.
#[utoipa::path(patch, path = "/api/v1/steps/{id}", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico del paso")),
    request_body = CambioPaso, responses((status = 200, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn edit_step(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
    Body(cambio): Body<CambioPaso>,
) -> Result<Response, Error> {
    user.require(Role::records)?;
    let step = path_id(&id)?;
    let req = route.request(&user, "editar_paso");
    let written = commands::edit_step(&state, &req, step, |paso| {
        cambio.apply_to(paso);
        Ok(())
    })
    .await?;
    answer(&state, &user, written, StatusCode::OK).await
}

/// Attaches a file to a step (multipart `archivo`), stored by its content.
#[utoipa::path(post, path = "/api/v1/steps/{id}/archivo", tag = "work-orders", params(("id" = i64, Path, description = "Id numérico del paso")),
    request_body(content = crate::http::openapi::ArchivoSubido, content_type = "multipart/form-data"), responses((status = 200, description = "La OT como la muestra `GET /api/v1/work-orders/{id}`", body = OrdenTrabajoVista), Errors))]
async fn attach(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    Path(id): Path<String>,
    form: Multipart,
) -> Result<Response, Error> {
    user.require(Role::records)?;
    let step = path_id(&id)?;
    let received = upload::receive(form, &["archivo"], MAX_BLOB_BYTES as u64).await?;
    let archivo = store_file(&state, &user, &received).await?;
    let req = route.request(&user, "adjuntar_archivo");
    let written = commands::attach_to_step(&state, &req, step, archivo).await?;
    answer(&state, &user, written, StatusCode::OK).await
}

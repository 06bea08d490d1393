//! Seed 000's write routes under `/operaciones/ot/`, through the same operations as the REST
//! API: `editar/` (`id` and seed 001's fields), `eliminar/` (`id`), `crear-ot-reprogramacion/`
//! (seed 001's `crear_ot` fields; a reprogramming with `id_tipo` 5 and `ot_principal`),
//! `cambiar_estatus_ot/` (`ot_id`, `nuevo_estatus`, `comentario`), `cambiar_estatus_paso/` (`id`
//! of the step, `estatus`, optional `comentario`), `actualizar-fecha/` (`id`, `campo`, `fecha`)
//! and `guardar_archivo_ot/` (multipart `id`, `archivo`). Answers are the seed's envelope.

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::Response;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use ote_shared::api::CamposOt;

use super::envelope::{self, Body};
use super::envelope::{Envelope, TipoAviso};
use super::login_required::LoginRequired;
use super::requests::{CambioEstatusOt, EdicionOt, Eliminacion, EstatusDePaso, FechaDePaso};
use crate::auth::Role;
use crate::blobs::MAX_BLOB_BYTES;
use crate::http::form::{self, required, required_id};
use crate::http::route::Route;
use crate::http::upload;
use crate::http::upload::store_file;
use crate::state::AppState;
use crate::work_orders::commands;

/// The write routes.
pub fn router() -> OpenApiRouter<AppState> {
    let file_body = DefaultBodyLimit::max(MAX_BLOB_BYTES + 64 * 1024);
    OpenApiRouter::new()
        .routes(routes!(editar))
        .routes(routes!(eliminar))
        .routes(routes!(crear))
        .routes(routes!(cambiar_estatus_ot))
        .routes(routes!(cambiar_estatus_paso))
        .routes(routes!(actualizar_fecha))
        .routes(routes!(guardar_archivo).layer(file_body))
}

/// Seed 001's `editar_ot`: `id` and the fields to change.
#[utoipa::path(post, path = "/operaciones/ot/editar/", tag = "operaciones",
    request_body(content = EdicionOt, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn editar(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(edicion): Body<EdicionOt>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::plans)?;
            let id = required_id(edicion.id, "id")?;
            let req = route.request(&user, "editar");
            let written = commands::edit(&state, &req, id, edicion.campos).await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "OT actualizada correctamente",
                written.id,
            ))
        }
        .await,
    )
}

/// Deletes a work order logically (`id`).
#[utoipa::path(post, path = "/operaciones/ot/eliminar/", tag = "operaciones",
    request_body(content = Eliminacion, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn eliminar(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(eliminacion): Body<Eliminacion>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::plans)?;
            let id = required_id(eliminacion.id, "id")?;
            let written = commands::delete(&state, &route.request(&user, "eliminar"), id).await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "OT eliminado correctamente",
                written.id,
            ))
        }
        .await,
    )
}

/// Seed 001's `crear_ot`: a new work order, or a reprogramming with `id_tipo` 5 and `ot_principal`.
#[utoipa::path(post, path = "/operaciones/ot/crear-ot-reprogramacion/", tag = "operaciones",
    request_body(content = CamposOt, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles, id_nuevo}`", body = Envelope), envelope::Refusals))]
async fn crear(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(campos): Body<CamposOt>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::plans)?;
            let req = route.request(&user, "crear");
            let written = commands::create(&state, &req, campos).await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "OT creada correctamente",
                written.id,
            ))
        }
        .await,
    )
}

/// Seed 000's status change: `ot_id`, `nuevo_estatus`, `comentario`.
#[utoipa::path(post, path = "/operaciones/ot/cambiar_estatus_ot/", tag = "operaciones",
    request_body(content = CambioEstatusOt, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn cambiar_estatus_ot(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(pedido): Body<CambioEstatusOt>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::records)?;
            let id = required_id(pedido.ot_id.or(pedido.id), "ot_id")?;
            let cambio = &pedido.cambio;
            let estatus = required(cambio.estatus(), "nuevo_estatus")?;
            let req = route.request(&user, "cambiar_estatus");
            let written =
                commands::change_status(&state, &req, id, estatus, cambio.comentario()).await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "Estatus de la OT actualizado",
                written.id,
            ))
        }
        .await,
    )
}

/// A step's status: `id` (the step), `estatus` (1–4), optional `comentario`.
#[utoipa::path(post, path = "/operaciones/ot/cambiar_estatus_paso/", tag = "operaciones",
    request_body(content = EstatusDePaso, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn cambiar_estatus_paso(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(pedido): Body<EstatusDePaso>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::records)?;
            let step = required_id(pedido.id, "id")?;
            let estatus = required(pedido.estatus, "estatus")?;
            let req = route.request(&user, "editar_paso");
            let written = commands::edit_step(&state, &req, step, |paso| {
                paso.estatus_paso = estatus;
                pedido
                    .comentario
                    .apply_or(&mut paso.comentario, String::new());
                Ok(())
            })
            .await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "Estatus del paso actualizado",
                written.id,
            ))
        }
        .await,
    )
}

/// A step's date: `id` (the step), `campo` (`fecha_entrega`, `fecha_inicio`, `fecha_termino`), `fecha` (`AAAA-MM-DD`, empty clears it).
#[utoipa::path(post, path = "/operaciones/ot/actualizar-fecha/", tag = "operaciones",
    request_body(content = FechaDePaso, content_type = "application/json"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn actualizar_fecha(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    Body(pedido): Body<FechaDePaso>,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::records)?;
            let step = required_id(pedido.id, "id")?;
            let campo = required(pedido.campo, "campo")?;
            let req = route.request(&user, "editar_paso");
            let written = commands::edit_step(&state, &req, step, |paso| {
                pedido.fecha.apply_to(paso.fecha_mut(campo));
                Ok(())
            })
            .await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "Fecha actualizada",
                written.id,
            ))
        }
        .await,
    )
}

/// Attaches a file to a step: multipart `id` (the step) and `archivo`.
#[utoipa::path(post, path = "/operaciones/ot/guardar_archivo_ot/", tag = "operaciones",
    request_body(content = crate::http::openapi::ArchivoSubido, content_type = "multipart/form-data"),
    responses((status = 200, description = "`{exito, tipo_aviso, detalles}`", body = Envelope), envelope::Refusals))]
async fn guardar_archivo(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    route: Route,
    form: Multipart,
) -> Response {
    envelope::respond(
        async {
            user.require(Role::records)?;
            let received = upload::receive(form, &["archivo"], MAX_BLOB_BYTES as u64).await?;
            let fields: HashMap<String, String> = received.fields.iter().cloned().collect();
            let step = form::id_field(&fields, &["id"])?;
            let archivo = store_file(&state, &user, &received).await?;
            let req = route.request(&user, "adjuntar_archivo");
            let written = commands::attach_to_step(&state, &req, step, archivo).await?;
            Ok(envelope::aviso(
                TipoAviso::Exito,
                "Archivo guardado",
                written.id,
            ))
        }
        .await,
    )
}

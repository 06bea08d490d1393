//! Seed 000's import routes: `importar_anexo_ot/`, `importar-mpp/` (answered with the
//! envelope, the import's id as `id_nuevo`) and `datatable-importaciones/`.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{datatables, envelope};
use ote_shared::api::Importacion;

use super::envelope::{Envelope, TipoAviso};
use super::login_required::LoginRequired;
use crate::Error;
use crate::auth::{CurrentUser, Role};
use crate::http::upload::{receive, start_import};
use crate::http::work_order_id::visible_work_order;
use crate::imports::TipoImportacion;
use crate::imports::jobs::Started;
use crate::imports::read::{self, ImportFilter, ORDERABLE};
use crate::state::AppState;

/// The routes; uploads may be as large as the configured limit.
pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let upload_limit = state.config.import_limits.max_bytes as usize + 64 * 1024;
    let uploads = OpenApiRouter::new()
        .routes(routes!(compat_anexo))
        .routes(routes!(compat_schedule))
        .layer(DefaultBodyLimit::max(upload_limit));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(compat_datatable))
        // Also by GET, as the seed's DataTables client may send it; documented once, as POST.
        .route(
            "/operaciones/ot/datatable-importaciones/",
            get(compat_datatable),
        )
}

/// Seed 000's answer to an upload: the import's id as `id_nuevo`.
fn envelope(outcome: Result<Started, Error>) -> Response {
    match outcome {
        Ok(Started::New(id)) => envelope::aviso(
            TipoAviso::Exito,
            "Archivo recibido; la importación está en curso",
            id,
        ),
        Ok(Started::AlreadyImported(id)) => envelope::aviso(
            TipoAviso::Advertencia,
            "Este archivo ya se había importado en esta OT; no cambió nada",
            id,
        ),
        Err(e) => envelope::error(e),
    }
}

async fn compat_upload(
    state: AppState,
    user: CurrentUser,
    form: Multipart,
    kind: TipoImportacion,
    file_field: &str,
) -> Result<Started, Error> {
    user.require(Role::plans)?;
    let received = receive(form, &[file_field], state.config.import_limits.max_bytes).await?;
    let ot = received
        .field("ot_id")
        .or(received.field("id_ot"))
        .ok_or_else(|| {
            Error::bad_request("id_invalido", "Falta «ot_id», la OT a la que se importa")
        })?;
    let id = visible_work_order(&state, &user, ot).await?;
    start_import(&state, &user, kind, id, received).await
}

/// Seed 000's `importar_anexo_ot`: multipart `id_ot` and `archivo_excel`; `id_nuevo` is the import.
#[utoipa::path(post, path = "/operaciones/ot/importar_anexo_ot/", tag = "operaciones",
    request_body(content = serde_json::Value, content_type = "multipart/form-data", description = "`id_ot` y `archivo_excel`"),
    responses((status = 200, body = Envelope), envelope::Refusals))]
async fn compat_anexo(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    form: Multipart,
) -> Response {
    envelope(compat_upload(state, user, form, TipoImportacion::Anexo, "archivo_excel").await)
}

/// Seed 000's `importar-mpp`: multipart `id_ot`, `archivo_mpp` and `nombre_version`.
#[utoipa::path(post, path = "/operaciones/ot/importar-mpp/", tag = "operaciones",
    request_body(content = serde_json::Value, content_type = "multipart/form-data", description = "`id_ot`, `archivo_mpp` y `nombre_version`"),
    responses((status = 200, body = Envelope), envelope::Refusals))]
async fn compat_schedule(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    form: Multipart,
) -> Response {
    envelope(
        compat_upload(
            state,
            user,
            form,
            TipoImportacion::Cronograma,
            "archivo_mpp",
        )
        .await,
    )
}

/// Seed 000's `datatable-importaciones`: the import history over DataTables, optional `id_ot`.
#[utoipa::path(post, path = "/operaciones/ot/datatable-importaciones/", tag = "operaciones",
    params(("id_ot" = Option<i64>, Query), ("draw" = Option<i64>, Query), ("start" = Option<i64>, Query), ("length" = Option<i64>, Query)),
    responses((status = 200, description = "Protocolo DataTables", body = datatables::Response<Importacion>), envelope::Refusals))]
async fn compat_datatable(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    RawQuery(query): RawQuery,
    body: axum::body::Bytes,
) -> Response {
    let page = import_page(&state, &user, query.as_deref().unwrap_or(""), &body).await;
    envelope::respond(page.map(|page| Json(page).into_response()))
}

/// [`compat_datatable`]'s page.
async fn import_page(
    state: &AppState,
    user: &CurrentUser,
    query: &str,
    body: &[u8],
) -> Result<datatables::Response<Importacion>, Error> {
    user.require(Role::reads_imports)?;
    let req = datatables::parse(query, body)?;
    let order = req.order_in(&ORDERABLE)?;
    let work_order_id = match req.params.get("id_ot").filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse()
                .map_err(|_| Error::bad_request("id_invalido", "«id_ot» debe ser un número"))?,
        ),
        None => None,
    };
    let filter = ImportFilter {
        work_order_id,
        q: req.search.clone(),
        order,
        offset: req.start,
        limit: req.length,
    };
    let page = read::history(&state.pool, &filter).await?;
    Ok(datatables::Response {
        draw: req.draw,
        recordsTotal: page.total,
        recordsFiltered: page.filtered,
        data: page.rows,
    })
}

//! The import routes: uploads that return at once with the import's id, the import's progress
//! and history, and what was imported (Anexo C items, schedule versions and their tasks).

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ote_shared::api::{
    ComparacionVersiones, EstadoImportacion, Importacion, PaginaImportaciones, PartidaAnexo,
    Subida, TareaCronograma, VersionCronograma,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Role;
use crate::exports::{XLSX, anexo, schedule};
use crate::http::download;
use crate::http::form::path_id;
use crate::http::openapi::Errors;
use crate::http::upload::{receive, start_import};
use crate::http::work_order_id::visible_work_order;
use crate::imports::TipoImportacion;
use crate::imports::jobs::Started;
use crate::imports::read::{self, ImportFilter};
use crate::state::AppState;

/// The import routes; uploads may be as large as the configured limit.
pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let upload_limit = state.config.import_limits.max_bytes as usize + 64 * 1024;
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload_anexo))
        .routes(routes!(upload_schedule, versions))
        .layer(DefaultBodyLimit::max(upload_limit));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(history))
        .routes(routes!(one))
        .routes(routes!(import_items))
        .routes(routes!(items))
        .routes(routes!(items_xlsx))
        .routes(routes!(import_items_xlsx))
        .routes(routes!(compare))
        .routes(routes!(tasks))
        .routes(routes!(tasks_xlsx))
}

/// 202 with the new import, or 200 with the earlier import of the same file.
fn started(s: Started) -> Response {
    match s {
        Started::New(id) => (
            StatusCode::ACCEPTED,
            Json(Subida {
                id,
                estado: EstadoImportacion::Pendiente,
                repetida: false,
            }),
        )
            .into_response(),
        Started::AlreadyImported(id) => (
            StatusCode::OK,
            Json(Subida {
                id,
                estado: EstadoImportacion::Terminada,
                repetida: true,
            }),
        )
            .into_response(),
    }
}

/// Imports an Anexo C workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) into the work order.
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/anexo", tag = "imports", params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body(content = crate::http::openapi::ArchivoSubido, content_type = "multipart/form-data"),
    responses((status = 202, description = "La importación corre en segundo plano", body = Subida),
        (status = 200, description = "El mismo archivo ya se importó en esta OT: la importación anterior", body = Subida), Errors))]
async fn upload_anexo(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Multipart,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let id = visible_work_order(&state, &user, &id).await?;
    let received = receive(form, &["archivo"], state.config.import_limits.max_bytes).await?;
    Ok(started(
        start_import(&state, &user, TipoImportacion::Anexo, id, received).await?,
    ))
}

/// Imports a schedule (MSPDI .xml; .mpp, .mpt, .mpx through MPXJ) as a named version
/// (`nombre_version`, by default the file's name).
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/schedules", tag = "imports", params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body(content = crate::http::openapi::ArchivoSubido, content_type = "multipart/form-data", description = "`archivo` y `nombre_version` opcional"),
    responses((status = 202, description = "La importación corre en segundo plano", body = Subida),
        (status = 200, description = "El mismo archivo ya se importó en esta OT: la importación anterior", body = Subida), Errors))]
async fn upload_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Multipart,
) -> Result<Response, Error> {
    user.require(Role::plans)?;
    let id = visible_work_order(&state, &user, &id).await?;
    let received = receive(form, &["archivo"], state.config.import_limits.max_bytes).await?;
    Ok(started(
        start_import(&state, &user, TipoImportacion::Cronograma, id, received).await?,
    ))
}

/// One import: file, size, sha256, user, times, status, progress, counts and row errors.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", operation_id = "obtener_importacion",
    params(("id" = i64, Path, description = "Id de la importación")),
    responses((status = 200, description = "La importación", body = Importacion), Errors))]
async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Importacion>, Error> {
    Ok(Json(visible_import(&state, &user, &id).await?))
}

/// The import `id` (a number), if the user sees its work order; else 404.
async fn visible_import(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Importacion, Error> {
    let id: i64 = id.parse().map_err(|_| {
        Error::bad_request("id_invalido", "El id de la importación debe ser un número")
    })?;
    let import = read::import(&state.pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    // The import is visible to whoever sees its work order.
    visible_work_order(state, user, &import.id_ot.to_string()).await?;
    Ok(import)
}

/// The items one Anexo C import stored, whether or not a later file replaced it in its work
/// order (none for a schedule import or a failed one).
#[utoipa::path(get, path = "/api/v1/imports/{id}/anexo-items", tag = "imports", operation_id = "partidas_de_importacion",
    params(("id" = i64, Path, description = "Id de la importación")),
    responses((status = 200, description = "Las partidas, en el orden del archivo", body = Vec<PartidaAnexo>), Errors))]
async fn import_items(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<PartidaAnexo>>, Error> {
    let import = visible_import(&state, &user, &id).await?;
    Ok(Json(read::import_items(&state.pool, import.id).await?))
}

/// The import history, newest first, with paging.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", operation_id = "historial_importaciones",
    params(("id_ot" = Option<String>, Query, description = "Sólo las de una OT: su id numérico o el de su documento"),
        ("q" = Option<String>, Query, description = "Texto en el nombre del archivo"),
        ("pagina" = Option<i64>, Query), ("por_pagina" = Option<i64>, Query)),
    responses((status = 200, description = "Una página del historial", body = PaginaImportaciones), Errors))]
async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Json<PaginaImportaciones>, Error> {
    user.require(Role::reads_imports)?;
    let query = query.unwrap_or_default();
    let mut filter = ImportFilter {
        limit: 50,
        ..ImportFilter::default()
    };
    let mut pagina: i64 = 1;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.trim();
        let number = || -> Result<i64, Error> {
            value.parse().map_err(|_| {
                Error::bad_request("filtro_invalido", format!("«{key}» debe ser un número"))
            })
        };
        match key.as_ref() {
            _ if value.is_empty() => {}
            // The app names work orders by their document id.
            "id_ot" if value.parse::<uuid::Uuid>().is_ok() => {
                filter.work_order_id = Some(visible_work_order(&state, &user, value).await?)
            }
            "id_ot" => filter.work_order_id = Some(number()?),
            "q" => filter.q = Some(value.to_owned()),
            "pagina" => pagina = number()?,
            "por_pagina" => filter.limit = number()?,
            _ => {}
        }
    }
    filter.offset = crate::paging::offset(pagina, filter.limit, 200)?;
    let page = read::history(&state.pool, &filter).await?;
    Ok(Json(PaginaImportaciones {
        total: page.filtered,
        pagina,
        por_pagina: filter.limit,
        datos: page.rows,
    }))
}

/// Every Anexo C item of the work order (decimals as strings).
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/anexo-items", tag = "imports", params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "Las partidas, en el orden del archivo", body = Vec<PartidaAnexo>), Errors))]
async fn items(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<PartidaAnexo>>, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    Ok(Json(read::anexo_items(&state.pool, id).await?))
}

/// The Anexo C items as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/anexo-items.xlsx", tag = "imports", params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "Libro .xlsx", body = Vec<u8>, content_type = XLSX), Errors))]
async fn items_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    let items = read::anexo_items(&state.pool, id).await?;
    download::workbook(anexo::write(&items), &format!("anexo-c-ot-{id}.xlsx"))
}

/// One import's Anexo C items as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/imports/{id}/anexo-items.xlsx", tag = "imports", operation_id = "partidas_de_importacion_xlsx",
    params(("id" = i64, Path, description = "Id de la importación")),
    responses((status = 200, description = "Libro .xlsx", body = Vec<u8>, content_type = XLSX), Errors))]
async fn import_items_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let Json(items) = import_items(State(state), user, Path(id.clone())).await?;
    download::workbook(
        anexo::write(&items),
        &format!("anexo-c-importacion-{}.xlsx", path_id(&id)?),
    )
}

/// A schedule version's tasks as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/schedules/{version}/tasks.xlsx", tag = "imports",
    params(("id" = i64, Path, description = "Id numérico de la OT"), ("version" = i64, Path, description = "Id de la versión")),
    responses((status = 200, description = "Libro .xlsx", body = Vec<u8>, content_type = XLSX), Errors))]
async fn tasks_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, Error> {
    let Json(tareas) = tasks(State(state), user, Path((id.clone(), version.clone()))).await?;
    download::workbook(
        schedule::write(&tareas),
        &format!("cronograma-{}.xlsx", path_id(&version)?),
    )
}

/// The work order's schedule versions: `id`, `nombre_version`, `creado`, task count.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/schedules", tag = "imports", params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "Las versiones, la más reciente primero", body = Vec<VersionCronograma>), Errors))]
async fn versions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<VersionCronograma>>, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    Ok(Json(read::schedule_versions(&state.pool, id).await?))
}

/// The tasks of one schedule version, with their predecessors.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/schedules/{version}/tasks", tag = "imports",
    params(("id" = i64, Path, description = "Id numérico de la OT"), ("version" = i64, Path, description = "Id de la versión")),
    responses((status = 200, description = "Las tareas, en el orden del esquema", body = Vec<TareaCronograma>), Errors))]
async fn tasks(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Json<Vec<TareaCronograma>>, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    let version: i64 = version
        .parse()
        .map_err(|_| Error::bad_request("id_invalido", "La versión debe ser un número"))?;
    let tareas = read::schedule_tasks(&state.pool, id, version)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(tareas))
}

/// `?de={version}&a={version}`.
/// Compares two schedule versions: tasks added, removed and moved.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/schedules/compare", tag = "imports",
    params(("id" = i64, Path, description = "Id numérico de la OT"), ("de" = i64, Query, description = "Versión de origen"), ("a" = i64, Query, description = "Versión de destino")),
    responses((status = 200, description = "Tareas agregadas, eliminadas y movidas", body = ComparacionVersiones), Errors))]
async fn compare(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<ComparacionVersiones>, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    let query = query.unwrap_or_default();
    let version = |name: &str| -> Result<i64, Error> {
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.trim().parse().ok())
            .ok_or_else(|| {
                Error::bad_request(
                    "version_invalida",
                    "Indique las versiones a comparar con «de» y «a» (sus ids)",
                )
            })
    };
    let comparacion = read::compare_versions(&state.pool, id, version("de")?, version("a")?)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(comparacion))
}

//! The catalogs: `GET /api/v1/catalogs` (every catalog a form needs, with an ETag, so a device
//! asks after each sync and downloads them only when they changed), and the office's edits,
//! `/api/v1/catalogs/{catalogo}` (list every entry, add, rename, deactivate) and the order of a
//! type's step templates.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ote_shared::api::{
    CambioEntrada, Catalogos, EntradaCatalogo, NuevaEntrada, OrdenPasos, TipoCatalogo,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::{CurrentUser, Role};
use crate::catalogs::edit::{self, Author};
use crate::catalogs::{self, version};
use crate::http::extract::Planner;
use crate::http::form::{Body, path_id};
use crate::http::openapi::Errors;
use crate::http::route::Route;
use crate::state::AppState;

/// The catalog routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(all_catalogs))
        .routes(routes!(entries, add))
        .routes(routes!(change))
        .routes(routes!(reorder))
}

/// Every catalog a form needs: types, statuses, clients, fronts, sites, managers, planning
/// documents, step templates, employees, and which entries are no longer offered. Answered
/// 304 when the `If-None-Match` is the current version's ETag.
#[utoipa::path(get, path = "/api/v1/catalogs", tag = "work-orders",
    responses((status = 200, description = "Cada catálogo como lista de sus renglones; `sitios` agrupados por tipo; `inactivos`, lo que ya no se ofrece. Cabecera `ETag`", body = Catalogos),
        (status = 304, description = "Sin cambios desde el `If-None-Match`"), Errors))]
async fn all_catalogs(
    State(state): State<AppState>,
    _user: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let tag = format!("\"v{}\"", version::current(&state.pool).await?);
    let headers_of = [(ETAG, tag.clone()), (CACHE_CONTROL, "no-cache".to_owned())];
    if headers
        .get(IF_NONE_MATCH)
        .is_some_and(|h| h.as_bytes() == tag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, headers_of).into_response());
    }
    // Read after the version: a change between the two is fetched again on the next ask.
    Ok((headers_of, Json(catalogs::all(&state.pool).await?)).into_response())
}

/// Refuses an edit on a vessel's hub: shore keeps the catalogs, and the hub's copy is
/// overwritten with shore's at each sync (`catalogs::mirror`).
fn editable_here(state: &AppState) -> Result<(), Error> {
    match state.config.upstream {
        Some(_) => Err(Error::bad_request(
            "catalogo_en_tierra",
            "Los catálogos se editan en tierra: este servidor es el de una embarcación",
        )),
        None => Ok(()),
    }
}

fn catalog(name: &str) -> Result<TipoCatalogo, Error> {
    TipoCatalogo::de_clave(name).ok_or(Error::NotFound)
}

/// Every entry of one catalog, inactive ones too.
#[utoipa::path(get, path = "/api/v1/catalogs/{catalogo}", tag = "catalogs", operation_id = "entradas_catalogo",
    params(("catalogo" = String, Path, description = "clientes, frentes, embarcaciones, plataformas, intercoms, patios, responsables_proyecto, pte_headers, empleados o pasos_plantilla")),
    responses((status = 200, body = Vec<EntradaCatalogo>), Errors))]
async fn entries(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(catalogo): Path<String>,
) -> Result<Json<Vec<EntradaCatalogo>>, Error> {
    user.require(Role::plans)?;
    Ok(Json(edit::list(&state.pool, catalog(&catalogo)?).await?))
}

/// Adds an entry (a site with its front, a step template with its type, last of it).
#[utoipa::path(post, path = "/api/v1/catalogs/{catalogo}", tag = "catalogs", operation_id = "agregar_entrada_catalogo", request_body = NuevaEntrada,
    params(("catalogo" = String, Path, description = "El catálogo")),
    responses((status = 201, body = EntradaCatalogo), Errors))]
async fn add(
    State(state): State<AppState>,
    Planner(user): Planner,
    route: Route,
    Path(catalogo): Path<String>,
    Body(nueva): Body<NuevaEntrada>,
) -> Result<(StatusCode, Json<EntradaCatalogo>), Error> {
    editable_here(&state)?;
    let catalogo = catalog(&catalogo)?;
    let author = Author {
        user_id: user.id,
        route: &route.0,
    };
    let entrada = edit::add(&state.pool, &author, catalogo, &nueva).await?;
    Ok((StatusCode::CREATED, Json(entrada)))
}

/// Renames, deactivates or reactivates an entry; nothing is deleted.
#[utoipa::path(patch, path = "/api/v1/catalogs/{catalogo}/{id}", tag = "catalogs", operation_id = "cambiar_entrada_catalogo", request_body = CambioEntrada,
    params(("catalogo" = String, Path, description = "El catálogo"), ("id" = i64, Path, description = "Id de la entrada")),
    responses((status = 200, body = EntradaCatalogo), Errors))]
async fn change(
    State(state): State<AppState>,
    Planner(user): Planner,
    route: Route,
    Path((catalogo, id)): Path<(String, String)>,
    Body(cambio): Body<CambioEntrada>,
) -> Result<Json<EntradaCatalogo>, Error> {
    editable_here(&state)?;
    let catalogo = catalog(&catalogo)?;
    let author = Author {
        user_id: user.id,
        route: &route.0,
    };
    let entrada = edit::change(&state.pool, &author, catalogo, path_id(&id)?, &cambio).await?;
    if catalogo.es_sitio() {
        state.sites.forget();
    }
    Ok(Json(entrada))
}

/// Orders one type's step templates: new work orders get their steps in this order.
#[utoipa::path(put, path = "/api/v1/catalogs/pasos_plantilla/orden", tag = "catalogs", operation_id = "ordenar_pasos_plantilla", request_body = OrdenPasos,
    responses((status = 200, description = "Los pasos del tipo, en su orden", body = Vec<EntradaCatalogo>), Errors))]
async fn reorder(
    State(state): State<AppState>,
    Planner(user): Planner,
    route: Route,
    Body(orden): Body<OrdenPasos>,
) -> Result<Json<Vec<EntradaCatalogo>>, Error> {
    editable_here(&state)?;
    let author = Author {
        user_id: user.id,
        route: &route.0,
    };
    Ok(Json(edit::reorder(&state.pool, &author, &orden).await?))
}

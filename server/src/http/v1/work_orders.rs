//! `GET /api/v1/work-orders` (filtered, sorted, paged) and `GET /api/v1/work-orders/{id}`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chrono::NaiveDate;
use ote_shared::api::{OrdenTrabajoVista, PaginaOrdenes};
use ote_shared::model::TipoSitio;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentUser;
use crate::auth::Viewer;
use crate::exports::{self, MAX_ROWS, XLSX};
use crate::http::download;
use crate::http::work_order_id::visible_work_order;
use crate::paging::MAX_PER_PAGE;
use crate::state::AppState;
use crate::work_orders::queries::{self, Filter, SORTABLE};
use crate::{Error, catalogs};

/// The work-order routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(list_xlsx))
        .routes(routes!(steps_xlsx))
}

/// The work orders the user may see: free-text search, filters, sort on any column, pages.
/// Logically deleted ones (estatus 0) leave the list unless `estatus` asks for them.
#[utoipa::path(get, path = "/api/v1/work-orders", tag = "work-orders",
    params(
        ("q" = Option<String>, Query, description = "Texto libre: folio, oficio, descripción, responsable del cliente"),
        ("id_estatus_ot" = Option<i16>, Query, description = "1 Activa, 2 En proceso, 3 Terminada, 4 Cancelada, 5 Confirmada"),
        ("id_tipo" = Option<i16>, Query, description = "4 Inicial, 5 Reprogramación"),
        ("id_frente" = Option<i64>, Query, description = "Frente"),
        ("id_cliente" = Option<i64>, Query, description = "Cliente"),
        ("id_responsable_proyecto" = Option<i64>, Query, description = "Responsable del proyecto"),
        ("sitio" = Option<String>, Query, description = "Un sitio como tipo:id: embarcacion:3, plataforma:1, intercom:2 o patio:4"),
        ("desde" = Option<String>, Query, description = "Inicio programado desde (AAAA-MM-DD)"),
        ("hasta" = Option<String>, Query, description = "Inicio programado hasta (AAAA-MM-DD)"),
        ("estatus" = Option<i16>, Query, description = "Estado del registro: -1 por definir, 0 eliminado, 1 activo"),
        ("orden" = Option<String>, Query, description = "Columna, con `-` delante para descendente (por omisión `-id`)"),
        ("pagina" = Option<i64>, Query, description = "Página, desde 1"),
        ("por_pagina" = Option<i64>, Query, description = "Renglones por página, 1 a 200 (50)"),
    ),
    responses((status = 200, body = PaginaOrdenes), crate::http::openapi::Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Json<PaginaOrdenes>, Error> {
    let filter = parse_filter(query.as_deref().unwrap_or(""))?;
    let viewer = Viewer::of(&user);
    let mut db = state.reads.connection_for(user.id).await?;
    let page = db
        .run(async |c| queries::list(c, &state.sites, &state.counts, &filter, viewer).await)
        .await?;
    Ok(Json(page))
}

/// One work order with its sites, steps, photos and employees (money as decimal strings).
#[utoipa::path(get, path = "/api/v1/work-orders/{id}", tag = "work-orders",
    params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "La OT con `pasos`, `fotos` y `empleados`", body = OrdenTrabajoVista),
        crate::http::openapi::Errors))]
async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<OrdenTrabajoVista>, Error> {
    let id: i64 = id
        .parse()
        .map_err(|_| Error::bad_request("id_invalido", "El id de la OT debe ser un número"))?;
    let ot = queries::get(&state.pool, id, Viewer::of(&user))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(ot))
}

/// The list as filtered and sorted on screen (the same query string, pages ignored), every
/// match up to [`MAX_ROWS`], as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/work-orders.xlsx", tag = "work-orders",
    params(("q" = Option<String>, Query, description = "Los filtros y el orden de `GET /api/v1/work-orders`")),
    responses((status = 200, description = "Libro .xlsx", body = Vec<u8>, content_type = XLSX), crate::http::openapi::Errors))]
async fn list_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, Error> {
    let mut filter = parse_filter(query.as_deref().unwrap_or(""))?;
    // One statement for every row: the page size is the server's, not the caller's.
    (filter.pagina, filter.por_pagina) = (1, MAX_ROWS as i64);
    let viewer = Viewer::of(&user);
    let mut db = state.reads.connection_for(user.id).await?;
    let (page, catalogos) = tokio::try_join!(
        db.run(async |c| queries::list(c, &state.sites, &state.counts, &filter, viewer).await),
        catalogs::all(&state.pool),
    )?;
    download::workbook(
        exports::work_orders::write(&page.datos, &catalogos),
        "ordenes-de-trabajo.xlsx",
    )
}

/// One work order's header and steps, with their status, dates and comments, as an Excel
/// workbook.
#[utoipa::path(get, path = "/api/v1/work-orders/{id}/steps.xlsx", tag = "work-orders",
    params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, description = "Libro .xlsx", body = Vec<u8>, content_type = XLSX), crate::http::openapi::Errors))]
async fn steps_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let id = visible_work_order(&state, &user, &id).await?;
    let (ot, catalogos) = tokio::try_join!(
        queries::get(&state.pool, id, Viewer::of(&user)),
        catalogs::all(&state.pool),
    )?;
    let ot = ot.ok_or(Error::NotFound)?;
    let name = format!("pasos-{}.xlsx", safe_name(&ot.orden.orden_trabajo));
    download::workbook(exports::steps::write(&ot, &catalogos), &name)
}

/// `folio` as a file name: letters, digits and `-`, the rest `_`.
fn safe_name(folio: &str) -> String {
    folio
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The list's query string: `q`, `id_estatus_ot`, `id_tipo`, `id_frente`, `id_cliente`,
/// `id_responsable_proyecto`, `sitio`, `desde`, `hasta` (YYYY-MM-DD), `estatus`, `orden` (a
/// column, `-` first for descending), `pagina`, `por_pagina`.
fn parse_filter(query: &str) -> Result<Filter, Error> {
    let mut f = Filter::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "q" => f.q = Some(value.to_owned()),
            "id_estatus_ot" => f.id_estatus_ot = Some(number(&key, value)?),
            "id_tipo" => f.id_tipo = Some(number(&key, value)?),
            "id_frente" => f.id_frente = Some(number(&key, value)?),
            "id_cliente" => f.id_cliente = Some(number(&key, value)?),
            "id_responsable_proyecto" => f.id_responsable_proyecto = Some(number(&key, value)?),
            "sitio" => f.sitio = Some(sitio(value)?),
            "estatus" => f.estatus = Some(number(&key, value)?),
            "desde" => f.desde = Some(date(&key, value)?),
            "hasta" => f.hasta = Some(date(&key, value)?),
            "orden" => {
                let (desc, column) = match value.strip_prefix('-') {
                    Some(c) => (true, c),
                    None => (false, value),
                };
                f.orden = crate::http::form::sortable(SORTABLE, column)?;
                f.descendente = desc;
            }
            "pagina" => f.pagina = number(&key, value)?,
            "por_pagina" => f.por_pagina = number(&key, value)?,
            _ => {}
        }
    }
    crate::paging::offset(f.pagina, f.por_pagina, MAX_PER_PAGE)?;
    Ok(f)
}

fn sitio(value: &str) -> Result<(TipoSitio, i64), Error> {
    TipoSitio::sitio_de_texto(value).ok_or_else(|| {
        Error::bad_request(
            "filtro_invalido",
            "«sitio» debe ser tipo:id, p. ej. embarcacion:3 (embarcacion, plataforma, intercom o patio)",
        )
    })
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, Error> {
    value
        .parse()
        .map_err(|_| Error::bad_request("filtro_invalido", format!("«{key}» debe ser un número")))
}

fn date(key: &str, value: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        Error::bad_request(
            "filtro_invalido",
            format!("«{key}» debe ser una fecha AAAA-MM-DD"),
        )
    })
}

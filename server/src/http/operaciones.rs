//! Seed 000's read routes under `/operaciones/ot/`, for the clients that already use them:
//! `obtener_datos/` (`ot_id`), `obtener_ot_iniciales/`, `obtener_sitios_frente/` (`id_frente`),
//! `obtener_sitios/`, `obtener_progreso_general_ot/` (optional `id`), and the DataTables
//! protocol over the work orders (`datatable/`) and one work order's steps
//! (`detalle/datatable/`, `id_ot`). Fields come as a form, a JSON object or a query string;
//! answers are the seed's envelope.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use serde_json::Value;

use super::envelope::{self, Fields};
use super::{AppState, datatables};
use crate::auth::CurrentUser;
use crate::steps::{self, StepFilter};
use crate::sync::pull::Viewer;
use crate::work_orders::{self, Filter, SORTABLE};
use crate::{Error, catalogs, progress};

/// The seed's clients send either.
pub const GET_OR_POST: MethodFilter = MethodFilter::GET.or(MethodFilter::POST);

/// The read routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/operaciones/ot/obtener_datos/",
            on(GET_OR_POST, obtener_datos),
        )
        .route(
            "/operaciones/ot/obtener_ot_iniciales/",
            on(GET_OR_POST, obtener_ot_iniciales),
        )
        .route(
            "/operaciones/ot/obtener_sitios_frente/",
            on(GET_OR_POST, obtener_sitios_frente),
        )
        .route(
            "/operaciones/ot/obtener_sitios/",
            on(GET_OR_POST, obtener_sitios),
        )
        .route("/operaciones/ot/datatable/", on(GET_OR_POST, datatable))
        .route(
            "/operaciones/ot/detalle/datatable/",
            on(GET_OR_POST, detalle_datatable),
        )
        .route(
            "/operaciones/ot/obtener_progreso_general_ot/",
            on(GET_OR_POST, obtener_progreso),
        )
}

fn json(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::Internal(e.into()))
}

async fn obtener_datos(
    State(state): State<AppState>,
    user: CurrentUser,
    Fields(fields): Fields,
) -> Response {
    envelope::respond(
        async {
            let id = envelope::id_field(&fields, &["ot_id", "id"])?;
            let ot = work_orders::get(&state.pool, id, Viewer::of(&user))
                .await?
                .ok_or(Error::NotFound)?;
            Ok(envelope::datos(json(&ot)?))
        }
        .await,
    )
}

async fn obtener_ot_iniciales(State(state): State<AppState>, user: CurrentUser) -> Response {
    envelope::respond(
        async {
            let list = work_orders::initial(&state.pool, Viewer::of(&user)).await?;
            Ok(envelope::datos(json(&list)?))
        }
        .await,
    )
}

async fn obtener_sitios_frente(
    State(state): State<AppState>,
    _user: CurrentUser,
    Fields(fields): Fields,
) -> Response {
    envelope::respond(
        async {
            let frente = envelope::id_field(&fields, &["id_frente"])?;
            Ok(envelope::datos(json(
                &catalogs::sites(&state.pool, Some(frente)).await?,
            )?))
        }
        .await,
    )
}

async fn obtener_sitios(State(state): State<AppState>, _user: CurrentUser) -> Response {
    envelope::respond(
        async {
            Ok(envelope::datos(json(
                &catalogs::sites(&state.pool, None).await?,
            )?))
        }
        .await,
    )
}

/// DataTables over the work orders the caller may see: the search box is the list's `q`, the
/// sort column one of the list's sortable columns; logically deleted ones stay out.
async fn datatable(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, Error> {
    let req = datatables::parse(query.as_deref().unwrap_or(""), &body)?;
    let mut filter = Filter {
        q: req.search.clone(),
        por_pagina: req.length,
        pagina: req.start / req.length + 1,
        ..Filter::default()
    };
    if let Some((column, desc)) = req.order_in(SORTABLE)? {
        filter.orden = column;
        filter.descendente = desc;
    }
    let viewer = Viewer::of(&user);
    let page = work_orders::list(&state.pool, &filter, viewer).await?;
    let total = match filter.search() {
        Some(_) => work_orders::count(&state.pool, &Filter::default(), viewer).await?,
        None => page.total,
    };
    Ok(axum::Json(datatables::Response {
        draw: req.draw,
        recordsTotal: total,
        recordsFiltered: page.total,
        data: serde_json::to_value(&page.datos).map_err(|e| Error::Internal(e.into()))?,
    })
    .into_response())
}

/// DataTables over one work order's steps (`id_ot`), in template order unless sorted.
async fn detalle_datatable(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, Error> {
    let req = datatables::parse(query.as_deref().unwrap_or(""), &body)?;
    let id = envelope::id_field(&req.params, &["id_ot", "ot_id"])?;
    if !work_orders::visible(&state.pool, id, Viewer::of(&user)).await? {
        return Err(Error::NotFound);
    }
    let filter = StepFilter {
        work_order_id: id,
        q: req.search.clone(),
        order: req.order_in(&steps::SORTABLE)?,
        offset: req.start,
        limit: req.length,
    };
    let (total, filtered, rows) = steps::page(&state.pool, &filter).await?;
    Ok(axum::Json(datatables::Response {
        draw: req.draw,
        recordsTotal: total,
        recordsFiltered: filtered,
        data: json(&rows)?,
    })
    .into_response())
}

/// One work order's progress with `id`, else every active one's by front, client and status.
async fn obtener_progreso(
    State(state): State<AppState>,
    user: CurrentUser,
    Fields(fields): Fields,
) -> Response {
    envelope::respond(
        async {
            let viewer = Viewer::of(&user);
            let text = if fields.get("id").is_some_and(|v| !v.trim().is_empty()) {
                let id = envelope::id_field(&fields, &["id"])?;
                progress::one(&state.pool, id, viewer)
                    .await?
                    .ok_or(Error::NotFound)?
            } else {
                progress::overall(&state.pool, viewer).await?
            };
            Ok(envelope::datos(json(&text)?))
        }
        .await,
    )
}

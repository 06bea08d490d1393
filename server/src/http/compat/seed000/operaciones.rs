//! Seed 000's read routes under `/operaciones/ot/`, for the clients that already use them:
//! `obtener_datos/` (`ot_id`), `obtener_ot_iniciales/`, `obtener_sitios_frente/` (`id_frente`),
//! `obtener_sitios/`, `obtener_progreso_general_ot/` (optional `id`), and the DataTables
//! protocol over the work orders (`datatable/`) and one work order's steps
//! (`detalle/datatable/`, `id_ot`). Fields come as a form, a JSON object or a query string;
//! answers are the seed's envelope.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ote_shared::api::{DatosOt, FilaOrden, Patch};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::datatables;
use super::envelope::{self, Body};
use super::login_required::LoginRequired;
use super::requests::{ConsultaFrente, ConsultaOt, ConsultaProgreso};
use crate::auth::CurrentUser;
use crate::auth::Viewer;
use crate::http::form::{self, required_id};
use crate::state::AppState;
use crate::work_orders::progress;
use crate::work_orders::queries::{self, Filter, SORTABLE};
use crate::work_orders::steps::{self, StepFilter, StepRow};
use crate::{Error, catalogs};

/// The read routes. The seeds' clients send them by POST or by GET with the fields in the
/// query string: documented once, as POST (an operation id names one operation).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(obtener_datos))
        .routes(routes!(obtener_ot_iniciales))
        .routes(routes!(obtener_sitios_frente))
        .routes(routes!(obtener_sitios))
        .routes(routes!(datatable))
        .routes(routes!(detalle_datatable))
        .routes(routes!(obtener_progreso))
        .route("/operaciones/ot/obtener_datos/", get(obtener_datos))
        .route(
            "/operaciones/ot/obtener_ot_iniciales/",
            get(obtener_ot_iniciales),
        )
        .route(
            "/operaciones/ot/obtener_sitios_frente/",
            get(obtener_sitios_frente),
        )
        .route("/operaciones/ot/obtener_sitios/", get(obtener_sitios))
        .route("/operaciones/ot/datatable/", get(datatable))
        .route("/operaciones/ot/detalle/datatable/", get(detalle_datatable))
        .route(
            "/operaciones/ot/obtener_progreso_general_ot/",
            get(obtener_progreso),
        )
}

/// One work order (`ot_id`) in `datos`, with seed 001's `obtener_datos_ot` keys and value
/// shapes ([`DatosOt`]), then its steps, photos and employees.
#[utoipa::path(post, path = "/operaciones/ot/obtener_datos/", tag = "operaciones",
    params(("ot_id" = i64, Query, description = "Id de la OT (o en el cuerpo)")),
    responses((status = 200, description = "`datos`: la OT con las claves de `obtener_datos_ot` de la semilla 001, y sus pasos, fotos y empleados", body = envelope::Envelope), envelope::Refusals))]
async fn obtener_datos(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    Body(consulta): Body<ConsultaOt>,
) -> Response {
    envelope::respond(
        async {
            let id = required_id(consulta.ot_id.or(consulta.id), "ot_id")?;
            let ot = queries::get(&state.pool, id, Viewer::of(&user))
                .await?
                .ok_or(Error::NotFound)?;
            Ok(envelope::datos(DatosOt::of(ot)))
        }
        .await,
    )
}

/// The active initial work orders (tipo 4), what a reprogramming is made from.
#[utoipa::path(post, path = "/operaciones/ot/obtener_ot_iniciales/", tag = "operaciones",
    responses((status = 200, description = "`datos`: `[{id, orden_trabajo, descripcion_trabajo}]`", body = envelope::Envelope), envelope::Refusals))]
async fn obtener_ot_iniciales(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
) -> Response {
    envelope::respond(
        async {
            let list = queries::initial(&state.pool, Viewer::of(&user)).await?;
            Ok(envelope::datos(list))
        }
        .await,
    )
}

/// The sites of one front (`id_frente`), by kind.
#[utoipa::path(post, path = "/operaciones/ot/obtener_sitios_frente/", tag = "operaciones",
    params(("id_frente" = i64, Query, description = "Frente (o en el cuerpo)")),
    responses((status = 200, description = "`datos`: los sitios del frente", body = envelope::Envelope), envelope::Refusals))]
async fn obtener_sitios_frente(
    State(state): State<AppState>,
    LoginRequired(_user): LoginRequired,
    Body(consulta): Body<ConsultaFrente>,
) -> Response {
    envelope::respond(
        async {
            let frente = required_id(consulta.id_frente, "id_frente")?;
            Ok(envelope::datos(
                catalogs::sites(&state.pool, Some(frente)).await?,
            ))
        }
        .await,
    )
}

/// Every site, by kind.
#[utoipa::path(post, path = "/operaciones/ot/obtener_sitios/", tag = "operaciones",
    responses((status = 200, description = "`datos`: todos los sitios", body = envelope::Envelope), envelope::Refusals))]
async fn obtener_sitios(
    State(state): State<AppState>,
    LoginRequired(_user): LoginRequired,
) -> Response {
    envelope::respond(
        async { Ok(envelope::datos(catalogs::sites(&state.pool, None).await?)) }.await,
    )
}

/// DataTables over the work orders the caller may see: the search box is the list's `q`, the
/// sort column one of the list's sortable columns; logically deleted ones stay out.
#[utoipa::path(post, path = "/operaciones/ot/datatable/", tag = "operaciones",
    params(("draw" = Option<i64>, Query), ("start" = Option<i64>, Query), ("length" = Option<i64>, Query),
        ("search[value]" = Option<String>, Query), ("order[0][column]" = Option<i64>, Query), ("order[0][dir]" = Option<String>, Query)),
    responses((status = 200, description = "Protocolo DataTables", body = datatables::Response<FilaOrden>), envelope::Refusals))]
async fn datatable(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    envelope::respond(work_order_page(&state, &user, query.as_deref().unwrap_or(""), &body).await)
}

/// [`datatable`]'s page.
async fn work_order_page(
    state: &AppState,
    user: &CurrentUser,
    query: &str,
    body: &[u8],
) -> Result<Response, Error> {
    let req = datatables::parse(query, body)?;
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
    let viewer = Viewer::of(user);
    let mut db = state.reads.connection_for(user.id).await?;
    let (page, total) = db
        .run(async |c| {
            let page = queries::list(c, &state.sites, &state.counts, &filter, viewer).await?;
            let total = match filter.search() {
                // The unfiltered total, which DataTables shows beside the filtered one.
                Some(_) => {
                    queries::count_cached(c, &state.counts, &Filter::default(), None, viewer)
                        .await?
                }
                None => page.total,
            };
            Ok((page, total))
        })
        .await?;
    Ok(axum::Json(datatables::Response {
        draw: req.draw,
        recordsTotal: total,
        recordsFiltered: page.total,
        data: page.datos,
    })
    .into_response())
}

/// DataTables over one work order's steps (`id_ot`), in template order unless sorted.
#[utoipa::path(post, path = "/operaciones/ot/detalle/datatable/", tag = "operaciones",
    params(("id_ot" = i64, Query, description = "La OT"), ("draw" = Option<i64>, Query), ("start" = Option<i64>, Query), ("length" = Option<i64>, Query)),
    responses((status = 200, description = "Protocolo DataTables", body = datatables::Response<StepRow>), envelope::Refusals))]
async fn detalle_datatable(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    envelope::respond(step_page(&state, &user, query.as_deref().unwrap_or(""), &body).await)
}

/// [`detalle_datatable`]'s page.
async fn step_page(
    state: &AppState,
    user: &CurrentUser,
    query: &str,
    body: &[u8],
) -> Result<Response, Error> {
    let req = datatables::parse(query, body)?;
    let id = form::id_field(&req.params, &["id_ot", "ot_id"])?;
    if !queries::visible(&state.pool, id, Viewer::of(user)).await? {
        return Err(Error::NotFound);
    }
    let filter = StepFilter {
        work_order_id: id,
        q: req.search.clone(),
        order: req.order_in(&steps::SORTABLE)?,
        offset: req.start,
        limit: req.length,
    };
    let page = steps::page(&state.pool, &filter).await?;
    Ok(axum::Json(datatables::Response {
        draw: req.draw,
        recordsTotal: page.total,
        recordsFiltered: page.filtered,
        data: page.rows,
    })
    .into_response())
}

/// One work order's progress with `id`, else every active one's by front, client and status.
#[utoipa::path(post, path = "/operaciones/ot/obtener_progreso_general_ot/", tag = "operaciones",
    params(("id" = Option<i64>, Query, description = "Una OT; sin él, todas")),
    responses((status = 200, description = "`datos`: avance de la OT, o por frente, cliente y estatus", body = envelope::Envelope), envelope::Refusals))]
async fn obtener_progreso(
    State(state): State<AppState>,
    LoginRequired(user): LoginRequired,
    Body(consulta): Body<ConsultaProgreso>,
) -> Response {
    envelope::respond(
        async {
            let viewer = Viewer::of(&user);
            let datos = if let Patch::Set(id) = consulta.id {
                let one = progress::one(&state.pool, id, viewer).await?;
                envelope::datos(one.ok_or(Error::NotFound)?)
            } else {
                envelope::datos(progress::overall(&state.pool, viewer).await?)
            };
            Ok(datos)
        }
        .await,
    )
}

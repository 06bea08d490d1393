//! `GET /api/v1/activity`: the activity log, filtered and paged on the server, and
//! `GET /api/v1/activity.xlsx`, the same entries as a workbook.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, FixedOffset};
use ote_shared::api::{Accion, PaginaActividad};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::activity::{Filter, query};
use crate::auth::{CurrentUser, Role};
use crate::exports::{self, XLSX};
use crate::http::download;
use crate::http::openapi::Errors;
use crate::state::AppState;

/// The activity routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(workbook))
}

/// The filters of the log, as a query string.
#[derive(Deserialize, IntoParams)]
struct ActivityQuery {
    /// Of this login name.
    usuario: Option<String>,
    /// Naming the work order with this folio.
    folio: Option<String>,
    /// `escritura`, `inicio_sesion` or `inicio_sesion_fallido`.
    #[param(value_type = Option<String>)]
    accion: Option<Accion>,
    /// At or after this instant (RFC 3339).
    desde: Option<DateTime<FixedOffset>>,
    /// Before this instant (RFC 3339).
    hasta: Option<DateTime<FixedOffset>>,
    /// Entries older than this id (the previous page's `siguiente`).
    antes: Option<i64>,
    /// Entries per page, 1 to 500 (100).
    limite: Option<i64>,
    /// For the workbook: the reader's offset from UTC in minutes (`-360` in Mexico City), for
    /// its times (0 when absent).
    desfase_minutos: Option<i32>,
}

impl ActivityQuery {
    fn filter(self, limite: i64) -> Filter {
        let empty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Filter {
            usuario: empty(self.usuario),
            folio: empty(self.folio),
            accion: self.accion,
            desde: self.desde,
            hasta: self.hasta,
            antes: self.antes,
            limite: self.limite.unwrap_or(limite),
        }
    }
}

/// Who wrote through which route or tried to sign in, newest first.
#[utoipa::path(get, path = "/api/v1/activity", tag = "activity", operation_id = "actividad", params(ActivityQuery),
    responses((status = 200, body = PaginaActividad), Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Result<Query<ActivityQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PaginaActividad>, Error> {
    user.require(Role::reads_activity)?;
    let filter = parsed(params)?.filter(100);
    let mut db = state.reads.connection_for(user.id).await?;
    Ok(Json(db.run(async |c| query::page(c, &filter).await).await?))
}

/// The entries the filters select (at most [`exports::MAX_ROWS`]) as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/activity.xlsx", tag = "activity", operation_id = "actividad_xlsx", params(ActivityQuery),
    responses((status = 200, description = "Libro de Excel", content_type = XLSX), Errors))]
async fn workbook(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Result<Query<ActivityQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Error> {
    user.require(Role::reads_activity)?;
    let params = parsed(params)?;
    let offset = params.desfase_minutos;
    let mut filter = params.filter(query::MAX_PAGE);
    let mut entradas = Vec::new();
    let mut db = state.reads.connection_for(user.id).await?;
    loop {
        let page = db.run(async |c| query::page(c, &filter).await).await?;
        entradas.extend(page.entradas);
        match page.siguiente {
            Some(next) if entradas.len() < exports::MAX_ROWS => filter.antes = Some(next),
            _ => break,
        }
    }
    let zone = FixedOffset::east_opt(offset.unwrap_or(0).clamp(-14 * 60, 14 * 60) * 60)
        .unwrap_or(FixedOffset::east_opt(0).expect("UTC is an offset"));
    download::workbook(exports::activity::write(&entradas, zone), "actividad.xlsx")
}

fn parsed(
    params: Result<Query<ActivityQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<ActivityQuery, Error> {
    params.map(|Query(q)| q).map_err(|e| {
        Error::bad_request(
            "filtro_invalido",
            format!("Filtro inválido: {}", e.body_text()),
        )
    })
}

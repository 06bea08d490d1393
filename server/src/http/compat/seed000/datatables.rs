//! The DataTables server-side protocol of the seeds' `datatable` routes: `draw`, `start`,
//! `length`, `search[value]`, `order[0][column]` and `order[0][dir]` (with
//! `columns[i][data]` naming the column), sent as a query string or a form body.

use std::collections::HashMap;

use serde::Serialize;

use crate::Error;
use crate::http::form::sortable;

/// Most rows one DataTables page may ask for.
const MAX_LENGTH: i64 = 500;

/// A DataTables request.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Echoed back so the table can drop stale answers.
    pub draw: i64,
    /// Rows to skip.
    pub start: i64,
    /// Rows to return.
    pub length: i64,
    /// The search box, if not blank.
    pub search: Option<String>,
    /// The sort column's `data` name and whether descending.
    pub order: Option<(String, bool)>,
    /// Every parameter, for a route's own ones (`id_ot`).
    pub params: HashMap<String, String>,
}

/// A DataTables answer; `data` is the page's rows, each with its `id`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[allow(non_snake_case)]
pub struct Response<T> {
    /// The request's `draw`.
    pub draw: i64,
    /// Rows before the search.
    pub recordsTotal: i64,
    /// Rows after the search.
    pub recordsFiltered: i64,
    /// The page.
    pub data: Vec<T>,
}

impl Request {
    /// The sort column, one of `allowed`, and whether descending; `None` when not asked.
    pub fn order_in(
        &self,
        allowed: &[&'static str],
    ) -> Result<Option<(&'static str, bool)>, Error> {
        match &self.order {
            None => Ok(None),
            Some((column, desc)) => Ok(Some((sortable(allowed, column)?, *desc))),
        }
    }
}

/// Reads the parameters of `query` and `body` (a form); bad numbers are `parametro_invalido`.
pub fn parse(query: &str, body: &[u8]) -> Result<Request, Error> {
    let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .chain(form_urlencoded::parse(body))
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect();
    let number = |key: &str, default: i64| -> Result<i64, Error> {
        match params.get(key).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| {
                Error::bad_request("parametro_invalido", format!("«{key}» debe ser un número"))
            }),
        }
    };
    let draw = number("draw", 0)?;
    let start = crate::paging::start(number("start", 0)?)?;
    // DataTables sends -1 for "all": capped like any other page.
    let length = match number("length", 10)? {
        n if n < 1 => MAX_LENGTH,
        n => n.min(MAX_LENGTH),
    };
    let order = match params.get("order[0][column]") {
        Some(i) => params.get(&format!("columns[{i}][data]")).map(|c| {
            (
                c.clone(),
                params.get("order[0][dir]").is_some_and(|d| d == "desc"),
            )
        }),
        None => None,
    };
    Ok(Request {
        draw,
        start,
        length,
        search: params
            .get("search[value]")
            .filter(|s| !s.is_empty())
            .cloned(),
        order,
        params,
    })
}

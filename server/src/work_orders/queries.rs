//! Reading work orders from their relational rows: the filtered, sorted, paged list and one
//! work order with its steps and photos. Writes go through the documents (`crate::store`).

use std::sync::LazyLock;

use chrono::NaiveDate;
use ote_shared::api::{
    FilaOrden, FotoVista, OrdenInicial, OrdenTrabajoFila, OrdenTrabajoVista, PaginaOrdenes,
    PasoVista,
};
use ote_shared::codes::EstadoRegistro;
use ote_shared::model::TipoSitio;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use crate::auth::Viewer;
use crate::counts::CountCache;
use crate::sites::{self, SiteCache, SiteIds, SiteNames};

use super::search::Search;

/// The columns a list can be sorted on (the seeds' field names).
pub const SORTABLE: &[&str] = &[
    "id",
    "orden_trabajo",
    "descripcion_trabajo",
    "oficio_ot",
    "id_tipo",
    "id_estatus_ot",
    "estatus",
    "id_frente",
    "id_cliente",
    "id_responsable_proyecto",
    "fecha_inicio_programado",
    "fecha_termino_programado",
    "fecha_inicio_real",
    "fecha_termino_real",
    "monto_mxn",
    "monto_usd",
    "progreso",
    "actualizado",
];

/// What a list asks for. Every filter is optional; logically deleted work orders (estatus 0)
/// leave the list unless `estatus` asks for them.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Free text over folio, oficio, description and the client's representative.
    pub q: Option<String>,
    /// Status of the work (1–5).
    pub id_estatus_ot: Option<i16>,
    /// Initial (4) or reprogramming (5).
    pub id_tipo: Option<i16>,
    /// Work front.
    pub id_frente: Option<i64>,
    /// Client.
    pub id_cliente: Option<i64>,
    /// Project manager.
    pub id_responsable_proyecto: Option<i64>,
    /// A site: vessel, platform, intercom or yard (ids are counted per kind).
    pub sitio: Option<(TipoSitio, i64)>,
    /// Programmed start on or after.
    pub desde: Option<NaiveDate>,
    /// Programmed start on or before.
    pub hasta: Option<NaiveDate>,
    /// Record state (-1, 0, 1).
    pub estatus: Option<i16>,
    /// One of [`SORTABLE`].
    pub orden: &'static str,
    /// Descending.
    pub descendente: bool,
    /// 1-based page.
    pub pagina: i64,
    /// Rows per page.
    pub por_pagina: i64,
}

impl Filter {
    /// The search text, if there is any.
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

impl Default for Filter {
    /// No filter, newest first, the first 50.
    fn default() -> Filter {
        Filter {
            q: None,
            id_estatus_ot: None,
            id_tipo: None,
            id_frente: None,
            id_cliente: None,
            id_responsable_proyecto: None,
            sitio: None,
            desde: None,
            hasta: None,
            estatus: None,
            orden: "id",
            descendente: true,
            pagina: 1,
            por_pagina: 50,
        }
    }
}

/// A row of the list with its site ids and the filter's total, when the query's window
/// counted it.
struct ListRow {
    fila: FilaOrden,
    sites: SiteIds,
    total: i64,
}

/// The list's columns over `work_orders w`, in the order [`ListRow`] reads them: [`FilaOrden`]'s
/// fields, then the site ids in [`SiteIds`]' order. Read by position, not by name: looking 21
/// names up in every one of a page's 50 rows was a tenth of the server's time on the everyday
/// list (BENCHMARKS.md, session 27).
const LIST_COLUMNS: &str = "w.id, w.doc_id, w.orden_trabajo, w.descripcion_trabajo, w.oficio_ot, \
    w.id_tipo, w.id_estatus_ot, w.estatus, w.id_frente, w.id_cliente, w.id_responsable_proyecto, \
    w.fecha_inicio_programado, w.fecha_termino_programado, w.monto_mxn, w.monto_usd, w.progreso, \
    w.num_reprogramacion, w.id_embarcacion, w.id_plataforma, w.id_intercom, w.id_patio";

impl<'r> sqlx::FromRow<'r, PgRow> for ListRow {
    fn from_row(row: &'r PgRow) -> Result<ListRow, sqlx::Error> {
        let fila = FilaOrden {
            id: row.try_get(0)?,
            doc_id: row.try_get(1)?,
            orden_trabajo: row.try_get(2)?,
            descripcion_trabajo: row.try_get(3)?,
            oficio_ot: row.try_get(4)?,
            id_tipo: row.try_get(5)?,
            id_estatus_ot: row.try_get(6)?,
            estatus: row.try_get(7)?,
            id_frente: row.try_get(8)?,
            id_cliente: row.try_get(9)?,
            id_responsable_proyecto: row.try_get(10)?,
            fecha_inicio_programado: row.try_get(11)?,
            fecha_termino_programado: row.try_get(12)?,
            monto_mxn: row.try_get(13)?,
            monto_usd: row.try_get(14)?,
            progreso: row.try_get(15)?,
            num_reprogramacion: row.try_get(16)?,
            sitios: Vec::new(),
        };
        Ok(ListRow {
            fila,
            sites: [
                row.try_get(17)?,
                row.try_get(18)?,
                row.try_get(19)?,
                row.try_get(20)?,
            ],
            // The window's count, or the placeholder after the columns.
            total: row.try_get(21)?,
        })
    }
}

/// The columns over `work_orders w` that a row type reads: its serde field names, which are
/// the column names, but for `sitios`, named after the query ([`SiteCache`]).
fn columns_of<'de, T: serde::Deserialize<'de>>() -> String {
    serde_aux::serde_introspection::serde_introspect::<T>()
        .iter()
        .filter(|name| **name != "sitios")
        .map(|name| format!("w.{name}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page of work orders `viewer` may see that match `filter`, their sites named from
/// `sites`, the total from `counts` when it was counted a moment ago.
pub async fn list(
    conn: &mut PgConnection,
    sites: &SiteCache,
    counts: &CountCache,
    filter: &Filter,
    viewer: Viewer,
) -> Result<PaginaOrdenes, sqlx::Error> {
    let search = search_of(conn, filter).await?;
    // A fragment matches few rows: one scan gives the page and, through the window, the total.
    // Without one, the page walks an index in the sort's order and stops after the page, and
    // the total is an index-only count: a window there would make the page read every match.
    let windowed = matches!(search, Some(Search::Fragment(_)));
    let total = if windowed {
        ", count(*) OVER () AS total"
    } else {
        ", 0::int8 AS total"
    };
    let mut page = QueryBuilder::new(format!("SELECT {LIST_COLUMNS}{total}"));
    // `orden` is one of SORTABLE (checked by the caller), never user text; `id` breaks ties
    // so pages do not overlap. Nulls go where PostgreSQL puts them by default (last going up,
    // first going down), so a backward index scan serves the descending order.
    let dir = if filter.descendente { "DESC" } else { "ASC" };
    let order = format!(" ORDER BY w.{} {dir}, w.id {dir}", filter.orden);
    if windowed {
        push_from_where(&mut page, filter, search.as_ref(), viewer);
        page.push(&order);
        push_page(&mut page, filter);
    } else {
        // The page's ids first, then only their rows: an index that holds the sort and the
        // filters (`work_orders_inicio_cubre`, or `work_order_words_inicio` for a word) walks
        // past the pages before without reading a row of the table (page 20: 0.7 ms, not 3.5).
        page.push(" FROM work_orders w WHERE w.id = ANY (ARRAY (SELECT w.id");
        push_from_where(&mut page, filter, search.as_ref(), viewer);
        page.push(&order);
        push_page(&mut page, filter);
        page.push("))");
        page.push(&order);
    }
    let rows: Vec<ListRow> = page.build_query_as().fetch_all(&mut *conn).await?;
    let total = match rows.first() {
        Some(row) if windowed => row.total,
        None if filter.pagina == 1 => 0,
        // No fragment, or a page past the end that has no row to carry the total.
        _ => count_cached(conn, counts, filter, search.as_ref(), viewer).await?,
    };
    let names = sites.names(conn).await?;
    Ok(PaginaOrdenes {
        total,
        pagina: filter.pagina,
        por_pagina: filter.por_pagina,
        datos: rows
            .into_iter()
            .map(|r| FilaOrden {
                sitios: names.of(r.sites),
                ..r.fila
            })
            .collect(),
    })
}

/// `filter`'s search, parsed, if it has one.
async fn search_of(
    conn: &mut PgConnection,
    filter: &Filter,
) -> Result<Option<Search>, sqlx::Error> {
    match filter.search() {
        Some(q) => Ok(Some(Search::parse(conn, q).await?)),
        None => Ok(None),
    }
}

/// ` LIMIT … OFFSET …` of `f`'s page.
fn push_page(b: &mut QueryBuilder<'_, Postgres>, f: &Filter) {
    b.push(" LIMIT ").push_bind(f.por_pagina);
    b.push(" OFFSET ").push_bind((f.pagina - 1) * f.por_pagina);
}

/// ` FROM … w WHERE …` for `f` as `viewer` sees it, `search` being `f`'s search parsed.
pub(crate) fn push_from_where(
    b: &mut QueryBuilder<'_, Postgres>,
    f: &Filter,
    search: Option<&Search>,
    viewer: Viewer,
) {
    match search {
        Some(search) => search.push_from(b, f.orden),
        None => {
            b.push(" FROM work_orders w WHERE ");
        }
    }
    match f.estatus {
        Some(e) => b.push("w.estatus = ").push_bind(e),
        // Spelled as the states that remain, not `<> 0`, so the list index serves it as
        // ranges: a count of one status went from 10 ms to under 3 ms at 100k work orders.
        // Literals, not parameters: in the generic plan a prepared statement ends up with,
        // `IN ($1, $2)` built its array again for every row walked (a tenth of PostgreSQL's
        // time on the everyday list).
        None => b.push(format!(
            "w.estatus IN ({}, {})",
            EstadoRegistro::PorDefinir.code(),
            EstadoRegistro::Activo.code()
        )),
    };
    let eq = [
        ("id_estatus_ot", f.id_estatus_ot.map(i64::from)),
        ("id_tipo", f.id_tipo.map(i64::from)),
        ("id_frente", f.id_frente),
        ("id_cliente", f.id_cliente),
        ("id_responsable_proyecto", f.id_responsable_proyecto),
    ];
    for (column, value) in eq {
        if let Some(v) = value {
            b.push(format!(" AND w.{column} = ")).push_bind(v);
        }
    }
    if let Some((tipo, id)) = f.sitio {
        // `campo` is one of four literal column names, never user text.
        b.push(format!(" AND w.{} = ", tipo.campo())).push_bind(id);
    }
    if let Some(desde) = f.desde {
        b.push(" AND w.fecha_inicio_programado >= ")
            .push_bind(desde);
    }
    if let Some(hasta) = f.hasta {
        b.push(" AND w.fecha_inicio_programado <= ")
            .push_bind(hasta);
    }
    viewer.push_filter(b);
}

/// One work order with its steps, photos, employees, sites and PTE, if it exists and `viewer`
/// may see it: one statement (the visibility filter is built, so it is not checked at compile
/// time; the row's columns are read by name into the API types).
pub async fn get(
    pool: &PgPool,
    id: i64,
    viewer: Viewer,
) -> Result<Option<OrdenTrabajoVista>, sqlx::Error> {
    let columns = &*VIEW_COLUMNS;
    let mut b = QueryBuilder::new(format!(
        "SELECT {columns},
             COALESCE((SELECT json_agg(json_build_object('id', s.id, 'step_id', s.step_id,
                 'id_paso', s.id_paso, 'estatus_paso', s.estatus_paso,
                 'fecha_entrega', s.fecha_entrega, 'fecha_inicio', s.fecha_inicio,
                 'fecha_termino', s.fecha_termino, 'comentario', s.comentario,
                 'archivo', s.archivo)
                 ORDER BY (SELECT t.orden FROM pasos_ot t WHERE t.id = s.id_paso) NULLS LAST,
                          s.id_paso, s.id)
               FROM work_order_steps s WHERE s.work_order_id = w.id), '[]') AS pasos,
             COALESCE((SELECT json_agg(json_build_object('id', p.id, 'photo_id', p.photo_id,
                 'proceso', p.proceso, 'titulo', p.titulo, 'sha256', p.sha256,
                 'nombre', p.nombre, 'tamano', p.tamano, 'tipo_mime', p.tipo_mime,
                 'creado', p.creado) ORDER BY p.creado, p.id)
               FROM work_order_photos p WHERE p.work_order_id = w.id), '[]') AS fotos,
             ARRAY(SELECT e.empleado_id FROM work_order_empleados e
                   WHERE e.work_order_id = w.id ORDER BY e.empleado_id) AS empleados,
             (SELECT t.oficio_pte FROM pte_headers t WHERE t.id = w.id_pte_header) AS pte_padre,
             {}
         FROM work_orders w WHERE w.id = ",
        sites::NAMES_OF_W
    ));
    b.push_bind(id);
    viewer.push_filter(&mut b);
    let row: Option<ViewRow> = b.build_query_as().fetch_optional(pool).await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let o = &r.orden;
    let ids = [o.id_embarcacion, o.id_plataforma, o.id_intercom, o.id_patio];
    let sitios = SiteNames::read_with(ids, r.sitios).of(ids);
    Ok(Some(OrdenTrabajoVista {
        orden: r.orden,
        pasos: r.pasos.0,
        fotos: r.fotos.0,
        empleados: r.empleados,
        sitios,
        pte_padre: r.pte_padre,
    }))
}

/// The columns of [`OrdenTrabajoFila`], over `work_orders w`.
static VIEW_COLUMNS: LazyLock<String> = LazyLock::new(columns_of::<OrdenTrabajoFila>);

/// A work order as [`get`] reads it: its row, and what it holds gathered by PostgreSQL.
#[derive(sqlx::FromRow)]
struct ViewRow {
    #[sqlx(flatten)]
    orden: OrdenTrabajoFila,
    pasos: Json<Vec<PasoVista>>,
    fotos: Json<Vec<FotoVista>>,
    empleados: Vec<i64>,
    pte_padre: Option<String>,
    #[sqlx(flatten)]
    sitios: sites::NamesRow,
}

/// How many work orders match `filter` (its page aside) as `viewer` sees them; `search` is
/// `filter`'s search as [`Search::parse`] read it (parsed once by the caller, who has it).
pub async fn count(
    conn: &mut PgConnection,
    filter: &Filter,
    search: Option<&Search>,
    viewer: Viewer,
) -> Result<i64, sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT count(*)");
    push_from_where(&mut count, filter, search, viewer);
    count.build_query_scalar().fetch_one(conn).await
}

/// [`count`], as counted less than [`COUNT_TTL`](crate::counts::COUNT_TTL) ago for the same
/// filter and viewer, or now.
pub async fn count_cached(
    conn: &mut PgConnection,
    counts: &CountCache,
    filter: &Filter,
    search: Option<&Search>,
    viewer: Viewer,
) -> Result<i64, sqlx::Error> {
    // The key names every filter, not the page or the order, which do not change the count.
    let unpaged = Filter {
        orden: "id",
        descendente: true,
        pagina: 1,
        por_pagina: 1,
        ..filter.clone()
    };
    let key = format!("{unpaged:?} {viewer:?}");
    if let Some(total) = counts.get(&key) {
        return Ok(total);
    }
    let total = count(conn, filter, search, viewer).await?;
    counts.put(key, total);
    Ok(total)
}

/// The document id of the work order, if it exists and `viewer` may see it.
pub async fn doc_id(pool: &PgPool, id: i64, viewer: Viewer) -> Result<Option<Uuid>, sqlx::Error> {
    let mut b = QueryBuilder::new("SELECT w.doc_id FROM work_orders w WHERE w.id = ");
    b.push_bind(id);
    viewer.push_filter(&mut b);
    b.build_query_scalar().fetch_optional(pool).await
}

/// Whether the work order exists and `viewer` may see it.
pub async fn visible(pool: &PgPool, id: i64, viewer: Viewer) -> Result<bool, sqlx::Error> {
    let mut b = QueryBuilder::new("SELECT EXISTS (SELECT 1 FROM work_orders w WHERE w.id = ");
    b.push_bind(id);
    viewer.push_filter(&mut b);
    b.push(")");
    b.build_query_scalar().fetch_one(pool).await
}

/// The numeric id of the work order with document id `doc`, if `viewer` may see it.
pub async fn id_of_doc(
    pool: &PgPool,
    doc: Uuid,
    viewer: Viewer,
) -> Result<Option<i64>, sqlx::Error> {
    let mut b = QueryBuilder::new("SELECT w.id FROM work_orders w WHERE w.doc_id = ");
    b.push_bind(doc);
    viewer.push_filter(&mut b);
    b.build_query_scalar().fetch_optional(pool).await
}

/// The active initial work orders (tipo 4) `viewer` may see, newest first: what a
/// reprogramming is made from.
pub async fn initial(pool: &PgPool, viewer: Viewer) -> Result<Vec<OrdenInicial>, sqlx::Error> {
    let mut b = QueryBuilder::new(
        "SELECT w.id, w.orden_trabajo, w.descripcion_trabajo FROM work_orders w
         WHERE w.id_tipo = 4 AND w.estatus = 1",
    );
    viewer.push_filter(&mut b);
    b.push(" ORDER BY w.id DESC");
    let rows: Vec<(i64, String, String)> = b.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, orden_trabajo, descripcion_trabajo)| OrdenInicial {
            id,
            orden_trabajo,
            descripcion_trabajo,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`ListRow`] reads by position: its columns must be [`FilaOrden`]'s fields in their
    /// order (as `from_row` lists them), then the four site ids.
    #[test]
    fn list_columns_follow_fila_orden() {
        let expected = format!(
            "{}, w.id_embarcacion, w.id_plataforma, w.id_intercom, w.id_patio",
            columns_of::<FilaOrden>()
        );
        let written = LIST_COLUMNS
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(written, expected);
    }
}

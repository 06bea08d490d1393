//! Reading the log: newest first, a page at a time by id (a cursor, so a page stays cheap however
//! deep), filtered on the server.

use chrono::{DateTime, FixedOffset};
use ote_shared::api::{Accion, EntradaActividad, PaginaActividad};
use sqlx::PgConnection;

/// The most entries one page holds.
pub const MAX_PAGE: i64 = 500;

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Of this login name (a user's writes and every sign-in typed with it).
    pub usuario: Option<String>,
    /// Naming the work order with this folio.
    pub folio: Option<String>,
    /// Of this action.
    pub accion: Option<Accion>,
    /// At or after.
    pub desde: Option<DateTime<FixedOffset>>,
    /// Before.
    pub hasta: Option<DateTime<FixedOffset>>,
    /// With an id below this one (the previous page's `siguiente`).
    pub antes: Option<i64>,
    /// How many, at most [`MAX_PAGE`].
    pub limite: i64,
}

/// One page of the entries `filter` selects.
#[tracing::instrument(skip(conn))]
pub async fn page(
    conn: &mut PgConnection,
    filter: &Filter,
) -> Result<PaginaActividad, sqlx::Error> {
    let limite = filter.limite.clamp(1, MAX_PAGE);
    let rows = sqlx::query!(
        r#"SELECT a.id, a.at AS "fecha: DateTime<FixedOffset>", a.username, a.action, a.route,
                  a.status, a.address, a.device,
                  ARRAY(SELECT w.orden_trabajo FROM work_orders w WHERE w.doc_id = ANY (a.doc_ids)
                        ORDER BY w.orden_trabajo) AS "folios!"
           FROM activity_log a
           WHERE ($1::text IS NULL OR a.username = $1)
             AND ($2::text IS NULL OR a.doc_ids && ARRAY(SELECT doc_id FROM work_orders WHERE orden_trabajo = $2))
             AND ($3::text IS NULL OR a.action = $3)
             AND ($4::timestamptz IS NULL OR a.at >= $4)
             AND ($5::timestamptz IS NULL OR a.at < $5)
             AND ($6::int8 IS NULL OR a.id < $6)
           ORDER BY a.id DESC
           LIMIT $7"#,
        filter.usuario,
        filter.folio,
        filter.accion.map(Accion::as_str),
        filter.desde,
        filter.hasta,
        filter.antes,
        limite + 1
    )
    .fetch_all(conn)
    .await?;
    let more = rows.len() as i64 > limite;
    let entradas: Vec<EntradaActividad> = rows
        .into_iter()
        .take(limite as usize)
        .filter_map(|r| {
            Some(EntradaActividad {
                id: r.id,
                fecha: r.fecha,
                usuario: r.username,
                // The table's CHECK allows only the three actions.
                accion: Accion::de_clave(&r.action)?,
                ruta: r.route,
                estado: r.status as u16,
                direccion: r.address,
                dispositivo: r.device,
                folios: r.folios,
            })
        })
        .collect();
    let siguiente = more.then(|| entradas.last().map(|e| e.id)).flatten();
    Ok(PaginaActividad {
        entradas,
        siguiente,
    })
}

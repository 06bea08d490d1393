//! Writing imports: the record and its progress, and the results, each import's results with
//! its final status in one transaction. Progress goes out on PostgreSQL's `ote_importaciones`
//! channel so the SSE clients of every server process see it.

use ote_shared::api::{Conteos, ConteosAnexo, ConteosCronograma};
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Transaction};

use super::anexo::{Anexo, AnexoItem};
use super::mspdi::Task;
use super::{ImportError, Progress, TipoImportacion};

/// The NOTIFY channel of import progress.
pub const CHANNEL: &str = "ote_importaciones";

/// Follows a CTE `u` of `UPDATE imports ... RETURNING *`: tells [`CHANNEL`] (the query
/// parameter given) what the import now is.
macro_rules! notify_from_u {
    ($channel:literal) => {
        concat!(
            " SELECT pg_notify(",
            $channel,
            ", json_build_object('id', id, 'id_ot', work_order_id, 'estado', status, 'fase', fase,
                 'hechos', progress_done, 'total', progress_total)::text) FROM u"
        )
    };
}

/// Rows per INSERT: big enough to be cheap, small enough to report progress.
const CHUNK: usize = 5_000;

/// What the upload was.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    /// What is imported.
    pub kind: TipoImportacion,
    /// The work order's numeric id.
    pub work_order_id: i64,
    /// The file's name as uploaded.
    pub file_name: &'a str,
    /// Its size.
    pub size: i64,
    /// Its SHA-256, hex.
    pub sha256: &'a str,
    /// Who uploaded it.
    pub user_id: i64,
    /// The schedule version's name.
    pub nombre_version: Option<&'a str>,
}

/// The finished import of the same file into the same work order, if there is one.
pub async fn finished_with_hash(pool: &PgPool, new: &NewImport<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM imports WHERE work_order_id = $1 AND kind = $2 AND sha256 = $3 AND status = 'terminada'",
    )
    .bind(new.work_order_id)
    .bind(new.kind.clave())
    .bind(new.sha256)
    .fetch_optional(pool)
    .await
}

/// Records a queued import; returns its id.
pub async fn create(pool: &PgPool, new: &NewImport<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO imports (kind, work_order_id, file_name, size, sha256, user_id, nombre_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.kind.clave())
    .bind(new.work_order_id)
    .bind(new.file_name)
    .bind(new.size)
    .bind(new.sha256)
    .bind(new.user_id)
    .bind(new.nombre_version)
    .fetch_one(pool)
    .await
}

/// Writes the import's phase and progress (and so its heartbeat) and tells every SSE client.
pub async fn report(pool: &PgPool, id: i64, fase: &str, progress: &Progress) -> sqlx::Result<()> {
    let (done, total) = progress.get();
    sqlx::query(concat!(
        "WITH u AS (
             UPDATE imports SET fase = $2, progress_done = $3, progress_total = $4, actualizado = now(),
                 status = CASE WHEN $2 = 'en_cola' THEN status ELSE 'procesando' END,
                 started_at = CASE WHEN $2 = 'en_cola' THEN started_at ELSE coalesce(started_at, now()) END
             WHERE id = $1 AND status IN ('pendiente', 'procesando') RETURNING *)",
        notify_from_u!("$5")
    ))
    .bind(id)
    .bind(fase)
    .bind(done.min(i32::MAX as u64) as i32)
    .bind(total.min(i32::MAX as u64) as i32)
    .bind(CHANNEL)
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks the import failed with `error`; nothing else of it was written.
pub async fn fail(pool: &PgPool, id: i64, error: &ImportError) -> sqlx::Result<()> {
    sqlx::query(concat!(
        "WITH u AS (
             UPDATE imports SET status = 'fallida', fase = 'fin', error_code = $2, error_message = $3,
                 errors = $4, finished_at = now(), actualizado = now()
             WHERE id = $1 RETURNING *)",
        notify_from_u!("$5")
    ))
    .bind(id)
    .bind(error.code())
    .bind(error.to_string())
    .bind(sqlx::types::Json(error.rows()))
    .bind(CHANNEL)
    .execute(pool)
    .await?;
    Ok(())
}

/// Imports whose process died (no heartbeat for a minute) are marked failed.
pub async fn sweep_interrupted(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query(&format!(
        "UPDATE imports SET {INTERRUPTED}
         WHERE status IN ('pendiente', 'procesando') AND actualizado < now() - interval '1 minute'"
    ))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Marks the imports `ids` interrupted now (their process is stopping before they finished).
pub async fn interrupt(pool: &PgPool, ids: &[i64]) -> sqlx::Result<u64> {
    let done = sqlx::query(&format!(
        "UPDATE imports SET {INTERRUPTED}
         WHERE status IN ('pendiente', 'procesando') AND id = ANY($1)"
    ))
    .bind(ids)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// What an interrupted import is left as.
const INTERRUPTED: &str = "status = 'fallida', fase = 'fin', error_code = 'interrumpida',
    error_message = 'La importación se interrumpió (el servidor se detuvo); súbala de nuevo',
    finished_at = now()";

/// Stores an Anexo's items, arriving in batches while the file is still being read, then
/// finishes the import with what `read` ends with, in one transaction: a read that fails rolls
/// back every item already sent.
pub async fn save_anexo(
    pool: &PgPool,
    id: i64,
    mut batches: tokio::sync::mpsc::Receiver<Vec<AnexoItem>>,
    read: impl Future<Output = Result<Anexo, ImportError>>,
) -> Result<(), ImportError> {
    let mut tx = pool.begin().await?;
    // COPY: several times faster than INSERTs for 100,000 rows (BENCHMARKS.md, imports).
    let mut copy = tx
        .copy_in_raw(
            "COPY anexo_items (import_id, orden, partida, descripcion, unidad, cantidad, precio_unitario_mxn,
                 precio_unitario_usd, importe_mxn, importe_usd, hoja, fila) FROM STDIN",
        )
        .await?;
    // Written here, not by the reader: the COPY text is made on this core while the file is
    // read on the other.
    let mut sent = 0;
    while let Some(items) = batches.recv().await {
        copy.send(copy_lines(id, sent, &items).as_bytes()).await?;
        sent += items.len();
    }
    let anexo = match read.await {
        Ok(anexo) => anexo,
        Err(e) => {
            // The transaction rolls back every item sent; PostgreSQL's answer to the abort
            // is an error by design.
            let _ = copy.abort("importación fallida").await;
            return Err(e);
        }
    };
    copy.finish().await?;
    let counts = Conteos::Anexo(ConteosAnexo {
        partidas: anexo.partidas as u64,
        hojas: anexo.hojas,
        hojas_omitidas: anexo.hojas_omitidas,
        totales_verificados: anexo.totales_verificados,
        importe_mxn: anexo.importe_mxn,
        importe_usd: anexo.importe_usd,
    });
    finish(tx, id, anexo.partidas, counts).await
}

/// Items of import `id` as lines of COPY's text format; `before` items of the file were sent
/// already (an item's `orden` is its position in the file, from 1).
fn copy_lines(id: i64, before: usize, items: &[AnexoItem]) -> String {
    let mut text = String::with_capacity(items.len() * 160);
    for (i, item) in items.iter().enumerate() {
        copy_row(&mut text, id, before + i + 1, item);
    }
    text
}

/// One item as a line of COPY's text format.
fn copy_row(out: &mut String, id: i64, orden: usize, item: &AnexoItem) {
    use std::fmt::Write;
    let _ = write!(out, "{id}\t{orden}\t");
    for text in [&item.partida, &item.descripcion, &item.unidad] {
        copy_text(out, text);
        out.push('\t');
    }
    let _ = write!(out, "{}", item.cantidad);
    for amount in [
        item.precio_unitario_mxn,
        item.precio_unitario_usd,
        item.importe_mxn,
        item.importe_usd,
    ] {
        match amount {
            Some(a) => {
                let _ = write!(out, "\t{a}");
            }
            None => out.push_str("\t\\N"),
        }
    }
    out.push('\t');
    copy_text(out, &item.hoja);
    let _ = writeln!(out, "\t{}", item.fila);
}

/// Text escaped for COPY: backslash, tab, newline and carriage return.
fn copy_text(out: &mut String, text: &str) {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Stores a schedule as a new version of the work order and finishes the import, in one
/// transaction.
pub async fn save_schedule(
    pool: &PgPool,
    id: i64,
    work_order_id: i64,
    nombre_version: &str,
    tasks: &[Task],
    progress: &Progress,
) -> Result<(), ImportError> {
    let mut tx = pool.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO schedule_versions (work_order_id, import_id, nombre_version, task_count)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(work_order_id)
    .bind(id)
    .bind(nombre_version)
    .bind(tasks.len() as i32)
    .fetch_one(&mut *tx)
    .await?;
    for chunk in tasks.chunks(CHUNK) {
        insert_tasks(&mut tx, version, chunk).await?;
        progress.advance(chunk.len() as u64);
    }
    let links: Vec<(i64, &super::mspdi::Link)> = tasks
        .iter()
        .flat_map(|t| t.predecesoras.iter().map(move |l| (t.uid, l)))
        .collect();
    for chunk in links.chunks(CHUNK) {
        sqlx::query(
            "INSERT INTO schedule_predecessors (version_id, task_uid, predecessor_uid, tipo, retraso_horas)
             SELECT $1, * FROM UNNEST($2::int4[], $3::int4[], $4::text[], $5::numeric[])
             ON CONFLICT DO NOTHING",
        )
        .bind(version)
        .bind(chunk.iter().map(|(t, _)| *t as i32).collect::<Vec<_>>())
        .bind(chunk.iter().map(|(_, l)| l.uid as i32).collect::<Vec<_>>())
        .bind(chunk.iter().map(|(_, l)| l.tipo.as_str()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|(_, l)| l.retraso_horas).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    let counts = Conteos::Cronograma(ConteosCronograma {
        tareas: tasks.len() as u64,
        predecesoras: links.len() as u64,
        hitos: tasks.iter().filter(|t| t.hito).count() as u64,
        version_id: version,
    });
    finish(tx, id, tasks.len(), counts).await
}

async fn insert_tasks(
    tx: &mut Transaction<'_, Postgres>,
    version: i64,
    chunk: &[Task],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO schedule_tasks (version_id, uid, id_tarea, wbs, nombre, nivel, padre, inicio, fin,
             duracion_horas, porcentaje_completado, hito, resumen)
         SELECT $1, * FROM UNNEST($2::int4[], $3::int4[], $4::text[], $5::text[], $6::int4[], $7::int4[],
             $8::timestamp[], $9::timestamp[], $10::numeric[], $11::numeric[], $12::bool[], $13::bool[])",
    )
    .bind(version)
    .bind(chunk.iter().map(|t| t.uid as i32).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.id.map(|i| i as i32)).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.wbs.as_str()).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.nombre.as_str()).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.nivel).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.padre.map(|p| p as i32)).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.inicio).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.fin).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.duracion_horas).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.porcentaje_completado).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.hito).collect::<Vec<_>>())
    .bind(chunk.iter().map(|t| t.resumen).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the import finished inside its transaction and commits; the same file finished by a
/// concurrent upload meanwhile is [`ImportError::AlreadyImported`].
async fn finish(
    mut tx: Transaction<'_, Postgres>,
    id: i64,
    rows: usize,
    counts: Conteos,
) -> Result<(), ImportError> {
    let done = sqlx::query(concat!(
        "WITH u AS (
             UPDATE imports SET status = 'terminada', fase = 'fin', counts = $2, progress_done = $3,
                 progress_total = $3, finished_at = now(), actualizado = now()
             WHERE id = $1 RETURNING *)",
        notify_from_u!("$4")
    ))
    .bind(id)
    .bind(Json(counts))
    .bind(rows as i32)
    .bind(CHANNEL)
    .execute(&mut *tx)
    .await;
    match done {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("imports_once") => {
            Err(ImportError::AlreadyImported)
        }
        other => {
            other?;
            tx.commit().await?;
            Ok(())
        }
    }
}

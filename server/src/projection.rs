//! The relational rows of a work order, rewritten from its document after every merge: the
//! `work_orders` row, its steps, photos, employees and history.

use std::collections::BTreeMap;

use ote_shared::model::{EventoHistorial, Foto, OrdenTrabajo, Paso};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

/// Writes the rows of `ot` and returns its numeric id (made on first projection; `known_id`
/// when the caller already read it). With `before` (the state the rows already show), only what
/// changed is written: an edit of one field is one statement, not one per step.
#[tracing::instrument(level = "debug", skip_all, fields(doc_id = %ot.id))]
pub async fn project(
    tx: &mut Transaction<'_, Postgres>,
    before: Option<&OrdenTrabajo>,
    ot: &OrdenTrabajo,
    known_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let empty = OrdenTrabajo::new(ot.id);
    let old = before.unwrap_or(&empty);
    let id = match known_id {
        Some(id) if before.is_some() && same_row(old, ot) => id,
        _ => {
            let principal = match ot.ot_principal {
                Some(doc) => {
                    sqlx::query_scalar("SELECT id FROM work_orders WHERE doc_id = $1")
                        .bind(doc)
                        .fetch_optional(&mut **tx)
                        .await?
                }
                None => None,
            };
            upsert_work_order(tx, ot, principal).await?
        }
    };
    let steps = Delta::of(&old.pasos, &ot.pasos);
    let photos = Delta::of(&old.fotos, &ot.fotos);
    write_steps(tx, id, &steps).await?;
    write_photos(tx, id, &photos).await?;
    if old.empleados != ot.empleados {
        replace_employees(tx, id, ot).await?;
    }
    let history = Delta::of(&old.historial, &ot.historial);
    write_history(tx, id, &history.changed).await?;
    Ok(id)
}

/// Whether two states of a work order have the same `work_orders` row.
fn same_row(a: &OrdenTrabajo, b: &OrdenTrabajo) -> bool {
    let root = |o: &OrdenTrabajo| OrdenTrabajo {
        pasos: Default::default(),
        fotos: Default::default(),
        historial: Default::default(),
        ..o.clone()
    };
    root(a) == root(b) && a.progreso() == b.progreso()
}

/// The entries of a keyed collection that are new or changed, and the ids that are gone.
struct Delta<'a, T> {
    changed: Vec<&'a T>,
    removed: Vec<Uuid>,
}

impl<'a, T: PartialEq> Delta<'a, T> {
    fn of(old: &BTreeMap<Uuid, T>, new: &'a BTreeMap<Uuid, T>) -> Self {
        Delta {
            changed: new
                .iter()
                .filter(|(id, v)| old.get(id) != Some(*v))
                .map(|(_, v)| v)
                .collect(),
            removed: old
                .keys()
                .filter(|id| !new.contains_key(id))
                .copied()
                .collect(),
        }
    }
}

async fn upsert_work_order(
    tx: &mut Transaction<'_, Postgres>,
    ot: &OrdenTrabajo,
    principal: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        r#"INSERT INTO work_orders (
            doc_id, id_tipo, id_pte_header, orden_trabajo, descripcion_trabajo, id_responsable_proyecto,
            responsable_cliente, oficio_ot, id_estatus_ot, fecha_inicio_programado, fecha_inicio_real,
            fecha_termino_programado, fecha_termino_real, estatus, num_reprogramacion, ot_principal,
            ot_principal_doc, monto_mxn, monto_usd, id_frente, id_embarcacion, id_plataforma, id_intercom,
            id_patio, plazo_dias, requiere_patio, fecha_inicio_patio, fecha_fin_patio, id_cliente,
            comentario, prioridad, bitacora_inicio_cliente, bitacora_llegada_base, progreso)
        VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,
                $25,$26,$27,$28,$29,$30,$31,$32,$33,$34)
        ON CONFLICT (doc_id) DO UPDATE SET
            id_tipo = EXCLUDED.id_tipo, id_pte_header = EXCLUDED.id_pte_header,
            orden_trabajo = EXCLUDED.orden_trabajo, descripcion_trabajo = EXCLUDED.descripcion_trabajo,
            id_responsable_proyecto = EXCLUDED.id_responsable_proyecto,
            responsable_cliente = EXCLUDED.responsable_cliente, oficio_ot = EXCLUDED.oficio_ot,
            id_estatus_ot = EXCLUDED.id_estatus_ot, fecha_inicio_programado = EXCLUDED.fecha_inicio_programado,
            fecha_inicio_real = EXCLUDED.fecha_inicio_real, fecha_termino_programado = EXCLUDED.fecha_termino_programado,
            fecha_termino_real = EXCLUDED.fecha_termino_real, estatus = EXCLUDED.estatus,
            num_reprogramacion = EXCLUDED.num_reprogramacion, ot_principal = EXCLUDED.ot_principal,
            ot_principal_doc = EXCLUDED.ot_principal_doc, monto_mxn = EXCLUDED.monto_mxn,
            monto_usd = EXCLUDED.monto_usd, id_frente = EXCLUDED.id_frente,
            id_embarcacion = EXCLUDED.id_embarcacion, id_plataforma = EXCLUDED.id_plataforma,
            id_intercom = EXCLUDED.id_intercom, id_patio = EXCLUDED.id_patio, plazo_dias = EXCLUDED.plazo_dias,
            requiere_patio = EXCLUDED.requiere_patio, fecha_inicio_patio = EXCLUDED.fecha_inicio_patio,
            fecha_fin_patio = EXCLUDED.fecha_fin_patio, id_cliente = EXCLUDED.id_cliente,
            comentario = EXCLUDED.comentario, prioridad = EXCLUDED.prioridad,
            bitacora_inicio_cliente = EXCLUDED.bitacora_inicio_cliente,
            bitacora_llegada_base = EXCLUDED.bitacora_llegada_base, progreso = EXCLUDED.progreso,
            actualizado = now()
        RETURNING id"#,
    )
    .bind(ot.id)
    .bind(ot.id_tipo.code())
    .bind(ot.id_pte_header)
    .bind(&ot.orden_trabajo)
    .bind(&ot.descripcion_trabajo)
    .bind(ot.id_responsable_proyecto)
    .bind(&ot.responsable_cliente)
    .bind(&ot.oficio_ot)
    .bind(ot.id_estatus_ot.code())
    .bind(ot.fecha_inicio_programado)
    .bind(ot.fecha_inicio_real)
    .bind(ot.fecha_termino_programado)
    .bind(ot.fecha_termino_real)
    .bind(ot.estatus.code())
    .bind(ot.num_reprogramacion)
    .bind(principal)
    .bind(ot.ot_principal)
    .bind(ot.monto_mxn)
    .bind(ot.monto_usd)
    .bind(ot.id_frente)
    .bind(ot.id_embarcacion)
    .bind(ot.id_plataforma)
    .bind(ot.id_intercom)
    .bind(ot.id_patio)
    .bind(ot.plazo_dias)
    .bind(ot.requiere_patio)
    .bind(ot.fecha_inicio_patio)
    .bind(ot.fecha_fin_patio)
    .bind(ot.id_cliente)
    .bind(&ot.comentario)
    .bind(ot.prioridad.map(|p| p.code()))
    .bind(ot.bitacora_inicio_cliente.map(|t| t.to_rfc3339()))
    .bind(ot.bitacora_llegada_base.map(|t| t.to_rfc3339()))
    .bind(rust_decimal::Decimal::from_f64_retain(ot.progreso()).unwrap_or_default().round_dp(2))
    .fetch_one(&mut **tx)
    .await
}

async fn write_steps(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    delta: &Delta<'_, Paso>,
) -> Result<(), sqlx::Error> {
    if !delta.removed.is_empty() {
        sqlx::query("DELETE FROM work_order_steps WHERE step_id = ANY($1)")
            .bind(&delta.removed)
            .execute(&mut **tx)
            .await?;
    }
    if delta.changed.is_empty() {
        return Ok(());
    }
    // One statement for all of them: a new work order brings some thirty steps.
    let steps = &delta.changed;
    sqlx::query(
        r#"INSERT INTO work_order_steps
            (step_id, work_order_id, id_paso, estatus_paso, fecha_entrega, fecha_inicio, fecha_termino, comentario, archivo)
           SELECT s, $2, p, e, fe, fi, ft, c, a::jsonb
           FROM UNNEST($1::uuid[], $3::bigint[], $4::smallint[], $5::date[], $6::date[], $7::date[], $8::text[], $9::text[])
                AS t(s, p, e, fe, fi, ft, c, a)
           ON CONFLICT (step_id) DO UPDATE SET id_paso = EXCLUDED.id_paso, estatus_paso = EXCLUDED.estatus_paso,
             fecha_entrega = EXCLUDED.fecha_entrega, fecha_inicio = EXCLUDED.fecha_inicio,
             fecha_termino = EXCLUDED.fecha_termino, comentario = EXCLUDED.comentario, archivo = EXCLUDED.archivo"#,
    )
    .bind(column(steps, |p| p.id))
    .bind(id)
    .bind(column(steps, |p| p.id_paso))
    .bind(column(steps, |p| p.estatus_paso.code()))
    .bind(column(steps, |p| p.fecha_entrega))
    .bind(column(steps, |p| p.fecha_inicio))
    .bind(column(steps, |p| p.fecha_termino))
    .bind(column(steps, |p| p.comentario.clone()))
    .bind(column(steps, |p| {
        p.archivo
            .as_ref()
            .map(|a| serde_json::to_string(a).expect("serialisable"))
    }))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One field of every row, as the array `UNNEST` reads.
fn column<T, U>(rows: &[&T], field: impl Fn(&T) -> U) -> Vec<U> {
    rows.iter().map(|r| field(r)).collect()
}

async fn write_photos(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    delta: &Delta<'_, Foto>,
) -> Result<(), sqlx::Error> {
    if !delta.removed.is_empty() {
        sqlx::query("DELETE FROM work_order_photos WHERE photo_id = ANY($1)")
            .bind(&delta.removed)
            .execute(&mut **tx)
            .await?;
    }
    for foto in &delta.changed {
        sqlx::query(
            r#"INSERT INTO work_order_photos (photo_id, work_order_id, proceso, titulo, sha256, nombre, tamano, tipo_mime, creado)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
               ON CONFLICT (photo_id) DO UPDATE SET proceso = EXCLUDED.proceso, titulo = EXCLUDED.titulo,
                 sha256 = EXCLUDED.sha256, nombre = EXCLUDED.nombre, tamano = EXCLUDED.tamano,
                 tipo_mime = EXCLUDED.tipo_mime, creado = EXCLUDED.creado"#,
        )
        .bind(foto.id)
        .bind(id)
        .bind(foto.proceso.code())
        .bind(&foto.titulo)
        .bind(&foto.archivo.sha256)
        .bind(&foto.archivo.nombre)
        .bind(i64::try_from(foto.archivo.tamano).unwrap_or(i64::MAX))
        .bind(&foto.archivo.tipo_mime)
        .bind(foto.creado)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn replace_employees(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    ot: &OrdenTrabajo,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = ot.empleados.iter().copied().collect();
    sqlx::query(
        "DELETE FROM work_order_empleados WHERE work_order_id = $1 AND NOT (empleado_id = ANY($2))",
    )
    .bind(id)
    .bind(&ids)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO work_order_empleados (work_order_id, empleado_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(&ids)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_history(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    events: &[&EventoHistorial],
) -> Result<(), sqlx::Error> {
    for e in events {
        sqlx::query(
            r#"INSERT INTO work_order_history (event_id, work_order_id, fecha, usuario, estatus_anterior, estatus_nuevo, comentario)
               VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (event_id) DO NOTHING"#,
        )
        .bind(e.id)
        .bind(id)
        .bind(e.fecha)
        .bind(&e.usuario)
        .bind(e.estatus_anterior.code())
        .bind(e.estatus_nuevo.code())
        .bind(&e.comentario)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

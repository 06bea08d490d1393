//! What the rules need to know from other work orders, looked up in the projection.

use ote_shared::codes::{EstadoRegistro, EstatusOt, TipoOt};
use ote_shared::model::OrdenTrabajo;
use ote_shared::rules::{Contexto, Principal, Pte, siguiente_num_reprogramacion};
use sqlx::{PgConnection, Postgres, Transaction};

/// The principal of a reprogramming and the number its chain expects next, with the chain
/// locked until `tx` ends: two devices reprogramming one principal at once get consecutive
/// numbers instead of the same one.
pub async fn for_work_order(
    tx: &mut Transaction<'_, Postgres>,
    ot: &OrdenTrabajo,
) -> Result<Contexto, sqlx::Error> {
    let Some(principal) = ot.ot_principal else {
        return Ok(Contexto::default());
    };
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))")
        .bind(principal)
        .execute(&mut **tx)
        .await?;
    look_up(tx, ot).await
}

/// The principal of a reprogramming and the number its chain expects next, read without
/// locking the chain.
pub async fn look_up(conn: &mut PgConnection, ot: &OrdenTrabajo) -> Result<Contexto, sqlx::Error> {
    let Some(principal) = ot.ot_principal else {
        return Ok(Contexto::default());
    };
    let row: Option<(i16, i16, i16)> =
        sqlx::query_as("SELECT id_tipo, estatus, id_estatus_ot FROM work_orders WHERE doc_id = $1")
            .bind(principal)
            .fetch_optional(&mut *conn)
            .await?;
    let principal_info = row.and_then(|(tipo, estatus, estatus_ot)| {
        Some(Principal {
            id_tipo: TipoOt::from_code(tipo.into())?,
            estatus: EstadoRegistro::from_code(estatus.into())?,
            id_estatus_ot: EstatusOt::from_code(estatus_ot.into())?,
        })
    });
    let others: Vec<Option<i32>> = sqlx::query_scalar(
        "SELECT num_reprogramacion FROM work_orders WHERE ot_principal_doc = $1 AND doc_id <> $2 AND estatus <> 0",
    )
    .bind(principal)
    .bind(ot.id)
    .fetch_all(&mut *conn)
    .await?;
    let siguiente = siguiente_num_reprogramacion(others);
    // A reprogramming keeps the number it was given once it was valid.
    let siguiente = match ot.num_reprogramacion {
        Some(n) if n >= 1 && n < siguiente => {
            let taken: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM work_orders WHERE ot_principal_doc = $1 AND doc_id <> $2 AND num_reprogramacion = $3 AND estatus <> 0)",
            )
            .bind(principal)
            .bind(ot.id)
            .bind(n)
            .fetch_one(&mut *conn)
            .await?;
            if taken { siguiente } else { n }
        }
        _ => siguiente,
    };
    Ok(Contexto {
        principal: principal_info,
        siguiente_reprogramacion: Some(siguiente),
        pte: None,
    })
}

/// What the PTE catalog says of the PTE `id`.
pub async fn pte(conn: &mut PgConnection, id: i64) -> Result<Pte, sqlx::Error> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT id_cliente FROM pte_headers WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(match row {
        Some((id_cliente,)) => Pte::Conocida { id, id_cliente },
        None => Pte::Desconocida(id),
    })
}

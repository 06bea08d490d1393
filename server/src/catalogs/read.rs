//! Reading the server-owned catalogs: every catalog a form needs, and the active work sites.
//! A catalog entry is never deleted while a work order names it, so every entry is listed, and
//! the inactive ones are named in [`Catalogos::inactivos`]: a form no longer offers them.

use ote_shared::api::{
    Catalogos, Cliente, Inactiva, PteHeader, Responsable, Sitio, Sitios, TipoCatalogo,
};
use ote_shared::model::{Empleado, Item, TipoSitio};
use sqlx::PgPool;

use crate::store::template_steps;

/// The active work sites of front `frente` (every front's when `None`), by kind, by name.
pub async fn sites(pool: &PgPool, frente: Option<i64>) -> Result<Sitios, sqlx::Error> {
    sites_of(pool, frente, true).await
}

/// The work sites of front `frente` (every front's when `None`), only the active ones or all.
async fn sites_of(
    pool: &PgPool,
    frente: Option<i64>,
    only_active: bool,
) -> Result<Sitios, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind!", id AS "id!", descripcion AS "descripcion!", id_frente,
                  municipio AS "municipio!", direccion AS "direccion!"
           FROM (SELECT 'embarcacion' AS kind, id, descripcion, id_frente, activo, municipio,
                        direccion FROM embarcaciones
                 UNION ALL SELECT 'plataforma', id, descripcion, id_frente, activo, municipio,
                        direccion FROM plataformas
                 UNION ALL SELECT 'intercom', id, descripcion, id_frente, activo, municipio,
                        direccion FROM intercoms
                 UNION ALL SELECT 'patio', id, descripcion, id_frente, activo, municipio,
                        direccion FROM patios) s
           WHERE (activo OR NOT $2) AND ($1::int8 IS NULL OR id_frente = $1)
           ORDER BY descripcion, id"#,
        frente,
        only_active
    )
    .fetch_all(pool)
    .await?;
    let mut sitios = Sitios::default();
    for row in rows {
        // The kinds are the literals above, each one of TipoSitio's keys.
        let Some(tipo) = TipoSitio::de_clave(&row.kind) else {
            continue;
        };
        sitios.of_mut(tipo).push(Sitio {
            id: row.id,
            descripcion: row.descripcion,
            id_frente: row.id_frente,
            municipio: row.municipio,
            direccion: row.direccion,
        });
    }
    Ok(sitios)
}

/// The entries of every catalog that forms no longer offer.
async fn inactive(pool: &PgPool) -> Result<Vec<Inactiva>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT catalogo AS "catalogo!", id AS "id!" FROM (
               SELECT 'clientes' AS catalogo, id, activo FROM clientes
               UNION ALL SELECT 'frentes', id, activo FROM frentes
               UNION ALL SELECT 'embarcaciones', id, activo FROM embarcaciones
               UNION ALL SELECT 'plataformas', id, activo FROM plataformas
               UNION ALL SELECT 'intercoms', id, activo FROM intercoms
               UNION ALL SELECT 'patios', id, activo FROM patios
               UNION ALL SELECT 'responsables_proyecto', id, activo FROM responsables_proyecto
               UNION ALL SELECT 'pte_headers', id, activo FROM pte_headers
               UNION ALL SELECT 'empleados', id, activo FROM empleados
               UNION ALL SELECT 'pasos_plantilla', id, activo FROM pasos_ot) c
           WHERE NOT activo ORDER BY catalogo, id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        // The keys are the literals above, each one of TipoCatalogo's.
        .filter_map(|r| {
            Some(Inactiva {
                catalogo: TipoCatalogo::de_clave(&r.catalogo)?,
                id: r.id,
            })
        })
        .collect())
}

/// Every catalog a form needs, each by id, with every front's sites (inactive ones too, so
/// what names them reads their names) and the entries no longer offered.
pub async fn all(pool: &PgPool) -> Result<Catalogos, sqlx::Error> {
    let (tipos, estatus_ot, estatus_paso, frentes) = tokio::try_join!(
        sqlx::query_as!(
            Item,
            r#"SELECT id::int8 AS "id!", descripcion FROM tipos ORDER BY id"#
        )
        .fetch_all(pool),
        sqlx::query_as!(
            Item,
            r#"SELECT id::int8 AS "id!", descripcion FROM estatus_ot ORDER BY id"#
        )
        .fetch_all(pool),
        sqlx::query_as!(
            Item,
            r#"SELECT id::int8 AS "id!", descripcion FROM estatus_paso ORDER BY id"#
        )
        .fetch_all(pool),
        sqlx::query_as!(Item, "SELECT id, descripcion FROM frentes ORDER BY id").fetch_all(pool),
    )?;
    let (clientes, responsables_proyecto, pte_headers, pasos_plantilla, empleados, sitios) = tokio::try_join!(
        sqlx::query_as!(
            Cliente,
            "SELECT id, nombre, razon_social, rfc, regimen_fiscal, direccion, colonia, telefono,
                    email, representante_legal
             FROM clientes ORDER BY id"
        )
        .fetch_all(pool),
        sqlx::query_as!(
            Responsable,
            "SELECT id, nombre, email FROM responsables_proyecto ORDER BY id"
        )
        .fetch_all(pool),
        sqlx::query_as!(
            PteHeader,
            "SELECT id, oficio_pte, descripcion, id_cliente FROM pte_headers ORDER BY id"
        )
        .fetch_all(pool),
        template_steps::all(pool),
        sqlx::query_as!(
            Empleado,
            "SELECT id, rfc, nombre, apellido_paterno, apellido_materno FROM empleados ORDER BY id"
        )
        .fetch_all(pool),
        sites_of(pool, None, false),
    )?;
    let inactivos = inactive(pool).await?;
    Ok(Catalogos {
        tipos,
        estatus_ot,
        estatus_paso,
        clientes,
        frentes,
        responsables_proyecto,
        pte_headers,
        pasos_plantilla,
        empleados,
        sitios,
        inactivos,
    })
}

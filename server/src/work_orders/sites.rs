//! The sites work orders name, with their names from the four site catalogs (what seed 000's
//! `con_sitios` loads). A page's sites are looked up in one query after the page is read: joined
//! into the page's own statement, their cost turned its generic plan into a parallel sort and
//! cut the everyday list to a third (BENCHMARKS.md, session 21). One work order reads its sites'
//! names in its own statement ([`NAMES_OF_W`]): a second round trip cost a third of its speed.

use std::collections::HashMap;

use ote_shared::api::SitioOt;
use ote_shared::model::TipoSitio;
use sqlx::PgPool;

/// The site ids of one work order, in [`TipoSitio::ALL`]'s order: vessel, platform, intercom,
/// yard.
pub type SiteIds = [Option<i64>; 4];

/// The names of the sites some work orders name.
#[derive(Debug, Default)]
pub struct SiteNames(HashMap<(TipoSitio, i64), String>);

impl SiteNames {
    /// The names of the sites `ids` as [`NAMES_OF_W`] read them.
    pub fn read_with(ids: SiteIds, row: NamesRow) -> SiteNames {
        let names = [
            row.nombre_embarcacion,
            row.nombre_plataforma,
            row.nombre_intercom,
            row.nombre_patio,
        ];
        SiteNames(
            TipoSitio::ALL
                .into_iter()
                .zip(ids)
                .zip(names)
                .filter_map(|((tipo, id), name)| Some(((tipo, id?), name?)))
                .collect(),
        )
    }

    /// The sites of one work order, by name, in [`SiteIds`]' order; an id its catalog does not
    /// have is left out.
    pub fn of(&self, ids: SiteIds) -> Vec<SitioOt> {
        TipoSitio::ALL
            .into_iter()
            .zip(ids)
            .filter_map(|(tipo, id)| {
                let id = id?;
                let descripcion = self.0.get(&(tipo, id))?.clone();
                Some(SitioOt {
                    tipo,
                    id,
                    descripcion,
                })
            })
            .collect()
    }
}

/// The names of the sites of the work order `w`, as columns of its statement, in
/// [`SiteIds`]' order: four primary-key lookups.
pub const NAMES_OF_W: &str = "
    (SELECT descripcion FROM embarcaciones WHERE id = w.id_embarcacion) AS nombre_embarcacion,
    (SELECT descripcion FROM plataformas WHERE id = w.id_plataforma) AS nombre_plataforma,
    (SELECT descripcion FROM intercoms WHERE id = w.id_intercom) AS nombre_intercom,
    (SELECT descripcion FROM patios WHERE id = w.id_patio) AS nombre_patio";

/// The columns [`NAMES_OF_W`] reads.
#[derive(Debug, sqlx::FromRow)]
pub struct NamesRow {
    nombre_embarcacion: Option<String>,
    nombre_plataforma: Option<String>,
    nombre_intercom: Option<String>,
    nombre_patio: Option<String>,
}

/// The names of every site `work_orders` name: one query over the four catalogs, none when they
/// name no site.
pub async fn names(pool: &PgPool, work_orders: &[SiteIds]) -> Result<SiteNames, sqlx::Error> {
    let ids = |kind: usize| -> Vec<i64> {
        let mut ids: Vec<i64> = work_orders.iter().filter_map(|w| w[kind]).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (e, p, i, y) = (ids(0), ids(1), ids(2), ids(3));
    if e.is_empty() && p.is_empty() && i.is_empty() && y.is_empty() {
        return Ok(SiteNames::default());
    }
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind!", id AS "id!", descripcion AS "descripcion!"
           FROM (SELECT 'embarcacion' AS kind, id, descripcion FROM embarcaciones WHERE id = ANY($1)
                 UNION ALL SELECT 'plataforma', id, descripcion FROM plataformas WHERE id = ANY($2)
                 UNION ALL SELECT 'intercom', id, descripcion FROM intercoms WHERE id = ANY($3)
                 UNION ALL SELECT 'patio', id, descripcion FROM patios WHERE id = ANY($4)) s"#,
        &e,
        &p,
        &i,
        &y
    )
    .fetch_all(pool)
    .await?;
    Ok(SiteNames(
        rows.into_iter()
            // The kinds are the literals above, each one of TipoSitio's keys.
            .filter_map(|r| Some(((TipoSitio::de_clave(&r.kind)?, r.id), r.descripcion)))
            .collect(),
    ))
}

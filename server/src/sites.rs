//! The sites work orders name, with their names from the four site catalogs (what seed 000's
//! `con_sitios` loads). A list names its rows' sites from [`SiteCache`], outside the page's
//! statement and without a query of its own; one work order reads its sites' names in its own
//! statement ([`NAMES_OF_W`]). Both choices were measured: BENCHMARKS.md, session 21.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ote_shared::api::SitioOt;
use ote_shared::model::TipoSitio;
use sqlx::PgConnection;

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

/// How long the site names a list shows are trusted: a site renamed or added shows in the lists
/// within it.
pub const SITE_NAMES_TTL: Duration = Duration::from_secs(10);

/// The names of every site, read at most once per [`SITE_NAMES_TTL`] for the lists.
#[derive(Default)]
pub struct SiteCache {
    read: Mutex<Option<(Arc<SiteNames>, Instant)>>,
}

impl SiteCache {
    /// Every site's name, as read less than [`SITE_NAMES_TTL`] ago or now.
    pub async fn names(&self, conn: &mut PgConnection) -> Result<Arc<SiteNames>, sqlx::Error> {
        if let Some(names) = self.fresh() {
            return Ok(names);
        }
        // Two requests that find it stale at once both read; either result is as good.
        let names = Arc::new(all(conn).await?);
        *self.read.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Arc::clone(&names), Instant::now()));
        Ok(names)
    }

    /// Forgets the names read: a site renamed here shows at once in this process's lists
    /// (in the others' within [`SITE_NAMES_TTL`]).
    pub fn forget(&self) {
        *self.read.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn fresh(&self) -> Option<Arc<SiteNames>> {
        let read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        match &*read {
            Some((names, at)) if at.elapsed() < SITE_NAMES_TTL => Some(Arc::clone(names)),
            _ => None,
        }
    }
}

/// The names of every site of the four catalogs (tens, hundreds at most).
async fn all(conn: &mut PgConnection) -> Result<SiteNames, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind!", id AS "id!", descripcion AS "descripcion!"
           FROM (SELECT 'embarcacion' AS kind, id, descripcion FROM embarcaciones
                 UNION ALL SELECT 'plataforma', id, descripcion FROM plataformas
                 UNION ALL SELECT 'intercom', id, descripcion FROM intercoms
                 UNION ALL SELECT 'patio', id, descripcion FROM patios) s"#
    )
    .fetch_all(conn)
    .await?;
    Ok(SiteNames(
        rows.into_iter()
            // The kinds are the literals above, each one of TipoSitio's keys.
            .filter_map(|r| Some(((TipoSitio::de_clave(&r.kind)?, r.id), r.descripcion)))
            .collect(),
    ))
}

//! The site of a vessel's hub (migration 0040): its shore account sees the work orders of that
//! vessel or platform besides what its crew sees ([`super::Viewer::Hub`]). An administrator
//! sets it on shore; the hub then pulls from the start once, so the site's work orders logged
//! before its cursor come down too.

use ote_shared::model::TipoSitio;
use sqlx::PgPool;

use super::crew::hub_account;
use super::users::UserError;

/// Why a hub's site was not set.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// No hub account of that name.
    #[error(transparent)]
    Hub(#[from] UserError),
    /// A hub serves a vessel or a platform, not an intercom or a yard.
    #[error("un hub está en una embarcación o una plataforma")]
    Kind,
    /// No such vessel or platform.
    #[error("no existe ese sitio")]
    NoSite,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Sets the site of the hub whose shore account is `hub`: from its next sync it receives that
/// site's work orders, those logged before its cursor too ([`pulls_from_start`]).
pub async fn set(pool: &PgPool, hub: &str, (tipo, id): (TipoSitio, i64)) -> Result<(), SiteError> {
    let (embarcacion, plataforma) = match tipo {
        TipoSitio::Embarcacion => (Some(id), None),
        TipoSitio::Plataforma => (None, Some(id)),
        TipoSitio::Intercom | TipoSitio::Patio => return Err(SiteError::Kind),
    };
    let hub_id = hub_account(pool, hub).await?;
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM embarcaciones WHERE id = $1)
               OR EXISTS (SELECT 1 FROM plataformas WHERE id = $2) AS "exists!""#,
        embarcacion,
        plataforma
    )
    .fetch_one(pool)
    .await?;
    if !exists {
        return Err(SiteError::NoSite);
    }
    sqlx::query!(
        "INSERT INTO hub_sites (hub_id, id_embarcacion, id_plataforma) VALUES ($1, $2, $3)
         ON CONFLICT (hub_id) DO UPDATE SET id_embarcacion = EXCLUDED.id_embarcacion,
             id_plataforma = EXCLUDED.id_plataforma,
             repull = hub_sites.repull
                 OR hub_sites.id_embarcacion IS DISTINCT FROM EXCLUDED.id_embarcacion
                 OR hub_sites.id_plataforma IS DISTINCT FROM EXCLUDED.id_plataforma,
             repull_cursor = NULL",
        hub_id,
        embarcacion,
        plataforma
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether the batch of the hub account `hub_id` that brings `cursor` pulls from the start:
/// its site was set or changed, and it has not yet come back with the cursor such a pull
/// answered (an answer lost on the link is pulled again).
pub async fn pulls_from_start(
    pool: &PgPool,
    hub_id: i64,
    cursor: i64,
) -> Result<bool, sqlx::Error> {
    let pending = sqlx::query!(
        "SELECT repull_cursor FROM hub_sites WHERE hub_id = $1 AND repull",
        hub_id
    )
    .fetch_optional(pool)
    .await?;
    let Some(pending) = pending else {
        return Ok(false);
    };
    if pending.repull_cursor != Some(cursor) {
        return Ok(true);
    }
    sqlx::query!(
        "UPDATE hub_sites SET repull = FALSE WHERE hub_id = $1",
        hub_id
    )
    .execute(pool)
    .await?;
    Ok(false)
}

/// The cursor a pull from the start answered the hub account `hub_id`.
pub async fn pulled_from_start(pool: &PgPool, hub_id: i64, cursor: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE hub_sites SET repull_cursor = $2 WHERE hub_id = $1 AND repull",
        hub_id,
        cursor
    )
    .execute(pool)
    .await?;
    Ok(())
}

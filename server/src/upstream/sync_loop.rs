//! The hub's loop: a sync with shore on a steady period (documents, then the crew's
//! accounts), backing off while shore is out of reach, one process of the hub at a time.

use std::time::Duration;

use ote_shared::sync::device::{self, SyncReport};
use ote_shared::sync::schedule::Backoff;

use super::status;
use super::store::HubStore;
use super::transport::HttpUpstream;
use crate::config::Upstream;
use crate::state::AppState;

/// The advisory lock a hub's process holds while it syncs with shore: two processes syncing at
/// once would each move the one cursor.
const SYNC_LOCK: i64 = 0x6f74_655f_7570; // "ote_up"

/// Starts the loop for `upstream`, until the process is told to stop.
pub fn start(state: AppState, upstream: Upstream) -> anyhow::Result<()> {
    let transport = HttpUpstream::new(&upstream)?;
    tokio::spawn(async move { sync_loop(state, transport, upstream.period).await });
    Ok(())
}

async fn sync_loop(state: AppState, transport: HttpUpstream, period: Duration) {
    let store = HubStore::new(state.clone());
    let mut backoff = Backoff::default();
    let mut stopping = state.stopping.clone();
    let period_ms = period.as_millis() as u64;
    loop {
        match round(&state, &store, &transport).await {
            Ok(()) => backoff.success(),
            Err(error) => {
                tracing::warn!(%error, "sincronización con tierra");
                backoff.failure();
                if let Err(e) = status::failed(&state.pool, &error).await {
                    tracing::warn!(error = %e, "no se pudo registrar el estado del enlace");
                }
            }
        }
        let wait = backoff.delay_ms(period_ms, period_ms.min(5_000), rand::random());
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
            _ = stopping.changed() => return,
        }
    }
}

/// One sync with shore, if no other process of the hub is syncing; the error in words.
async fn round(state: &AppState, store: &HubStore, transport: &HttpUpstream) -> Result<(), String> {
    let mut conn = state.pool.acquire().await.map_err(|e| e.to_string())?;
    let locked: bool = sqlx::query_scalar!("SELECT pg_try_advisory_lock($1)", SYNC_LOCK)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or(false);
    if !locked {
        return Ok(());
    }
    let synced = sync_all(store, transport).await;
    // Released before the connection goes back to the pool (a closed connection releases it).
    let _ = sqlx::query!("SELECT pg_advisory_unlock($1)", SYNC_LOCK)
        .fetch_one(&mut *conn)
        .await;
    let report = synced?;
    let crew = transport.crew().await.map_err(|e| e.to_string())?;
    crate::auth::crew::apply(&state.pool, &crew)
        .await
        .map_err(|e| e.to_string())?;
    status::reached(&state.pool, report.sent, report.received)
        .await
        .map_err(|e| e.to_string())
}

/// Syncs until nothing is left to send: each sync sends a bounded share of the files waiting
/// ([`HubStore`]'s), so a week of photos goes up over several.
async fn sync_all(store: &HubStore, transport: &HttpUpstream) -> Result<SyncReport, String> {
    let mut total = SyncReport::default();
    loop {
        let report = device::sync(store, transport)
            .await
            .map_err(|e| e.to_string())?;
        total.sent += report.sent;
        total.received += report.received;
        total.uploaded += report.uploaded;
        if report.uploaded == 0 {
            return Ok(total);
        }
    }
}

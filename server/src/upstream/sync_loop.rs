//! The hub's loop: a sync with shore on a steady period, and soon after the hub's documents
//! change while the link is up (documents, then files, then the catalogs and the crew's
//! accounts); backing off while shore is out of reach; one process of the hub at a time.

use std::time::Duration;

use ote_shared::sync::device::{self, SyncError, SyncReport};
use ote_shared::sync::schedule::{Backoff, DEBOUNCE_MS};
use tokio::sync::broadcast;

use super::status;
use super::store::HubStore;
use super::transport::{HttpUpstream, LinkError};
use crate::config::Upstream;
use crate::events::Notice;
use crate::state::AppState;

/// The advisory lock a hub's process holds while it syncs with shore: two processes syncing at
/// once would each move the one cursor.
const SYNC_LOCK: i64 = 0x6f74_655f_7570; // "ote_up"

/// Why a sync with shore stopped; nothing is lost either way, the next one goes on.
#[derive(Debug, thiserror::Error)]
enum RoundError {
    /// The hub's database failed.
    #[error("base de datos del hub: {0}")]
    Database(#[from] sqlx::Error),
    /// The documents' or files' sync stopped.
    #[error(transparent)]
    Sync(#[from] SyncError<crate::Error, LinkError>),
    /// Shore could not be reached for the crew.
    #[error(transparent)]
    Link(#[from] LinkError),
}

/// Starts the loop for `upstream`, until the process is told to stop.
pub fn start(state: AppState, upstream: Upstream) -> anyhow::Result<()> {
    let transport = HttpUpstream::new(&upstream, state.pool.clone())?;
    tokio::spawn(async move { sync_loop(state, transport, upstream.period).await });
    Ok(())
}

async fn sync_loop(state: AppState, transport: HttpUpstream, period: Duration) {
    let store = HubStore::new(state.clone());
    // The ETag of shore's catalogs last written: a restart fetches them once more.
    let mut catalogs = None;
    let mut backoff = Backoff::default();
    let mut stopping = state.stopping.clone();
    let mut changes = state.events.subscribe();
    let period_ms = period.as_millis() as u64;
    loop {
        let started_at = try_round(&state, &store, &transport, &mut catalogs, &mut backoff).await;
        // What this round wrote itself (what came down) is no reason for another; but a tablet's
        // edit stored while it ran is, and its event is among those let go here: what was
        // written on board meanwhile goes up at once.
        while let Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) = changes.try_recv() {}
        let link_up = backoff.failures() == 0;
        let written = match started_at {
            Some(seq) => status::written_on_board_since(&state.pool, seq)
                .await
                .unwrap_or(false),
            None => false,
        };
        let wait = match written {
            true => DEBOUNCE_MS,
            false => backoff.delay_ms(period_ms, period_ms.min(5_000), rand::random()),
        };
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
            _ = changed(&mut changes), if link_up => {
                // A burst of tablets' syncs goes up as one.
                tokio::time::sleep(Duration::from_millis(DEBOUNCE_MS)).await;
            }
            _ = stopping.changed() => return,
        }
    }
}

/// A [`round`], its failure logged, recorded and counted in `backoff`: the change log's last seq
/// when it began, if it reached shore.
async fn try_round(
    state: &AppState,
    store: &HubStore,
    transport: &HttpUpstream,
    catalogs: &mut Option<String>,
    backoff: &mut Backoff,
) -> Option<i64> {
    // What a round that starts now will send is at or below the change log's last seq.
    let done = match status::last_seq(&state.pool).await {
        Ok(seq) => (round(state, store, transport, catalogs, seq).await).map(|()| seq),
        Err(e) => Err(e.into()),
    };
    match done {
        Ok(seq) => {
            backoff.success();
            Some(seq)
        }
        Err(error) => {
            tracing::warn!(%error, "sincronización con tierra");
            backoff.failure();
            if let Err(e) = status::failed(&state.pool, &error.to_string()).await {
                tracing::warn!(error = %e, "no se pudo registrar el estado del enlace");
            }
            None
        }
    }
}

/// Waits for a change to the hub's documents (never, once the events have stopped).
async fn changed(changes: &mut broadcast::Receiver<Notice>) {
    loop {
        match changes.recv().await {
            Ok(Notice::Change(_)) | Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(Notice::Import(_)) => {}
            Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
        }
    }
}

/// One sync with shore, if no other process of the hub is syncing: documents and files, then
/// shore's catalogs if they changed since `catalogs` (before the crew: an account names its
/// employee record), then the crew. `seq` is the change log's last when it began.
async fn round(
    state: &AppState,
    store: &HubStore,
    transport: &HttpUpstream,
    catalogs: &mut Option<String>,
    seq: i64,
) -> Result<(), RoundError> {
    let mut conn = state.pool.acquire().await?;
    let locked: bool = sqlx::query_scalar!("SELECT pg_try_advisory_lock($1)", SYNC_LOCK)
        .fetch_one(&mut *conn)
        .await?
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
    if let Some((tag, catalogos)) = transport.catalogs(catalogs.as_deref()).await? {
        crate::catalogs::mirror::apply(&state.pool, &catalogos).await?;
        state.sites.forget();
        *catalogs = Some(tag);
    }
    let crew = transport.crew().await?;
    crate::auth::crew::apply(&state.pool, &crew).await?;
    status::reached(&state.pool, seq, report.sent, report.received).await?;
    Ok(())
}

/// Syncs until nothing is left to send: each sync sends a bounded share of the files waiting
/// ([`HubStore`]'s), so a week of photos goes up over several.
async fn sync_all(
    store: &HubStore,
    transport: &HttpUpstream,
) -> Result<SyncReport, SyncError<crate::Error, LinkError>> {
    let mut total = SyncReport::default();
    loop {
        let report = device::sync(store, transport).await?;
        total.sent += report.sent;
        total.received += report.received;
        total.uploaded += report.uploaded;
        if report.uploaded == 0 {
            return Ok(total);
        }
    }
}

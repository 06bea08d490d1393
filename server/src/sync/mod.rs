//! The server side of the sync protocol (`POST /api/sync`): merge each pushed document in its
//! own transaction, then pull what the device lacks.
//!
//! - [`merge`]: one document: lock, apply, check the rules, compensate, project, log, notify.
//! - [`compensate`]: the change that undoes what broke a rule.
//! - [`pull`]: the other documents changed since the device's cursor.
//! - [`authors`]: who made each change of a vessel hub's batch, to merge it as theirs.
//! - [`changes`]: a push's bytes as change chunks, checked without applying them.
//! - [`lost_store`]: a tablet's store the browser lost, told to its user.
//! - [`forwarded`]: shore's notices a vessel hub hands to the tablets they concern.
//! - [`epoch`]: the restores from a backup a device's cursor has lived through.
//! - [`roaming`]: cursors another installation (a vessel's hub, or shore) gave.
//!
//! Every write is saved by [`crate::store`], the one path the REST routes use too.

pub mod authors;
pub mod changes;
mod compensate;
pub mod epoch;
pub mod forwarded;
pub mod lost_store;
pub mod merge;
mod pull;
pub mod roaming;

use std::collections::HashSet;
use std::time::Instant;

use ote_shared::sync::wire::{MAX_DEVICE_ID_BYTES, MAX_DOCS_PER_REQUEST, valid_device_id};
use ote_shared::sync::{SyncRequest, SyncResponse};

use crate::Error;
use crate::auth::CurrentUser;
use crate::state::AppState;
use authors::Authors;

/// Handles one batch from a device.
pub async fn handle(
    state: &AppState,
    user: &CurrentUser,
    request: SyncRequest,
) -> Result<SyncResponse, Error> {
    handle_as(state, user, request, &Authors::none(), false).await
}

/// Handles one batch from `user`, each change merged as its author's in `authors` (a vessel
/// hub's crew) or else as `user`'s; pulling everything the user sees when `from_start` (a
/// hub whose site changed), else what changed since the batch's cursor.
#[tracing::instrument(level = "debug", skip_all, fields(device = %request.device_id, docs = request.docs.len()))]
pub async fn handle_as(
    state: &AppState,
    user: &CurrentUser,
    request: SyncRequest,
    authors: &Authors,
    from_start: bool,
) -> Result<SyncResponse, Error> {
    let chunks = check(&request)?;
    // Every statement of the batch runs on this one connection: sqlx pings a connection each
    // time it goes back to the pool, a round trip that cost the server as much CPU as sending
    // the statements themselves when each merge took its own.
    let mut conn = state.sync.acquire().await?;
    let mut docs = Vec::with_capacity(request.docs.len());
    let mut notices = Vec::new();
    let mut own_rows = HashSet::new();
    for (push, chunks) in request.docs.iter().zip(chunks) {
        let mut pull = None;
        for (author, run) in authors.runs(chunks) {
            let (who, device) = author.map_or((user, &request.device_id), |a| (&a.user, &a.device));
            let started = Instant::now();
            let outcome = merge::merge(state, &mut conn, who, device, push, &run).await?;
            state.metrics.merged(started.elapsed());
            notices.extend(outcome.notices);
            own_rows.extend(outcome.own_row);
            pull = Some(outcome.pull);
        }
        // The last run's answer: the document's heads once all of the push is merged.
        docs.extend(pull);
    }
    let epoch = epoch::of(state).await?;
    let sent = epoch::Cursor::from_wire(request.cursor);
    notices.extend(sent.restored_notice(epoch));
    let viewer = crate::auth::Viewer::of(user);
    let started = Instant::now();
    let after = if from_start {
        0
    } else {
        sent.pull_after(epoch)
    };
    let mut page = pull::since(&mut conn, after, &own_rows, viewer).await?;
    let mut cursor = epoch::Cursor {
        epoch,
        txid: page.cursor,
    };
    let device = &request.device_id;
    let known = roaming::remember(&mut conn, device, request.cursor, cursor.to_wire()).await?;
    if !known && after != 0 {
        page = pull::since(&mut conn, 0, &own_rows, viewer).await?;
        cursor.txid = page.cursor;
        roaming::remember(&mut conn, device, request.cursor, cursor.to_wire()).await?;
        notices.push(roaming::notice());
    }
    if state.config.upstream.is_some() {
        notices.extend(forwarded::take(&mut conn, device).await?);
    }
    let whole = pull::whole(&mut conn, &request.want_full, viewer).await?;
    state
        .metrics
        .pulled(page.docs.len() + whole.len(), started.elapsed());
    docs.extend(page.docs);
    docs.extend(whole);
    Ok(SyncResponse {
        cursor: cursor.to_wire(),
        docs,
        notices,
        more: page.more,
    })
}

/// Refuses a malformed batch before anything is written: too many documents, a document twice,
/// or changes that are not Automerge changes. Answers each document's change chunks.
fn check(request: &SyncRequest) -> Result<Vec<Vec<changes::Chunk<'_>>>, Error> {
    if request.docs.len() > MAX_DOCS_PER_REQUEST {
        return Err(Error::bad_request(
            "lote_demasiado_grande",
            format!("Un lote admite a lo más {MAX_DOCS_PER_REQUEST} documentos"),
        ));
    }
    if request.want_full.len() > MAX_DOCS_PER_REQUEST {
        return Err(Error::bad_request(
            "lote_demasiado_grande",
            "Demasiados documentos pedidos completos",
        ));
    }
    if request.cursor < 0 || !valid_device_id(&request.device_id) {
        return Err(Error::bad_request(
            "lote_invalido",
            format!(
                "El cursor no es válido, o el dispositivo falta o no es un identificador de a lo más {MAX_DEVICE_ID_BYTES} letras, dígitos, '-', '_', '.' o ':'"
            ),
        ));
    }
    let mut seen = HashSet::new();
    let mut chunks = Vec::with_capacity(request.docs.len());
    let mut inflated = changes::MAX_INFLATED_BYTES;
    for push in &request.docs {
        if !seen.insert(push.doc_id) {
            return Err(Error::bad_request(
                "documento_repetido",
                format!("El documento {} viene dos veces", push.doc_id),
            ));
        }
        chunks.push(
            changes::split(&push.changes, &mut inflated).map_err(|e| match e {
                changes::SplitError::Invalid => Error::bad_request(
                    "cambios_invalidos",
                    format!("Los cambios del documento {} no son válidos", push.doc_id),
                ),
                changes::SplitError::TooLarge => Error::bad_request(
                    "lote_demasiado_grande",
                    format!(
                        "Los cambios del documento {} exceden lo que admite un lote",
                        push.doc_id
                    ),
                ),
            })?,
        );
    }
    Ok(chunks)
}

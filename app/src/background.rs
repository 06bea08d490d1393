//! The background sync loop: the app never needs a button to sync. It syncs on start, when the
//! browser comes back online or the tab becomes visible, shortly after local edits (debounced),
//! when the server announces a change (server-sent events), and on a timer that backs off with
//! jitter after failures ([`Backoff`]). An expired session pauses it; nothing local is touched,
//! and signing in again resumes it. Beside it, edits the browser refused to store for want of
//! space are offered to it again until it takes them. After each sync it asks whether the
//! catalogs changed ([`catalogs::refresh`]).

use std::rc::Rc;

use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures::future::{Either, select};
use futures::{FutureExt, StreamExt};
use gloo_net::eventsource::State as SseState;
use gloo_net::eventsource::futures::EventSource;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::sync::device::{self, DeviceStore, SyncError};
use ote_shared::sync::schedule::{Backoff, DEBOUNCE_MS};
use ote_shared::sync::wire::LOST_STORE;

use crate::catalogs;
use crate::storage::{self, Espacio};
use crate::store::IdbStore;
use crate::transport::{FetchTransport, TransportError};

/// Why the loop syncs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The app started.
    Start,
    /// The browser came back online.
    Online,
    /// The tab became visible.
    Visible,
    /// The user changed something (debounced).
    Edit,
    /// The server announced a change.
    Server,
    /// The period (or the backoff) elapsed.
    Timer,
    /// The user asked for it.
    Manual,
    /// The user signed in (again).
    SignIn,
}

/// What the sync indicator shows, kept up to date by the loop.
#[derive(Debug, Clone, Copy)]
pub struct SyncState {
    /// The browser believes it has a network.
    pub online: RwSignal<bool>,
    /// A sync is running.
    pub syncing: RwSignal<bool>,
    /// Work orders with changes the server has not acknowledged.
    pub pending: RwSignal<usize>,
    /// Photos and files waiting to upload.
    pub files: RwSignal<usize>,
    /// When the last sync succeeded (`Date.now()`, ms).
    pub last_sync: RwSignal<Option<f64>>,
    /// The session expired: syncing waits for the user to sign in again.
    pub session_expired: RwSignal<bool>,
    /// The last failure, in words.
    pub error: RwSignal<Option<String>>,
    /// Edits the browser refused to store (no space), kept in memory until it takes them.
    pub unsaved: RwSignal<usize>,
    /// The site's storage in use and its quota, when the browser says.
    pub espacio: RwSignal<Option<Espacio>>,
    /// The server found this user's store on this tablet lost (the browser evicted it): its
    /// message, until the user has read it.
    pub lost_store: RwSignal<Option<String>>,
    /// Moves when a sync found the server's catalogs changed and kept the new copy: the
    /// catalogs' resource reads it again.
    pub catalogs: RwSignal<u64>,
    /// Moves whenever local documents changed (a pull that brought some, a save on this
    /// device), so the screens that read them reload: see [`SyncState::documents_changed`].
    version: RwSignal<u64>,
}

impl SyncState {
    /// Says the local documents changed: the screens reading them reload. Only the sync loop and
    /// [`crate::context::Device::save`] say it; screens read it with
    /// [`SyncState::track_documents`].
    pub fn documents_changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Makes the reactive reader that calls it run again when the local documents change.
    pub fn track_documents(&self) {
        self.version.track();
    }

    fn new() -> SyncState {
        SyncState {
            online: RwSignal::new(window().navigator().on_line()),
            syncing: RwSignal::new(false),
            pending: RwSignal::new(0),
            files: RwSignal::new(0),
            last_sync: RwSignal::new(None),
            session_expired: RwSignal::new(false),
            error: RwSignal::new(None),
            unsaved: RwSignal::new(0),
            espacio: RwSignal::new(None),
            lost_store: RwSignal::new(None),
            version: RwSignal::new(0),
            catalogs: RwSignal::new(0),
        }
    }
}

/// A handle on the running loop: what it shows, and a way to nudge it.
#[derive(Debug, Clone)]
pub struct SyncHandle {
    tx: UnboundedSender<Reason>,
    /// Reopens the server's event stream (closed while nobody was signed in).
    reopen: UnboundedSender<()>,
    /// What the indicator shows.
    pub state: SyncState,
}

impl SyncHandle {
    /// Asks for a sync (an edit is debounced, anything else goes at once).
    pub fn nudge(&self, reason: Reason) {
        // The loop lives as long as the page; a closed channel only means the page is going.
        if reason == Reason::SignIn {
            let _ = self.reopen.unbounded_send(());
        }
        let _ = self.tx.unbounded_send(reason);
    }
}

/// Starts the loop and its triggers over `store`.
pub fn start(store: Rc<IdbStore>) -> SyncHandle {
    let (tx, rx) = unbounded();
    let (reopen, reopened) = unbounded();
    let handle = SyncHandle {
        tx,
        reopen,
        state: SyncState::new(),
    };
    listen_to_browser(&handle);
    spawn_local(listen_to_server(handle.clone(), reopened));
    spawn_local(retry_loop(store.clone(), handle.clone()));
    spawn_local(sync_loop(store, handle.state, rx));
    handle.nudge(Reason::Start);
    handle
}

/// `online`, `offline` and `visibilitychange` (which bubbles from the document to the window).
fn listen_to_browser(s: &SyncHandle) {
    let (online, offline) = (s.clone(), s.clone());
    let visible = s.clone();
    // The listeners live as long as the page: their handles are deliberately not removed.
    let _ = window_event_listener(leptos::ev::online, move |_| {
        online.state.online.set(true);
        online.nudge(Reason::Online);
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| {
        offline.state.online.set(false);
    });
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            visible.nudge(Reason::Visible);
        }
    });
}

/// `GET /api/events`: every `cambio` is a reason to sync. The browser reconnects a dropped
/// stream on its own; one it closed (nobody signed in, the session expired) is reopened on the
/// next sign-in, or after a pause.
async fn listen_to_server(s: SyncHandle, mut reopen: UnboundedReceiver<()>) {
    loop {
        if let Ok(mut source) = EventSource::new("/api/events")
            && let Ok(mut changes) = source.subscribe("cambio")
        {
            while let Some(event) = changes.next().await {
                match event {
                    Ok(_) => s.nudge(Reason::Server),
                    Err(_) if source.state() == SseState::Closed => break,
                    Err(_) => {}
                }
            }
            source.close();
        }
        let _ = select(reopen.next(), sleep(30_000)).await;
    }
}

/// The loop: wait for a reason (or the timer), sync, record the outcome. While the session is
/// expired it only keeps the counts current; signing in clears the flag (see `screens::login`).
async fn sync_loop(store: Rc<IdbStore>, state: SyncState, mut rx: UnboundedReceiver<Reason>) {
    let mut backoff = Backoff::default();
    if let Ok(Some(ms)) = store.last_sync().await {
        state.last_sync.set(Some(ms));
    }
    loop {
        let delay = backoff.next_delay_ms(js_sys::Math::random());
        match select(rx.next(), sleep(delay)).await {
            Either::Left((Some(reason), _)) => settle(reason, &mut rx).await,
            Either::Left((None, _)) => return,
            Either::Right(_) => {}
        }
        if state.session_expired.get_untracked() {
            refresh_counts(&store, state).await;
        } else {
            run_sync(&store, state, &mut backoff).await;
        }
    }
}

/// Lets a burst settle: edits wait until typing pauses (each new edit restarts the wait),
/// server events spread over a second (so a fleet of tablets does not answer one change in
/// step); any other reason ends the wait, and whatever queued up meanwhile is the same sync.
async fn settle(reason: Reason, rx: &mut UnboundedReceiver<Reason>) {
    let pause = match reason {
        Reason::Edit => DEBOUNCE_MS,
        Reason::Server => (js_sys::Math::random() * 1_000.0) as u64,
        _ => 0,
    };
    if pause > 0 {
        while let Either::Left((Some(Reason::Edit), _)) = select(rx.next(), sleep(pause)).await {
            if reason != Reason::Edit {
                break;
            }
        }
    }
    while rx.try_recv().is_ok() {}
}

async fn run_sync(store: &IdbStore, state: SyncState, backoff: &mut Backoff) {
    let Ok(Some(perfil)) = store.profile().await else {
        return;
    };
    state.syncing.set(true);
    let result = device::sync(store, &FetchTransport { csrf: perfil.csrf }).await;
    state.syncing.set(false);
    match result {
        Ok(report) => {
            backoff.success();
            let now = js_sys::Date::now();
            state.last_sync.set(Some(now));
            // Only the indicator reads it back: a failed write costs a blank after a reload.
            let _ = store.set_last_sync(now).await;
            state.error.set(None);
            if report.received > 0 || !report.notices.is_empty() {
                state.documents_changed();
            }
            if let Some(lost) = report.notices.iter().find(|n| n.code == LOST_STORE) {
                state.lost_store.set(Some(lost.message.clone()));
            }
            if catalogs::refresh(store).await.is_some() {
                state.catalogs.update(|v| *v += 1);
            }
        }
        Err(SyncError::Transport(TransportError::SessionExpired)) => {
            state.session_expired.set(true);
        }
        Err(e) => {
            backoff.failure();
            state.error.set(Some(e.to_string()));
        }
    }
    refresh_counts(store, state).await;
}

/// Every few seconds while the browser refuses to store some edit (no space), offers it again:
/// once space is freed (photos uploaded, another site's data cleared) it is stored and the
/// warning goes.
async fn retry_loop(store: Rc<IdbStore>, sync: SyncHandle) {
    loop {
        sleep(RETRY_MS).await;
        if store.unsaved_count() == 0 {
            continue;
        }
        let left = store.retry_unsaved().await;
        sync.state.unsaved.set(left);
        if left == 0 {
            sync.state.documents_changed();
            sync.nudge(Reason::Edit);
        }
    }
}

/// How often refused edits are offered to the browser again.
const RETRY_MS: u64 = 3_000;

/// Refreshes the counts of what waits to be sent, and the space in use.
async fn refresh_counts(store: &IdbStore, state: SyncState) {
    state.unsaved.set(store.unsaved_count());
    state.espacio.set(storage::estimate().await);
    if let Ok(dirty) = store.dirty().await {
        state.pending.set(dirty.len());
    }
    if let Ok(count) = store.pending_blob_count().await {
        state.files.set(count);
    }
}

fn sleep(ms: u64) -> futures::future::LocalBoxFuture<'static, ()> {
    TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX)).boxed_local()
}

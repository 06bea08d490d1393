//! The background sync loop: the app never needs a button to sync. It syncs on start, when the
//! browser comes back online or the tab becomes visible, shortly after local edits (debounced),
//! when the server announces a change (server-sent events), and on a timer that backs off with
//! jitter after failures ([`Backoff`]). An expired session pauses it; nothing local is touched,
//! and signing in again resumes it.

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

use crate::store::IdbStore;
use crate::transport::{FetchTransport, TransportError};

/// Why the loop syncs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The app started.
    Inicio,
    /// The browser came back online.
    EnLinea,
    /// The tab became visible.
    Visible,
    /// The user changed something (debounced).
    Edicion,
    /// The server announced a change.
    Servidor,
    /// The period (or the backoff) elapsed.
    Temporizador,
    /// The user asked for it.
    Manual,
    /// The user signed in (again).
    Sesion,
}

/// What the sync indicator shows, kept up to date by the loop.
#[derive(Debug, Clone, Copy)]
pub struct EstadoSync {
    /// The browser believes it has a network.
    pub en_linea: RwSignal<bool>,
    /// A sync is running.
    pub sincronizando: RwSignal<bool>,
    /// Work orders with changes the server has not acknowledged.
    pub pendientes: RwSignal<usize>,
    /// Photos and files waiting to upload.
    pub archivos: RwSignal<usize>,
    /// When the last sync succeeded (`Date.now()`, ms).
    pub ultima: RwSignal<Option<f64>>,
    /// The session expired: syncing waits for the user to sign in again.
    pub sesion_vencida: RwSignal<bool>,
    /// The last failure, in words.
    pub error: RwSignal<Option<String>>,
    /// Moves whenever local documents changed (a pull that brought some, a save on this
    /// device), so the screens that read them reload: see [`EstadoSync::documents_changed`].
    version: RwSignal<u64>,
}

impl EstadoSync {
    /// Says the local documents changed: the screens reading them reload. Only the sync loop and
    /// [`crate::context::Dispositivo::save`] say it; screens read it with
    /// [`EstadoSync::track_documents`].
    pub fn documents_changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Makes the reactive reader that calls it run again when the local documents change.
    pub fn track_documents(&self) {
        self.version.track();
    }

    fn new() -> EstadoSync {
        EstadoSync {
            en_linea: RwSignal::new(window().navigator().on_line()),
            sincronizando: RwSignal::new(false),
            pendientes: RwSignal::new(0),
            archivos: RwSignal::new(0),
            ultima: RwSignal::new(None),
            sesion_vencida: RwSignal::new(false),
            error: RwSignal::new(None),
            version: RwSignal::new(0),
        }
    }
}

/// A handle on the running loop: what it shows, and a way to nudge it.
#[derive(Debug, Clone)]
pub struct Sincronizador {
    tx: UnboundedSender<Reason>,
    /// Reopens the server's event stream (closed while nobody was signed in).
    reabrir: UnboundedSender<()>,
    /// What the indicator shows.
    pub estado: EstadoSync,
}

impl Sincronizador {
    /// Asks for a sync (an edit is debounced, anything else goes at once).
    pub fn avisar(&self, reason: Reason) {
        // The loop lives as long as the page; a closed channel only means the page is going.
        if reason == Reason::Sesion {
            let _ = self.reabrir.unbounded_send(());
        }
        let _ = self.tx.unbounded_send(reason);
    }
}

/// Starts the loop and its triggers over `store`.
pub fn iniciar(store: Rc<IdbStore>) -> Sincronizador {
    let (tx, rx) = unbounded();
    let (reabrir, reabierto) = unbounded();
    let sincronizador = Sincronizador {
        tx,
        reabrir,
        estado: EstadoSync::new(),
    };
    escuchar_navegador(&sincronizador);
    spawn_local(escuchar_servidor(sincronizador.clone(), reabierto));
    spawn_local(sync_loop(store, sincronizador.estado, rx));
    sincronizador.avisar(Reason::Inicio);
    sincronizador
}

/// `online`, `offline` and `visibilitychange` (which bubbles from the document to the window).
fn escuchar_navegador(s: &Sincronizador) {
    let (en_linea, fuera) = (s.clone(), s.clone());
    let visible = s.clone();
    // The listeners live as long as the page: their handles are deliberately not removed.
    let _ = window_event_listener(leptos::ev::online, move |_| {
        en_linea.estado.en_linea.set(true);
        en_linea.avisar(Reason::EnLinea);
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| {
        fuera.estado.en_linea.set(false);
    });
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            visible.avisar(Reason::Visible);
        }
    });
}

/// `GET /api/events`: every `cambio` is a reason to sync. The browser reconnects a dropped
/// stream on its own; one it closed (nobody signed in, the session expired) is reopened on the
/// next sign-in, or after a pause.
async fn escuchar_servidor(s: Sincronizador, mut reabrir: UnboundedReceiver<()>) {
    loop {
        if let Ok(mut fuente) = EventSource::new("/api/events")
            && let Ok(mut cambios) = fuente.subscribe("cambio")
        {
            while let Some(evento) = cambios.next().await {
                match evento {
                    Ok(_) => s.avisar(Reason::Servidor),
                    Err(_) if fuente.state() == SseState::Closed => break,
                    Err(_) => {}
                }
            }
            fuente.close();
        }
        let _ = select(reabrir.next(), dormir(30_000)).await;
    }
}

/// The loop: wait for a reason (or the timer), sync, record the outcome. While the session is
/// expired it only keeps the counts current; signing in clears the flag (see `screens::login`).
async fn sync_loop(store: Rc<IdbStore>, estado: EstadoSync, mut rx: UnboundedReceiver<Reason>) {
    let mut backoff = Backoff::default();
    loop {
        let espera = backoff.next_delay_ms(js_sys::Math::random());
        match select(rx.next(), dormir(espera)).await {
            Either::Left((Some(reason), _)) => asentar(reason, &mut rx).await,
            Either::Left((None, _)) => return,
            Either::Right(_) => {}
        }
        if estado.sesion_vencida.get_untracked() {
            contar(&store, estado).await;
        } else {
            sincronizar(&store, estado, &mut backoff).await;
        }
    }
}

/// Lets a burst settle: edits wait until typing pauses (each new edit restarts the wait),
/// server events spread over a second (so a fleet of tablets does not answer one change in
/// step); any other reason ends the wait, and whatever queued up meanwhile is the same sync.
async fn asentar(reason: Reason, rx: &mut UnboundedReceiver<Reason>) {
    let pausa = match reason {
        Reason::Edicion => DEBOUNCE_MS,
        Reason::Servidor => (js_sys::Math::random() * 1_000.0) as u64,
        _ => 0,
    };
    if pausa > 0 {
        while let Either::Left((Some(Reason::Edicion), _)) = select(rx.next(), dormir(pausa)).await
        {
            if reason != Reason::Edicion {
                break;
            }
        }
    }
    while rx.try_recv().is_ok() {}
}

async fn sincronizar(store: &IdbStore, estado: EstadoSync, backoff: &mut Backoff) {
    let Ok(Some(perfil)) = store.profile().await else {
        return;
    };
    estado.sincronizando.set(true);
    let resultado = device::sync(store, &FetchTransport { csrf: perfil.csrf }).await;
    estado.sincronizando.set(false);
    match resultado {
        Ok(reporte) => {
            backoff.success();
            estado.ultima.set(Some(js_sys::Date::now()));
            estado.error.set(None);
            if reporte.received > 0 || !reporte.notices.is_empty() {
                estado.documents_changed();
            }
        }
        Err(SyncError::Transport(TransportError::SessionExpired)) => {
            estado.sesion_vencida.set(true);
        }
        Err(e) => {
            backoff.failure();
            estado.error.set(Some(e.to_string()));
        }
    }
    contar(store, estado).await;
}

/// Refreshes the counts of what waits to be sent.
async fn contar(store: &IdbStore, estado: EstadoSync) {
    if let Ok(dirty) = store.dirty().await {
        estado.pendientes.set(dirty.len());
    }
    if let Ok(count) = store.pending_blob_count().await {
        estado.archivos.set(count);
    }
}

fn dormir(ms: u64) -> futures::future::LocalBoxFuture<'static, ()> {
    TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX)).boxed_local()
}

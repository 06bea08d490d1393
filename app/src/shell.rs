//! The frame every screen sits in: the title bar at once, then, once the device store is
//! open, the sync indicator and the sign-in form or the work orders; it starts the background
//! sync.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::background::{self, Reason, Sincronizador};
use crate::catalogs::{self, Catalogos};
use crate::screens::dashboard::Tablero;
use crate::screens::detail::Detalle;
use crate::screens::form::Formulario;
use crate::screens::imports::Importaciones;
use crate::screens::indicator::Indicador;
use crate::screens::login::{Ingreso, SesionVencida};
use crate::screens::work_orders::Lista;
use crate::session::Perfil;
use crate::store::IdbStore;
use ote_shared::roles::Rol;
use ote_shared::rules::Autor;

/// The IndexedDB database of the app.
pub const DB_NAME: &str = "ote";

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// The work-order list.
    #[default]
    Lista,
    /// One work order.
    Detalle(uuid::Uuid),
    /// The form: a new work order (`None`) or an existing one.
    Formulario(Option<uuid::Uuid>),
    /// Progress charts and late work orders.
    Tablero,
    /// Anexo C and schedule imports, of one work order or all.
    Importaciones(Option<uuid::Uuid>),
}

/// What every screen reaches through the context: the store, the sync loop, the user, the
/// screen shown and the catalogs.
#[derive(Clone)]
pub struct Dispositivo {
    /// The device store (IndexedDB is not `Send`: kept on this thread).
    pub store: StoredValue<Rc<IdbStore>, LocalStorage>,
    /// The background sync.
    pub sync: Sincronizador,
    /// The signed-in user, `None` until someone signs in.
    pub perfil: RwSignal<Option<Perfil>>,
    /// The screen shown.
    pub screen: RwSignal<Screen>,
    /// The catalogs screens name things with: read once per sign-in (see [`catalogs::cargar`]).
    pub catalogos: LocalResource<Catalogos>,
}

impl Dispositivo {
    /// The store, to use in an async block.
    pub fn store(&self) -> Rc<IdbStore> {
        self.store.get_value()
    }

    /// The signed-in user as the rules judge their edits; signed out, one who may change
    /// nothing.
    pub fn autor(&self) -> Autor {
        self.perfil.get_untracked().map_or(
            Autor {
                rol: Rol::Lectura,
                empleado: None,
            },
            |p| p.autor(),
        )
    }

    /// Runs `cambio` on this device's store in the background: the one way screens save. When
    /// it changed something, the screens reload and the sync sends it (debounced); a failure is
    /// shown in `error` as what was not saved (`que`).
    pub fn save<Fut, E>(
        &self,
        error: RwSignal<Option<String>>,
        que: &'static str,
        cambio: impl FnOnce(Rc<IdbStore>) -> Fut + 'static,
    ) where
        Fut: Future<Output = Result<bool, E>> + 'static,
        E: std::fmt::Display,
    {
        let d = self.clone();
        spawn_local(async move {
            let store = d.store();
            let turno = store.turno().await;
            let hecho = cambio(store.clone()).await;
            drop(turno);
            // The change may have left the screen that asked for it (a new work order opens its
            // detail), which disposes `error`: touched only when it has something to clear.
            match hecho {
                Ok(true) => {
                    if error.try_with_untracked(Option::is_some) == Some(true) {
                        error.try_set(None);
                    }
                    d.sync.estado.version.update(|v| *v += 1);
                    d.sync.avisar(Reason::Edicion);
                }
                Ok(false) => {}
                Err(e) => {
                    error.try_set(Some(format!("No se guardó {que}: {e}")));
                }
            }
        });
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let abierto = LocalResource::new(|| async {
        IdbStore::open(DB_NAME)
            .await
            .map(Rc::new)
            .map_err(|e| e.to_string())
    });
    view! {
        <header class="barra">
            <h1>"OTE"</h1>
            <span class="subtitulo">"Órdenes de trabajo submarinas"</span>
        </header>
        <Suspense fallback=|| view! { <p class="cargando">"Abriendo los datos de este dispositivo…"</p> }>
            {move || abierto.get().map(|abierto| match abierto {
                Ok(store) => view! { <Screens store/> }.into_any(),
                Err(e) => view! { <p class="error">{e}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The screens, once the store is open.
#[component]
fn Screens(store: Rc<IdbStore>) -> impl IntoView {
    let guardado = StoredValue::new_local(store.clone());
    let perfil = RwSignal::new(None::<Perfil>);
    let catalogos = LocalResource::new(move || {
        // Again after a sign-in: before it the server refuses, and the kept copy is used.
        perfil.track();
        let store = guardado.get_value();
        async move { catalogs::cargar(&store).await }
    });
    let dispositivo = Dispositivo {
        sync: background::iniciar(store),
        store: guardado,
        perfil,
        screen: RwSignal::new(Screen::Lista),
        catalogos,
    };
    let cargado = RwSignal::new(false);
    let d = dispositivo.clone();
    spawn_local(async move {
        d.perfil.set(d.store().profile().await.ok().flatten());
        cargado.set(true);
    });
    provide_context(dispositivo.clone());
    let perfil = dispositivo.perfil;
    let vencida = dispositivo.sync.estado.sesion_vencida;
    let screen = dispositivo.screen;
    view! {
        <div class="estado">
            <Indicador/>
            {move || perfil.get().map(|p| view! { <span class="usuario">{p.usuario}</span> })}
        </div>
        <main class="contenido">
            <Show when=move || cargado.get()>
                {move || match perfil.get() {
                    None => view! { <Ingreso/> }.into_any(),
                    Some(_) => view! {
                        <Show when=move || vencida.get()><SesionVencida/></Show>
                        <Navegacion/>
                        {move || match screen.get() {
                            Screen::Lista => view! { <Lista/> }.into_any(),
                            Screen::Detalle(id) => lazy(vista_detalle(id)),
                            Screen::Formulario(id) => lazy(vista_formulario(id)),
                            Screen::Tablero => lazy(vista_tablero()),
                            Screen::Importaciones(id) => lazy(vista_importaciones(id)),
                        }}
                    }.into_any(),
                }}
            </Show>
        </main>
    }
}

/// A screen whose code is a module of its own (`#[lazy]`): fetched the first time the screen
/// opens, from the service worker's cache when offline (it keeps every module the page names),
/// so the app starts without their code (BENCHMARKS.md, bundle).
fn lazy(vista: impl Future<Output = AnyView> + Send + 'static) -> AnyView {
    view! {
        <Suspense fallback=|| view! { <p>"Cargando…"</p> }>{Suspend::new(vista)}</Suspense>
    }
    .into_any()
}

// The screens past the list, each loaded on first use (see `lazy`).
#[lazy]
fn vista_detalle(id: uuid::Uuid) -> AnyView {
    view! { <Detalle id/> }.into_any()
}

#[lazy]
fn vista_formulario(id: Option<uuid::Uuid>) -> AnyView {
    view! { <Formulario id/> }.into_any()
}

#[lazy]
fn vista_tablero() -> AnyView {
    view! { <Tablero/> }.into_any()
}

#[lazy]
fn vista_importaciones(id: Option<uuid::Uuid>) -> AnyView {
    view! { <Importaciones id/> }.into_any()
}

/// The screens a user can go to; the office also creates work orders and imports.
#[component]
fn Navegacion() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let (screen, perfil) = (d.screen, d.perfil);
    let planea = move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea));
    let ir = move |a: Screen| {
        view! {
            <button class:activa=move || screen.get() == a on:click=move |_| screen.set(a)>
                {titulo(a)}
            </button>
        }
    };
    view! {
        <nav class="pantallas">
            {ir(Screen::Lista)}
            {ir(Screen::Tablero)}
            <Show when=planea>
                {ir(Screen::Formulario(None))}
                {ir(Screen::Importaciones(None))}
            </Show>
        </nav>
    }
}

/// A screen's name in the navigation.
fn titulo(p: Screen) -> &'static str {
    match p {
        Screen::Lista | Screen::Detalle(_) => "Órdenes de trabajo",
        Screen::Formulario(_) => "Nueva orden",
        Screen::Tablero => "Tablero",
        Screen::Importaciones(_) => "Importaciones",
    }
}

//! The frame every screen sits in: the title bar at once, then, once the device store is
//! open, the sync indicator and the sign-in form or the screen the URL names (see
//! [`crate::routes`]); it starts the background sync and provides the [`Dispositivo`] context.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;

use crate::background;
use crate::catalogs;
use crate::context::Dispositivo;
use crate::routes::{Navigator, Screen};
use crate::screens::dashboard::Tablero;
use crate::screens::detail::Detalle;
use crate::screens::form::Formulario;
use crate::screens::imports::Importaciones;
use crate::screens::indicator::Indicador;
use crate::screens::login::{Ingreso, SesionVencida};
use crate::screens::work_orders::Lista;
use crate::session::Perfil;
use crate::store::IdbStore;

/// The IndexedDB database of the app.
pub const DB_NAME: &str = "ote";

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
        <Router>
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
        </Router>
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
        screen: Navigator::from_router(),
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
                        <ScreenRoutes/>
                    }.into_any(),
                }}
            </Show>
        </main>
    }
}

/// The screen the URL names ([`Screen::parse`]); an unknown URL shows the list. Matched here
/// rather than by `leptos_router`'s `<Routes>`, whose route tree cost the start bundle some
/// 32 KB gzip more for the same seven screens (BENCHMARKS.md, bundle).
#[component]
fn ScreenRoutes() -> impl IntoView {
    let screen = expect_context::<Dispositivo>().screen;
    move || match screen.shown().unwrap_or_default() {
        Screen::Lista => view! { <Lista/> }.into_any(),
        Screen::Detalle(id) => lazy(vista_detalle(id)),
        Screen::Formulario(id) => lazy(vista_formulario(id)),
        Screen::Tablero => lazy(vista_tablero()),
        Screen::Importaciones(id) => lazy(vista_importaciones(id)),
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
        let activa = move || screen.shown() == Some(a);
        view! {
            <button class:activa=activa on:click=move |_| screen.go(a)>
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

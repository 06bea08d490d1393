//! The frame every screen sits in: the title bar at once, then the sign-in form while nobody is
//! signed in on this tablet, or, once the signed-in user's device store is open (see
//! [`crate::accounts`]), the sync indicator and the screen the URL names (see
//! [`crate::routes`]); it starts the background sync and provides the [`Device`] context.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;

use crate::accounts;
use crate::background;
use crate::catalogs;
use crate::context::{Device, Reopen};
use crate::routes::{Navigator, Screen};
use crate::screens::account::AccountScreen;
use crate::screens::admin::activity::ActivityScreen;
use crate::screens::admin::catalogs::CatalogsScreen;
use crate::screens::admin::users::UsersScreen;
use crate::screens::dashboard::Dashboard;
use crate::screens::detail::{WorkOrderDetail, WorkOrderReport};
use crate::screens::form::WorkOrderForm;
use crate::screens::imports::ImportsScreen;
use crate::screens::indicator::{AlmacenPerdido, Indicator, SinEspacio};
use crate::screens::login::{SessionExpired, SignIn};
use crate::screens::outbox::Outbox;
use crate::screens::sign_out::SignOut;
use crate::screens::work_orders::WorkOrderList;
use crate::session::Perfil;
use crate::store::{IdbStore, StoreError};

/// The store of the account signed in on this tablet, if someone is.
async fn open_account() -> Result<Option<Rc<IdbStore>>, StoreError> {
    accounts::adopt_legacy().await?;
    let Some(cuenta) = accounts::open() else {
        return Ok(None);
    };
    Ok(Some(Rc::new(IdbStore::open(&cuenta.db).await?)))
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let reopen = Reopen(RwSignal::new(0));
    provide_context(reopen);
    let opened = LocalResource::new(move || {
        reopen.0.track();
        async { open_account().await.map_err(|e| e.to_string()) }
    });
    view! {
        <Router>
            <header class="barra">
                <h1>"OTE"</h1>
                <span class="subtitulo">"Órdenes de trabajo submarinas"</span>
            </header>
            <Suspense fallback=|| view! { <p class="cargando">"Abriendo los datos de este dispositivo…"</p> }>
                {move || opened.get().map(|opened| match opened {
                    Ok(Some(store)) => view! { <Screens store/> }.into_any(),
                    Ok(None) => view! { <main class="contenido">{lazy(view_sign_in())}</main> }.into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Suspense>
        </Router>
    }
}

/// The screens, once the store is open.
#[component]
fn Screens(store: Rc<IdbStore>) -> impl IntoView {
    let stored = StoredValue::new_local(store.clone());
    let perfil = RwSignal::new(None::<Perfil>);
    let sync = background::start(store);
    let changed = sync.state.catalogs;
    let catalogos = LocalResource::new(move || {
        // Again after a sign-in (before it the server refuses, and the kept copy is used), and
        // when a sync kept a new copy.
        perfil.track();
        changed.track();
        let store = stored.get_value();
        async move { catalogs::load(&store).await }
    });
    let device = Device {
        sync,
        store: stored,
        perfil,
        screen: Navigator::from_router(),
        catalogos,
        enlace: RwSignal::new(None),
    };
    let loaded = RwSignal::new(false);
    let d = device.clone();
    spawn_local(async move {
        d.perfil.set(d.store().profile().await.ok().flatten());
        loaded.set(true);
    });
    provide_context(device.clone());
    let perfil = device.perfil;
    let expired = device.sync.state.session_expired;
    let leaving = RwSignal::new(false);
    let outbox = RwSignal::new(false);
    view! {
        <div class="estado">
            <Indicator outbox/>
            {move || perfil.get().map(|p| view! {
                <span class="usuario">{p.usuario}</span>
                <button class="salir" on:click=move |_| leaving.set(true)>"Cerrar sesión"</button>
            })}
        </div>
        <SinEspacio/>
        <AlmacenPerdido/>
        <Show when=move || outbox.get()>{move || lazy(view_outbox(outbox))}</Show>
        <Show when=move || leaving.get()>{move || lazy(view_sign_out(leaving))}</Show>
        <main class="contenido">
            <Show when=move || loaded.get()>
                {move || match perfil.get() {
                    None => lazy(view_sign_in()),
                    Some(_) => view! {
                        <Show when=move || expired.get()>{move || lazy(view_session_expired())}</Show>
                        <Navigation/>
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
    let screen = expect_context::<Device>().screen;
    move || match screen.shown().unwrap_or_default() {
        Screen::List => view! { <WorkOrderList/> }.into_any(),
        Screen::Detail(id) => lazy(view_detail(id)),
        Screen::Form(id) => lazy(view_form(id)),
        Screen::Dashboard => lazy(view_dashboard()),
        Screen::Imports(id) => lazy(view_imports(id)),
        Screen::Report(id) => lazy(view_report(id)),
        Screen::Users => lazy(view_users()),
        Screen::Catalogs => lazy(view_catalogs()),
        Screen::Activity => lazy(view_activity()),
        Screen::Account => lazy(view_account()),
    }
}

/// A screen whose code is a module of its own (`#[lazy]`, with the `split` feature that
/// `scripts/build_app.sh` builds): fetched the first time the screen opens, from the service
/// worker's cache when offline (it keeps every module the page names), so the app starts without
/// their code (BENCHMARKS.md, bundle). Without the feature (Trunk's development loop, which
/// cannot split) the screens are compiled in and the future is ready at once.
fn lazy(view: impl Future<Output = AnyView> + Send + 'static) -> AnyView {
    view! {
        <Suspense fallback=|| view! { <p>"Cargando…"</p> }>{Suspend::new(view)}</Suspense>
    }
    .into_any()
}

// The screens past the list, each loaded on first use (see `lazy`).
#[cfg_attr(feature = "split", lazy)]
async fn view_detail(id: uuid::Uuid) -> AnyView {
    view! { <WorkOrderDetail id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_form(id: Option<uuid::Uuid>) -> AnyView {
    view! { <WorkOrderForm id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_dashboard() -> AnyView {
    view! { <Dashboard/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_imports(id: Option<uuid::Uuid>) -> AnyView {
    view! { <ImportsScreen id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_report(id: uuid::Uuid) -> AnyView {
    view! { <WorkOrderReport id/> }.into_any()
}

// The office's administration and the user's account, loaded on first use too.
#[cfg_attr(feature = "split", lazy)]
async fn view_users() -> AnyView {
    view! { <UsersScreen/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_catalogs() -> AnyView {
    view! { <CatalogsScreen/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_activity() -> AnyView {
    view! { <ActivityScreen/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_account() -> AnyView {
    view! { <AccountScreen/> }.into_any()
}

// Signing in, loaded on first use too: a tablet someone is signed in on starts without it.
#[cfg_attr(feature = "split", lazy)]
async fn view_sign_in() -> AnyView {
    view! { <SignIn/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_session_expired() -> AnyView {
    view! { <SessionExpired/> }.into_any()
}

// The panels opened from the bar, loaded on first use too (see `lazy`).
#[cfg_attr(feature = "split", lazy)]
async fn view_outbox(open: RwSignal<bool>) -> AnyView {
    view! { <Outbox open/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn view_sign_out(leaving: RwSignal<bool>) -> AnyView {
    view! { <SignOut leaving/> }.into_any()
}

/// The screens a user can go to; the office also creates work orders and imports.
#[component]
fn Navigation() -> impl IntoView {
    let d = expect_context::<Device>();
    let (screen, perfil) = (d.screen, d.perfil);
    let planea = move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea));
    let administra = move || perfil.with(|p| p.as_ref().is_some_and(|p| p.rol.manages_users()));
    let nav_button = move |a: Screen| {
        let active = move || screen.shown() == Some(a);
        view! {
            <button class:activa=active on:click=move |_| screen.go(a)>
                {title(a)}
            </button>
        }
    };
    view! {
        <nav class="pantallas">
            {nav_button(Screen::List)}
            {nav_button(Screen::Dashboard)}
            <Show when=planea>
                {nav_button(Screen::Form(None))}
                {nav_button(Screen::Imports(None))}
                {nav_button(Screen::Catalogs)}
                {nav_button(Screen::Activity)}
            </Show>
            <Show when=administra>{nav_button(Screen::Users)}</Show>
            {nav_button(Screen::Account)}
        </nav>
    }
}

/// A screen's name in the navigation.
fn title(p: Screen) -> &'static str {
    match p {
        Screen::List | Screen::Detail(_) => "Órdenes de trabajo",
        Screen::Form(_) => "Nueva orden",
        Screen::Dashboard => "Tablero",
        Screen::Imports(_) => "Importaciones",
        Screen::Report(_) => "Reporte",
        Screen::Users => "Usuarios",
        Screen::Catalogs => "Catálogos",
        Screen::Activity => "Actividad",
        Screen::Account => "Mi cuenta",
    }
}

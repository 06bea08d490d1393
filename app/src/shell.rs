//! The frame every screen sits in: the title bar at once, then, once the device store is
//! open, the sync indicator and the sign-in form or the work orders; it starts the background
//! sync.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::background::{self, Sincronizador};
use crate::catalogs::{self, Catalogos};
use crate::screens::detail::Detalle;
use crate::screens::indicator::Indicador;
use crate::screens::login::{Ingreso, SesionVencida};
use crate::screens::work_orders::Lista;
use crate::session::Perfil;
use crate::store::IdbStore;

/// The IndexedDB database of the app.
pub const DB_NAME: &str = "ote";

/// What every screen reaches through the context: the store, the sync loop, the user, the
/// open work order and the catalogs.
#[derive(Clone)]
pub struct Dispositivo {
    /// The device store (IndexedDB is not `Send`: kept on this thread).
    pub store: StoredValue<Rc<IdbStore>, LocalStorage>,
    /// The background sync.
    pub sync: Sincronizador,
    /// The signed-in user, `None` until someone signs in.
    pub perfil: RwSignal<Option<Perfil>>,
    /// The work order open in the detail screen; `None` shows the list.
    pub abierta: RwSignal<Option<uuid::Uuid>>,
    /// The catalogs screens name things with: read once per sign-in (see [`catalogs::cargar`]).
    pub catalogos: LocalResource<Catalogos>,
}

impl Dispositivo {
    /// The store, to use in an async block.
    pub fn store(&self) -> Rc<IdbStore> {
        self.store.get_value()
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
                Ok(store) => view! { <Pantallas store/> }.into_any(),
                Err(e) => view! { <p class="error">{e}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The screens, once the store is open.
#[component]
fn Pantallas(store: Rc<IdbStore>) -> impl IntoView {
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
        abierta: RwSignal::new(None),
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
    let abierta = dispositivo.abierta;
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
                        {move || match abierta.get() {
                            Some(id) => view! { <Detalle id/> }.into_any(),
                            None => view! { <Lista/> }.into_any(),
                        }}
                    }.into_any(),
                }}
            </Show>
        </main>
    }
}

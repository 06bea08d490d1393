//! Signing in. The first sign-in needs the network; after that the profile is kept on the
//! device. When the session expires, the work orders and every pending change stay; the user
//! signs in again and syncing resumes.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::background::Reason;
use crate::context::Dispositivo;
use crate::session;

/// The sign-in form.
#[component]
pub fn Ingreso() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let usuario = RwSignal::new(String::new());
    let contrasena = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let enviando = RwSignal::new(false);
    let entrar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = d.clone();
        enviando.set(true);
        spawn_local(async move {
            let resultado =
                session::iniciar(&usuario.get_untracked(), &contrasena.get_untracked()).await;
            enviando.set(false);
            match resultado {
                Ok(perfil) => {
                    if let Err(e) = d.store().set_profile(&perfil).await {
                        error.set(Some(e.to_string()));
                        return;
                    }
                    d.sync.estado.sesion_vencida.set(false);
                    d.perfil.set(Some(perfil));
                    d.sync.avisar(Reason::Sesion);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="ingreso" on:submit=entrar>
            <h2>"Iniciar sesión"</h2>
            <label>"Usuario"<input name="usuario" autocomplete="username" required bind:value=usuario/></label>
            <label>"Contraseña"<input name="contrasena" type="password" autocomplete="current-password" required bind:value=contrasena/></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" disabled=move || enviando.get()>"Entrar"</button>
        </form>
    }
}

/// The notice shown while the session is expired, with the form to sign in again.
#[component]
pub fn SesionVencida() -> impl IntoView {
    let pendientes = expect_context::<Dispositivo>().sync.estado.pendientes;
    view! {
        <section class="aviso sesion-vencida">
            <p>
                "Tu sesión venció. Tus cambios siguen guardados en este dispositivo ("
                {move || pendientes.get()}
                " por enviar); inicia sesión de nuevo para enviarlos."
            </p>
            <Ingreso/>
        </section>
    }
}

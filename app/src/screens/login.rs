//! Signing in. The first sign-in needs the network; after that the profile is kept on the
//! device. When the session expires, the work orders and every pending change stay; the user
//! signs in again and syncing resumes. A session the browser already holds (signed in at
//! `/accounts/login/`) is taken up without the form.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::background::Reason;
use crate::context::Device;
use crate::session;

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    let d = expect_context::<Device>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let current = d.clone();
    spawn_local(async move {
        if let Some(perfil) = session::current().await {
            take_up(&current, perfil, error).await;
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = d.clone();
        sending.set(true);
        spawn_local(async move {
            let result =
                session::sign_in(&username.get_untracked(), &password.get_untracked()).await;
            sending.set(false);
            match result {
                Ok(perfil) => take_up(&d, perfil, error).await,
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="ingreso" on:submit=submit>
            <h2>"Iniciar sesión"</h2>
            <label>"Usuario"<input name="usuario" autocomplete="username" required bind:value=username/></label>
            <label>"Contraseña"<input name="contrasena" type="password" autocomplete="current-password" required bind:value=password/></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" disabled=move || sending.get()>"Entrar"</button>
        </form>
    }
}

/// Keeps the session's profile on the device and syncs under it.
async fn take_up(d: &Device, perfil: session::Perfil, error: RwSignal<Option<String>>) {
    if let Err(e) = d.store().set_profile(&perfil).await {
        error.set(Some(e.to_string()));
        return;
    }
    d.sync.state.session_expired.set(false);
    d.perfil.set(Some(perfil));
    d.sync.nudge(Reason::SignIn);
}

/// The notice shown while the session is expired, with the form to sign in again.
#[component]
pub fn SessionExpired() -> impl IntoView {
    let pending = expect_context::<Device>().sync.state.pending;
    view! {
        <section class="aviso sesion-vencida">
            <p>
                "Tu sesión venció. Tus cambios siguen guardados en este dispositivo ("
                {move || pending.get()}
                " por enviar); inicia sesión de nuevo para enviarlos."
            </p>
            <SignIn/>
        </section>
    }
}

//! Signing in. The first sign-in needs the network; after that the profile is kept in the
//! user's own store on the tablet (see [`crate::accounts`]). When the session expires, the work
//! orders and every pending change stay; the user signs in again and syncing resumes. Someone
//! else signing in there opens their own store instead: the page reloads into it, and the first
//! user's work waits in theirs. A session the browser already holds (signed in at
//! `/accounts/login/`) is taken up without the form, unless this tablet signed out offline and
//! the server has not heard of it yet: then that session is ended first.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::accounts;
use crate::background::Reason;
use crate::context::{Device, Reopen};
use crate::session;
use crate::storage;

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    // Read now: the tasks below run outside the component, where the context is not reachable.
    let open = use_context::<Device>();
    let reopen = expect_context::<Reopen>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let current = open.clone();
    spawn_local(async move {
        if accounts::sign_out_pending() {
            if session::sign_out_current().await {
                accounts::sign_out_told();
            }
        } else if let Some(perfil) = session::current().await {
            take_up(perfil, error, current, reopen).await;
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let open = open.clone();
        sending.set(true);
        spawn_local(async move {
            let result =
                session::sign_in(&username.get_untracked(), &password.get_untracked()).await;
            sending.set(false);
            match result {
                Ok(perfil) => take_up(perfil, error, open, reopen).await,
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="ingreso" on:submit=submit>
            <h2>"Iniciar sesión"</h2>
            <p class="producto">"OTE · órdenes de trabajo en campo, con o sin conexión"</p>
            <label class="campo">
                <span>"Usuario"</span>
                <input name="usuario" autocomplete="username" autocapitalize="none" required bind:value=username/>
            </label>
            <label class="campo">
                <span>"Contraseña"</span>
                <input name="contrasena" type="password" autocomplete="current-password" required bind:value=password/>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" disabled=move || sending.get()>
                {move || if sending.get() { "Entrando…" } else { "Entrar" }}
            </button>
        </form>
    }
}

/// Syncs under the session's user. The same user as the open store's (signing in again after
/// the session expired) goes on where they were; anyone else enters their own account, which
/// opens their store (the page reloads if another user's store and sync are running).
async fn take_up(
    perfil: session::Perfil,
    error: RwSignal<Option<String>>,
    open: Option<Device>,
    reopen: Reopen,
) {
    if let Some(d) = open
        .as_ref()
        .filter(|d| d.perfil.get_untracked().is_some_and(|p| p.id == perfil.id))
    {
        if let Err(e) = d.store().set_profile(&perfil).await {
            error.set(Some(e.to_string()));
            return;
        }
        d.sync.state.session_expired.set(false);
        d.perfil.set(Some(perfil));
        d.sync.nudge(Reason::SignIn);
        return;
    }
    if let Err(e) = accounts::enter(&perfil).await {
        error.set(Some(e.to_string()));
        return;
    }
    // Asked at each sign-in: a browser that keeps the site's storage never evicts unsent work.
    // Its answer shows in the indicator.
    let _ = storage::persist().await;
    match open {
        Some(_) => {
            let _ = window().location().reload();
        }
        None => reopen.0.update(|n| *n += 1),
    }
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

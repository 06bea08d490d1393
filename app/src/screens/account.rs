//! The signed-in user's own account: their password changed, knowing the current one (the
//! first administrator's generated password is changed here, or with `ote-server user passwd`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::api::CambioClave;

use crate::api::{self, Method};
use crate::context::Device;

/// The shortest password the server accepts.
const MIN_CHARS: usize = 8;

/// The account screen.
#[component]
pub fn AccountScreen() -> impl IntoView {
    let (actual, nueva, otra) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let said = RwSignal::new(None::<Result<String, String>>);
    let csrf = StoredValue::new(expect_context::<Device>().csrf());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cambio = CambioClave {
            actual: actual.get_untracked(),
            nueva: nueva.get_untracked(),
        };
        if cambio.nueva.chars().count() < MIN_CHARS {
            said.set(Some(Err(format!(
                "La contraseña nueva debe tener al menos {MIN_CHARS} caracteres"
            ))));
            return;
        }
        if cambio.nueva != otra.get_untracked() {
            said.set(Some(Err("Las dos contraseñas nuevas no coinciden".into())));
            return;
        }
        let body = serde_json::to_string(&cambio).ok();
        let csrf = csrf.get_value();
        spawn_local(async move {
            let result =
                api::send::<serde_json::Value>(Method::POST, "/api/auth/password", body, &csrf)
                    .await;
            said.set(Some(result.map(|_| "Contraseña cambiada".to_owned())));
            if said.with_untracked(|s| matches!(s, Some(Ok(_)))) {
                [actual, nueva, otra]
                    .iter()
                    .for_each(|s| s.set(String::new()));
            }
        });
    };
    view! {
        <section class="administracion cuenta">
            <h2>"Mi cuenta"</h2>
            {move || said.get().map(|r| match r {
                Ok(t) => view! { <p class="aviso-ok" role="status">{t}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            })}
            <form class="clave" on:submit=submit>
                <label>"Contraseña actual "<input type="password" name="actual" autocomplete="current-password" bind:value=actual/></label>
                <label>"Contraseña nueva "<input type="password" name="nueva" autocomplete="new-password" bind:value=nueva/></label>
                <label>"Repita la nueva "<input type="password" name="otra" autocomplete="new-password" bind:value=otra/></label>
                <button type="submit">"Cambiar contraseña"</button>
            </form>
        </section>
    }
}

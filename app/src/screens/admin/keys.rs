//! API keys (admin): every key with its user, prefix and last use; a new key for a user, shown
//! once; a key revoked.

use leptos::prelude::*;
use ote_shared::api::{ClaveApi, ClaveApiNueva, Cuenta};

use super::{Aviso, send};
use crate::api::{self, Method};

/// The keys, and a new key for a chosen user.
#[component]
pub(super) fn Keys(
    users: LocalResource<Result<Vec<Cuenta>, String>>,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) -> impl IntoView {
    let keys = LocalResource::new(move || {
        reload.track();
        async { api::get::<Vec<ClaveApi>>("/api/v1/api-keys").await }
    });
    let chosen = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        if id.is_empty() {
            return;
        }
        send::<ClaveApiNueva>(
            Method::POST,
            format!("/api/v1/users/{id}/api-keys"),
            None,
            reload,
            said,
            |k| {
                format!(
                    "Clave de API para «{}» (se muestra una sola vez): {}",
                    k.clave.usuario, k.valor
                )
            },
        );
    };
    let user_options = move || {
        users
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|u| {
                view! { <option value=u.id.to_string()>{u.usuario}</option> }
            })
            .collect_view()
    };
    let revoke = move |id: i64| {
        send::<ClaveApi>(
            Method::DELETE,
            format!("/api/v1/api-keys/{id}"),
            None,
            reload,
            said,
            |k| format!("Clave {} de «{}» revocada", k.prefijo, k.usuario),
        );
    };
    view! {
        <h3>"Claves de API"</h3>
        <form class="nueva-clave" on:submit=create>
            <label>"Usuario "
                <select name="clave-usuario" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {user_options}
                </select>
            </label>
            <button type="submit">"Crear clave"</button>
        </form>
        <Transition fallback=|| view! { <p>"Cargando claves…"</p> }>
            {move || keys.get().map(|r| match r {
                Ok(list) => keys_table(list, revoke).into_any(),
                Err(e) => view! { <p class="error">{e}</p> }.into_any(),
            })}
        </Transition>
    }
}

fn keys_table(list: Vec<ClaveApi>, revoke: impl Fn(i64) + Copy + 'static) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|k| {
            let id = k.id;
            let when = |t: &Option<chrono::DateTime<chrono::FixedOffset>>| {
                t.as_ref().map_or_else(|| "—".to_owned(), crate::format::fecha_hora)
            };
            view! {
                <tr data-clave=k.prefijo.clone()>
                    <td>{k.usuario.clone()}</td><td><code>{k.prefijo.clone()}"…"</code></td>
                    <td>{crate::format::fecha_hora(&k.creada)}</td><td>{when(&k.ultimo_uso)}</td>
                    <td>{if k.revocada.is_some() { format!("Revocada {}", when(&k.revocada)) } else { "Activa".into() }}</td>
                    <td>{k.revocada.is_none().then(|| view! {
                        <button on:click=move |_| revoke(id)>"Revocar"</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="ots claves">
            <thead><tr><th>"Usuario"</th><th>"Prefijo"</th><th>"Creada"</th><th>"Último uso"</th>
                <th>"Estado"</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

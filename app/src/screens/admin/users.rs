//! Users (admin): the list with role, employee, state and last sign-in; a new user with a
//! password shown once; a role changed, a user deactivated or reactivated, a password reset.

use leptos::prelude::*;
use ote_shared::api::{CambioCuenta, ClaveNueva, Cuenta, NuevaCuenta};
use ote_shared::roles::Rol;

use super::keys::Keys;
use super::{Aviso, aviso_view, send};
use crate::api::{self, Method};

/// The users screen: the list, a new user, and the API keys.
#[component]
pub fn UsersScreen() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let said = RwSignal::new(None::<Aviso>);
    let users = LocalResource::new(move || {
        reload.track();
        async { api::get::<Vec<Cuenta>>("/api/v1/users").await }
    });
    view! {
        <section class="administracion">
            <h2>"Usuarios"</h2>
            {aviso_view(said)}
            <NewUser reload said/>
            <Transition fallback=|| view! { <p>"Cargando usuarios…"</p> }>
                {move || users.get().map(|r| match r {
                    Ok(list) => users_table(list, reload, said).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
            <Keys users reload said/>
        </section>
    }
}

fn users_table(
    list: Vec<Cuenta>,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|c| view! { <UserRow cuenta=c reload said/> })
        .collect_view();
    view! {
        <table class="ots usuarios">
            <thead><tr><th>"Usuario"</th><th>"Rol"</th><th>"Empleado"</th><th>"Estado"</th>
                <th>"Último acceso"</th><th>"Acciones"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn UserRow(cuenta: Cuenta, reload: RwSignal<u32>, said: RwSignal<Option<Aviso>>) -> impl IntoView {
    let (id, name, activo) = (cuenta.id, cuenta.usuario.clone(), cuenta.activo);
    let change = move |cambio: CambioCuenta, done: &'static str| {
        let body = serde_json::to_string(&cambio).ok();
        let name = name.clone();
        send::<Cuenta>(
            Method::PATCH,
            format!("/api/v1/users/{id}"),
            body,
            reload,
            said,
            move |_| format!("«{name}»: {done}"),
        );
    };
    let change_role = change.clone();
    let role = move |ev: leptos::ev::Event| {
        if let Ok(rol) = event_target_value(&ev).parse::<Rol>() {
            change_role(
                CambioCuenta {
                    rol: Some(rol),
                    activo: None,
                },
                "rol cambiado",
            );
        }
    };
    let toggle = move |_| {
        let done = if activo {
            "desactivado: sus sesiones y claves dejan de valer"
        } else {
            "activado"
        };
        change(
            CambioCuenta {
                rol: None,
                activo: Some(!activo),
            },
            done,
        );
    };
    let name = cuenta.usuario.clone();
    let reset = move |_| {
        let name = name.clone();
        send::<ClaveNueva>(
            Method::POST,
            format!("/api/v1/users/{id}/password"),
            None,
            reload,
            said,
            move |n| {
                format!(
                    "Nueva contraseña de «{name}» (se muestra una sola vez): {}",
                    n.password.clone().unwrap_or_default()
                )
            },
        );
    };
    let options = Rol::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=*r == cuenta.rol>{r.as_str()}</option> })
        .collect_view();
    view! {
        <tr data-usuario=cuenta.usuario.clone()>
            <td>{cuenta.usuario.clone()}</td>
            <td><select aria-label="Rol" on:change=role>{options}</select></td>
            <td>{cuenta.empleado_id.map(|e| e.to_string())}</td>
            <td>{if activo { "Activo" } else { "Desactivado" }}</td>
            <td>{cuenta.ultimo_acceso.as_ref().map_or_else(|| "Nunca".to_owned(), crate::format::fecha_hora)}</td>
            <td>
                <button on:click=toggle>{if activo { "Desactivar" } else { "Activar" }}</button>
                <button on:click=reset>"Nueva contraseña"</button>
            </td>
        </tr>
    }
}

/// A new user: name, role and employee; the server makes the password and shows it once.
#[component]
fn NewUser(reload: RwSignal<u32>, said: RwSignal<Option<Aviso>>) -> impl IntoView {
    let usuario = RwSignal::new(String::new());
    let rol = RwSignal::new(Rol::Campo);
    let empleado = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let empleado_id = match empleado.get_untracked().trim() {
            "" => None,
            text => match text.parse() {
                Ok(id) => Some(id),
                Err(_) => {
                    said.set(Some(Aviso {
                        ok: false,
                        texto: "El empleado es un número".into(),
                    }));
                    return;
                }
            },
        };
        let nueva = NuevaCuenta {
            usuario: usuario.get_untracked().trim().to_owned(),
            rol: rol.get_untracked(),
            empleado_id,
            password: None,
        };
        let body = serde_json::to_string(&nueva).ok();
        send::<ClaveNueva>(
            Method::POST,
            "/api/v1/users".into(),
            body,
            reload,
            said,
            |n| {
                format!(
                    "Usuario «{}» creado. Su contraseña (se muestra una sola vez): {}",
                    n.cuenta.usuario,
                    n.password.clone().unwrap_or_default()
                )
            },
        );
        usuario.set(String::new());
    };
    let options = Rol::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=*r == Rol::Campo>{r.as_str()}</option> })
        .collect_view();
    view! {
        <form class="nuevo-usuario" on:submit=submit>
            <label>"Usuario "<input name="usuario" required bind:value=usuario/></label>
            <label>"Rol "
                <select name="rol" on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse() { rol.set(r) }
                }>{options}</select>
            </label>
            <label>"Empleado (técnicos) "<input name="empleado" inputmode="numeric" bind:value=empleado/></label>
            <button type="submit">"Crear usuario"</button>
        </form>
    }
}

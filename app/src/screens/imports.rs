//! Imports, for the office (they need the server): for one work order, uploading an Anexo C
//! workbook or an MS Project schedule with the import's progress, the imported partidas, and
//! each schedule version as a Gantt chart; for all, the import history.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::api::{
    EstadoImportacion, Importacion, PaginaImportaciones, PartidaAnexo, Subida, TareaCronograma,
    TipoImportacion, VersionCronograma,
};
use rust_decimal::Decimal;
use uuid::Uuid;
use web_sys::{FormData, HtmlFormElement};

use crate::api;
use crate::context::Dispositivo;
use crate::screens::gantt::Gantt;

/// Rows of the history per page.
const POR_PAGINA: usize = 20;

/// Imports of the work order `id`, or the history of all when `None`.
#[component]
pub fn Importaciones(
    /// The work order's document id; `None` for every import.
    id: Option<Uuid>,
) -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let store = d.store;
    // The folio heads the screen (the app knows the work order by its document id).
    let folio = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let resumen = store.summary(id?).await.ok()??;
            Some(resumen.orden_trabajo)
        }
    });
    let recargar = RwSignal::new(0u32);
    view! {
        <section class="importaciones">
            <h2>"Importaciones"</h2>
            {match id {
                Some(id) => view! {
                    <p>{move || folio.get().flatten().map(|f| format!("Orden {f}"))}</p>
                    <Subir ot=id recargar/>
                    <Partidas ot=id recargar/>
                    <Programas ot=id recargar/>
                }.into_any(),
                None => view! {
                    <p class="ayuda">"Para importar, abra una orden y elija «Anexo C y programa»."</p>
                }.into_any(),
            }}
            <ListaImportaciones ot=id recargar/>
        </section>
    }
}

/// The upload: the kind, the version name of a schedule, the file; then the import's progress
/// until it ends.
#[component]
fn Subir(ot: Uuid, recargar: RwSignal<u32>) -> impl IntoView {
    let perfil = expect_context::<Dispositivo>().perfil;
    let programa = RwSignal::new(false);
    let progreso = RwSignal::new(None::<Importacion>);
    let error = RwSignal::new(None::<String>);
    let enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form: HtmlFormElement = event_target(&ev);
        let Ok(datos) = FormData::new_with_form(&form) else {
            return;
        };
        let csrf =
            perfil.with_untracked(|p| p.as_ref().map(|p| p.csrf.clone()).unwrap_or_default());
        let ruta = if programa.get_untracked() {
            "schedules"
        } else {
            "anexo"
        };
        error.set(None);
        spawn_local(async move {
            let ruta = format!("/api/v1/work-orders/{ot}/{ruta}");
            match api::post_form::<Subida>(&ruta, datos, &csrf).await {
                Ok(s) => seguir(s.id, progreso, error).await,
                Err(e) => error.set(Some(e)),
            }
            recargar.update(|n| *n += 1);
        });
    };
    view! {
        <form class="subir" on:submit=enviar>
            <select name="tipo" on:change=move |ev| programa.set(event_target_value(&ev) == "programa")>
                <option value="anexo">"Anexo C (Excel)"</option>
                <option value="programa">"Programa (MS Project)"</option>
            </select>
            <Show when=move || programa.get()>
                <input type="text" name="nombre_version" placeholder="Nombre de la versión"/>
            </Show>
            <input type="file" name="archivo" required
                accept=move || if programa.get() { ".xml,.mpp,.mpt,.mpx" } else { ".xlsx,.xlsm,.xls,.xlsb,.ods" }/>
            <button type="submit">"Importar"</button>
        </form>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || progreso.get().map(|i| view! { <Avance i/> })}
    }
}

/// Polls import `id` until it ends, showing each step.
async fn seguir(id: i64, progreso: RwSignal<Option<Importacion>>, error: RwSignal<Option<String>>) {
    loop {
        match api::get::<Importacion>(&format!("/api/v1/imports/{id}")).await {
            Ok(i) => {
                let fin = i.estado.ended();
                progreso.set(Some(i));
                if fin {
                    return;
                }
            }
            Err(e) => {
                error.set(Some(e));
                return;
            }
        }
        TimeoutFuture::new(400).await;
    }
}

/// The progress bar of one import, and how it ended.
#[component]
fn Avance(i: Importacion) -> impl IntoView {
    let (hechos, total) = (i.hechos, i.total.max(1));
    let texto = match i.estado {
        EstadoImportacion::Terminada => format!("Importación terminada: {hechos} de {total}"),
        EstadoImportacion::Fallida => format!(
            "La importación falló: {}",
            i.mensaje_error.clone().unwrap_or_default()
        ),
        _ => format!("Importando… {hechos} de {total}"),
    };
    view! {
        <div class="avance-importacion" data-estado=i.estado.clave()>
            <progress max=total value=hechos></progress>
            <span>{texto}</span>
        </div>
    }
}

/// The server's answer at `ruta` as text, read again whenever an import ends (`recargar`) or
/// a signal `ruta` reads changes.
fn leer(
    recargar: RwSignal<u32>,
    ruta: impl Fn() -> String + 'static,
) -> LocalResource<Result<String, String>> {
    LocalResource::new(move || {
        recargar.track();
        let ruta = ruta();
        async move { api::texto(&ruta).await }
    })
}

/// The Anexo C items of the latest import, with the Excel export.
#[component]
fn Partidas(ot: Uuid, recargar: RwSignal<u32>) -> impl IntoView {
    let partidas = leer(recargar, move || {
        format!("/api/v1/work-orders/{ot}/anexo-items")
    });
    let tabla = move |ps: Vec<PartidaAnexo>| {
        let total = ps.len();
        let filas = ps
            .into_iter()
            .take(200)
            .map(|p| view! {
                <tr>
                    <td>{p.partida}</td><td class="descripcion">{p.descripcion}</td><td>{p.unidad}</td>
                    <td class="numero">{decimal(p.cantidad)}</td><td class="numero">{decimal(p.precio_unitario_mxn)}</td>
                    <td class="numero">{decimal(p.importe_mxn)}</td><td>{format!("{} · fila {}", p.hoja, p.fila)}</td>
                </tr>
            })
            .collect_view();
        view! {
            <p>{format!("{total} partidas")}{(total > 200).then_some(" (se muestran las primeras 200)")}
                " · "<a href=format!("/api/v1/work-orders/{ot}/anexo-items.xlsx")>"Descargar en Excel"</a></p>
            <table class="partidas">
                <thead><tr><th>"Partida"</th><th>"Descripción"</th><th>"Unidad"</th><th>"Cantidad"</th>
                    <th>"P. U. MXN"</th><th>"Importe MXN"</th><th>"Origen"</th></tr></thead>
                <tbody>{filas}</tbody>
            </table>
        }
    };
    view! {
        <section class="anexo">
            <h3>"Partidas del Anexo C"</h3>
            <Transition fallback=|| view! { <p>"Cargando partidas…"</p> }>
                {move || partidas.get().map(|r| match r.and_then(|t| api::de_json::<Vec<PartidaAnexo>>(&t)) {
                    Ok(ps) if ps.is_empty() => view! { <p>"Sin Anexo C importado"</p> }.into_any(),
                    Ok(ps) => tabla(ps).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// An amount as the API gives it, exact (blank when the file had none).
fn decimal(cantidad: Option<Decimal>) -> String {
    cantidad.map(|c| c.to_string()).unwrap_or_default()
}

/// The schedule versions; the chosen one (the newest at first) as a Gantt chart.
#[component]
fn Programas(ot: Uuid, recargar: RwSignal<u32>) -> impl IntoView {
    let versiones = leer(recargar, move || {
        format!("/api/v1/work-orders/{ot}/schedules")
    });
    let versiones = move || {
        versiones
            .get()
            .map(|r| r.and_then(|t| api::de_json::<Vec<VersionCronograma>>(&t)))
    };
    let elegida = RwSignal::new(None::<i64>);
    let tareas = LocalResource::new(move || {
        let version = elegida.get().or_else(|| {
            versiones()
                .and_then(|v| v.ok())
                .and_then(|v| v.first().map(|v| v.id))
        });
        async move {
            let Some(version) = version else {
                return Ok(String::new());
            };
            api::texto(&format!(
                "/api/v1/work-orders/{ot}/schedules/{version}/tasks"
            ))
            .await
        }
    });
    view! {
        <section class="programas">
            <h3>"Programa"</h3>
            <Transition fallback=|| view! { <p>"Cargando versiones…"</p> }>
                {move || versiones().map(|r| match r {
                    Ok(vs) if vs.is_empty() => view! { <p>"Sin programa importado"</p> }.into_any(),
                    Ok(vs) => view! {
                        <select name="version" on:change=move |ev| elegida.set(event_target_value(&ev).parse().ok())>
                            {vs.into_iter().map(|v| view! {
                                <option value=v.id.to_string()>{format!("{} ({} tareas)", v.nombre_version, v.tareas)}</option>
                            }).collect_view()}
                        </select>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
                {move || tareas.get().map(dibujar_programa)}
            </Transition>
        </section>
    }
}

/// The chosen version's tasks as a Gantt chart (nothing while no version is chosen).
fn dibujar_programa(tareas: Result<String, String>) -> AnyView {
    match tareas {
        Ok(t) if t.is_empty() => ().into_any(),
        r => match r.and_then(|t| api::de_json::<Vec<TareaCronograma>>(&t)) {
            Ok(ts) => view! { <Gantt tareas=ts/> }.into_any(),
            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        },
    }
}

/// The import history, newest first, paged; of one work order when it is given.
#[component]
fn ListaImportaciones(ot: Option<Uuid>, recargar: RwSignal<u32>) -> impl IntoView {
    let pagina = RwSignal::new(1usize);
    let historial = leer(recargar, move || {
        let de_ot = ot.map(|ot| format!("&id_ot={ot}")).unwrap_or_default();
        format!(
            "/api/v1/imports?pagina={}&por_pagina={POR_PAGINA}{de_ot}",
            pagina.get()
        )
    });
    let tabla = move |h: PaginaImportaciones| {
        let paginas = (h.total.max(0) as usize).div_ceil(POR_PAGINA).max(1);
        let filas = h
            .datos
            .into_iter()
            .map(|i| {
                view! {
                    <tr data-id=i.id data-estado=i.estado.clave()>
                        <td>{i.creado.format("%Y-%m-%d %H:%M").to_string()}</td>
                        <td>{if i.tipo == TipoImportacion::Anexo { "Anexo C" } else { "Programa" }}</td>
                        <td>{i.orden_trabajo}</td><td>{i.archivo}</td><td>{i.usuario}</td>
                        <td>{i.estado.clave()}</td><td>{i.mensaje_error}</td>
                    </tr>
                }
            })
            .collect_view();
        let actual = pagina.get_untracked();
        view! {
            <table class="ots">
                <thead><tr><th>"Fecha"</th><th>"Tipo"</th><th>"OT"</th><th>"Archivo"</th><th>"Usuario"</th>
                    <th>"Estado"</th><th>"Error"</th></tr></thead>
                <tbody>{filas}</tbody>
            </table>
            <nav class="paginas">
                <button disabled=actual <= 1 on:click=move |_| pagina.update(|p| *p -= 1)>"Anterior"</button>
                <span>{format!("Página {actual} de {paginas}")}</span>
                <button disabled=actual >= paginas on:click=move |_| pagina.update(|p| *p += 1)>"Siguiente"</button>
            </nav>
        }
    };
    view! {
        <section class="historial-importaciones">
            <h3>"Historial de importaciones"</h3>
            <Transition fallback=|| view! { <p>"Cargando historial…"</p> }>
                {move || historial.get().map(|r| match r.and_then(|t| api::de_json::<PaginaImportaciones>(&t)) {
                    Ok(h) => tabla(h).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

//! One work order on this device: its header, overall progress and steps, each step's status,
//! dates and comment editable with one touch, and the fields concurrent edits left with several
//! values, each value offered to pick, and the server's notices of what it undid and why. An
//! edit is a change of the local document, stored in
//! IndexedDB before the screen shows it; the background sync sends it.

use chrono::{NaiveDate, Timelike};
use leptos::prelude::*;
use ote_shared::codes::{EstatusOt, EstatusPaso, Proceso};
use ote_shared::document::{self, Conflicto};
use ote_shared::model::{
    Coleccion, EventoHistorial, FechaPaso, FieldPath, Foto, OrdenTrabajo, Paso,
};
use ote_shared::rules::{Comentario, transicion, transicion_paso};
use ote_shared::sync::Notice;
use ote_shared::sync::device::{self, DeviceStore};
use uuid::Uuid;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::catalogs::Catalogos;
use crate::context::Dispositivo;
use crate::routes::Screen;
use crate::session::Perfil;
use crate::summary::Resumen;

/// The work order as the device has it and its conflicts: `None` while it loads, `Some(None)`
/// when the device does not have it.
type Vista = Option<Option<(OrdenTrabajo, Vec<Conflicto>)>>;

/// The work order `id`, until the user goes back to the list.
#[component]
pub fn Detalle(
    /// The work order's document id.
    id: Uuid,
) -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let version = d.sync.estado.version;
    let store = d.store;
    let ot = LocalResource::new(move || {
        version.track();
        let store = store.get_value();
        async move {
            let stored = store.load(id).await.ok().flatten()?;
            let ot = document::read(&stored.doc).ok()?;
            Some((ot, document::conflicts(&stored.doc).unwrap_or_default()))
        }
    });
    // Redrawn only when this work order changed: a sync that brought other documents must not
    // rebuild the inputs someone is typing in.
    let vista: Memo<Vista> = Memo::new(move |_| ot.get());
    let estatus = Memo::new(move |_| {
        vista.with(|v| {
            v.as_ref()
                .and_then(Option::as_ref)
                .map(|(ot, _)| ot.id_estatus_ot)
        })
    });
    let avisos = LocalResource::new(move || {
        version.track();
        let store = store.get_value();
        async move {
            let todos = store.notices().await.unwrap_or_default();
            todos
                .into_iter()
                .filter(|n| n.doc_id == id)
                .collect::<Vec<_>>()
        }
    });
    let nombres = d.catalogos;
    let error = RwSignal::new(None::<String>);
    let screen = d.screen;
    // A read-only user sees everything and can change nothing: the form controls are disabled
    // (the server would refuse the change anyway).
    let perfil = d.perfil;
    let solo_lectura = move || perfil.with(|p| p.as_ref().is_none_or(Perfil::solo_lectura));
    view! {
        <section class="detalle">
            <nav class="acciones">
                <button class="volver" on:click=move |_| screen.go(Screen::Lista)>"← Órdenes de trabajo"</button>
                <Show when=move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea))>
                    <button class="editar" on:click=move |_| screen.go(Screen::Formulario(Some(id)))>"Editar datos"</button>
                    <button class="importar" on:click=move |_| screen.go(Screen::Importaciones(Some(id)))>"Anexo C y programa"</button>
                </Show>
            </nav>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || avisos.get().filter(|a| !a.is_empty()).map(|a| view! { <Avisos id avisos=a/> })}
            {move || match vista.get() {
                None => view! { <p>"Abriendo la orden…"</p> }.into_any(),
                Some(None) => view! { <p class="error">"Esta orden no está en este dispositivo"</p> }.into_any(),
                Some(Some((ot, _))) => view! { <Encabezado ot=ot.clone()/><Cadena ot/> }.into_any(),
            }}
            // Each part redrawn only when what it shows changed: a reason or a comment being
            // typed stays while a sync brings other changes.
            <Show when=move || estatus.get().is_some()>
                <fieldset class="edicion" disabled=solo_lectura>
                    {move || estatus.get().map(|actual| view! { <CambioEstatus id actual error/> })}
                    {move || vista.get().flatten().map(|(ot, conflictos)| {
                        let nombres = nombres.get().unwrap_or_default();
                        view! {
                            <Reprogramar ot=ot.clone() error/>
                            <Conflictos ot=ot.clone() conflictos nombres error/>
                            <Fotos ot error/>
                        }
                    })}
                    <Pasos ot=id vista error/>
                </fieldset>
            </Show>
            {move || vista.get().flatten().map(|(ot, _)| view! { <Historial ot/> })}
        </section>
    }
}

#[component]
fn Encabezado(ot: OrdenTrabajo) -> impl IntoView {
    let progreso = ot.progreso();
    view! {
        <header class="encabezado">
            <h2>{ot.orden_trabajo.clone()}</h2>
            <p class="descripcion">{ot.descripcion_trabajo.clone()}</p>
            <p>{format!("{} · {} · Oficio {}", tipo(&ot), ot.id_estatus_ot.label(), ot.oficio_ot)}</p>
            <div class="avance" title="Avance">
                <progress max="100" value=progreso></progress>
                <span>{format!("{progreso:.0} %")}</span>
            </div>
        </header>
    }
}

/// The chain of reprogrammings this work order belongs to: the initial OT and each
/// reprogramming of it on this device, in order, the open one marked; touching one opens it.
#[component]
fn Cadena(ot: OrdenTrabajo) -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let (store, screen) = (d.store, d.screen);
    let principal = ot.ot_principal.unwrap_or(ot.id);
    let cadena = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let mut cadena: Vec<Resumen> = store
                .summaries()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|r| r.id == principal || r.ot_principal == Some(principal))
                .collect();
            cadena.sort_by_key(|r| (r.ot_principal.is_some(), r.num_reprogramacion));
            cadena
        }
    });
    let abierta = ot.id;
    move || {
        let cadena = cadena.get().unwrap_or_default();
        (cadena.len() > 1).then(|| {
            let eslabones = cadena
                .into_iter()
                .map(|r| {
                    let nombre = match r.num_reprogramacion {
                        _ if r.ot_principal.is_none() => "Inicial".to_owned(),
                        Some(n) => format!("Reprogramación {n}"),
                        None => "Reprogramación (sin número aún)".to_owned(),
                    };
                    let id = r.id;
                    view! {
                        <li class:actual=id == abierta>
                            <button on:click=move |_| screen.go(Screen::Detalle(id))>{nombre}</button>
                        </li>
                    }
                })
                .collect_view();
            view! { <nav class="cadena"><h3>"Cadena de reprogramaciones"</h3><ol>{eslabones}</ol></nav> }
        })
    }
}

/// What the server undid in this work order and why (its rules' Spanish messages), newest last;
/// "Entendido" forgets them (and the list's badge goes).
#[component]
fn Avisos(id: Uuid, avisos: Vec<Notice>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let recientes = avisos.len().saturating_sub(5);
    let lista = avisos
        .into_iter()
        .skip(recientes)
        .map(|n| view! { <li data-codigo=n.code>{n.message}</li> })
        .collect_view();
    let entendido = move |_| {
        d.with_value(|d| {
            let d = d.clone();
            leptos::task::spawn_local(async move {
                if d.store().dismiss_notices(id).await.is_ok() {
                    d.sync.estado.version.update(|v| *v += 1);
                }
            });
        })
    };
    view! {
        <section class="avisos" role="status">
            <h3>"El servidor deshizo cambios de esta orden"</h3>
            <ul>{lista}</ul>
            <button class="entendido" on:click=entendido>"Entendido"</button>
        </section>
    }
}

/// The work order's status history, newest first, as the document carries it (so offline too).
#[component]
fn Historial(ot: OrdenTrabajo) -> impl IntoView {
    let mut eventos: Vec<EventoHistorial> = ot.historial.into_values().collect();
    eventos.sort_by_key(|e| std::cmp::Reverse(e.fecha));
    let filas = eventos
        .into_iter()
        .map(|e| {
            // By hand: chrono's strftime formatter would be its only use in the app (bundle).
            let fecha = format!(
                "{} {:02}:{:02} UTC",
                e.fecha.date_naive(),
                e.fecha.hour(),
                e.fecha.minute()
            );
            let cambio = format!("{} → {}", e.estatus_anterior.label(), e.estatus_nuevo.label());
            view! { <tr><td>{fecha}</td><td>{e.usuario}</td><td>{cambio}</td><td>{e.comentario}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="historial">
            <h3>"Historial de estatus"</h3>
            <table>
                <thead><tr><th>"Fecha"</th><th>"Usuario"</th><th>"Cambio"</th><th>"Motivo"</th></tr></thead>
                <tbody>{filas}</tbody>
            </table>
        </section>
    }
}

/// The status change: only the statuses the shared rules allow from the current one, and the
/// reason, required where the rules require it, checked before anything is saved.
#[component]
fn CambioEstatus(id: Uuid, actual: EstatusOt, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let destino = RwSignal::new(None::<EstatusOt>);
    let motivo = RwSignal::new(String::new());
    let opciones = EstatusOt::ALL
        .iter()
        .filter(|s| **s != actual && transicion(actual, **s).is_some())
        .map(|s| view! { <option value=s.code().to_string()>{s.label()}</option> })
        .collect_view();
    let enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(nuevo) = destino.get() else {
            error.set(Some("Elija el nuevo estatus".into()));
            return;
        };
        let comentario = motivo.get().trim().to_owned();
        if transicion(actual, nuevo) == Some(Comentario::Requerido) && comentario.is_empty() {
            error.set(Some(format!(
                "Para pasar a «{}» escriba el motivo",
                nuevo.label()
            )));
            return;
        }
        d.with_value(|d| cambiar_estatus(d, id, nuevo, comentario, error));
    };
    view! {
        <form class="cambio-estatus" on:submit=enviar>
            <select name="nuevo_estatus" on:change=move |ev| {
                destino.set(event_target_value(&ev).parse().ok().and_then(EstatusOt::from_code));
            }>
                <option value="">"Cambiar estatus…"</option>
                {opciones}
            </select>
            <input type="text" name="motivo" placeholder="Motivo del cambio"
                prop:value=motivo on:input=move |ev| motivo.set(event_target_value(&ev))/>
            <button type="submit">"Cambiar estatus"</button>
        </form>
    }
}

/// For the office: a reprogramming of this work order, made on the device (the server numbers
/// it in the chain and gives it its steps), then opened.
#[component]
fn Reprogramar(ot: OrdenTrabajo, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let perfil = d.with_value(|d| d.perfil);
    let planea = move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea));
    let ot = StoredValue::new(ot);
    view! {
        <Show when=planea>
            <button class="reprogramar" on:click=move |_| {
                let nueva = ot.with_value(|ot| ot.reprogramacion(Uuid::new_v4()));
                d.with_value(|d| reprogramar(d, nueva, error));
            }>"Reprogramar"</button>
        </Show>
    }
}

fn reprogramar(d: &Dispositivo, nueva: OrdenTrabajo, error: RwSignal<Option<String>>) {
    // Cleared now: saving opens the new work order, and this screen's signals go with it.
    error.set(None);
    let (screen, autor) = (d.screen, d.autor());
    d.save(error, "la reprogramación", move |store| async move {
        device::create(&*store, autor, &nueva).await.map(|()| {
            screen.go(Screen::Detalle(nueva.id));
            true
        })
    });
}

/// Stores the status change and its entry in the history, as the signed-in user.
fn cambiar_estatus(
    d: &Dispositivo,
    ot: Uuid,
    nuevo: EstatusOt,
    comentario: String,
    error: RwSignal<Option<String>>,
) {
    let usuario = d
        .perfil
        .get_untracked()
        .map(|p| p.usuario)
        .unwrap_or_default();
    let (fecha, autor) = (crate::clock::ahora(), d.autor());
    d.save(error, "el cambio de estatus", move |store| async move {
        let editado = device::edit(&*store, autor, ot, |o| {
            o.cambiar_estatus(nuevo, &usuario, &comentario, fecha);
        })
        .await;
        editado.map(|(_, cambio)| cambio)
    });
}

/// The photos by proceso (before, during, after the service), each group with a button that
/// opens the tablet's camera; a photo is kept on the device until it uploads.
#[component]
fn Fotos(ot: OrdenTrabajo, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let id = ot.id;
    let grupos = Proceso::ALL
        .iter()
        .map(|proceso| {
            let proceso = *proceso;
            let mut fotos: Vec<Foto> = ot
                .fotos
                .values()
                .filter(|f| f.proceso == proceso)
                .cloned()
                .collect();
            fotos.sort_by_key(|f| f.creado);
            let lista = fotos
                .into_iter()
                .map(|f| view! { <li>{f.titulo}</li> })
                .collect_view();
            view! {
                <div class="proceso">
                    <h4>{proceso.label()}</h4>
                    <ul>{lista}</ul>
                    <label class="tomar">"Tomar foto"
                        <input type="file" accept="image/*" capture="environment"
                            name=format!("foto_{}", proceso.code())
                            on:change=move |ev| {
                                let input = event_target::<HtmlInputElement>(&ev);
                                if let Some(file) = input.files().and_then(|l| l.get(0)) {
                                    d.with_value(|d| tomar_foto(d, id, proceso, file, error));
                                }
                                input.set_value("");
                            }/>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <section class="fotos"><h3>"Fotos"</h3><div class="procesos">{grupos}</div></section> }
}

/// Keeps the photo on the device and adds it to the work order.
fn tomar_foto(
    d: &Dispositivo,
    ot: Uuid,
    proceso: Proceso,
    file: web_sys::File,
    error: RwSignal<Option<String>>,
) {
    let (creado, autor) = (crate::clock::ahora(), d.autor());
    d.save(error, "la foto", move |store| async move {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| "no se pudo leer el archivo".to_owned())?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let mime = Some(file.type_())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "application/octet-stream".into());
        let tomada = device::FotoTomada {
            proceso,
            titulo: file.name(),
            tipo_mime: mime,
            bytes,
            creado,
        };
        device::add_photo(&*store, autor, ot, tomada)
            .await
            .map(|_| true)
            .map_err(|e| e.to_string())
    });
}

/// Each field with concurrent values: what it is, and a button per value to keep that one.
#[component]
fn Conflictos(
    ot: OrdenTrabajo,
    conflictos: Vec<Conflicto>,
    nombres: Catalogos,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    if conflictos.is_empty() {
        return None;
    }
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let id = ot.id;
    let filas = conflictos
        .into_iter()
        .map(|c| {
            let etiqueta = etiqueta(&c.campo, &ot, &nombres);
            let botones = c
                .valores
                .into_iter()
                .map(|valor| {
                    let campo = c.campo.clone();
                    let texto = format!("Usar «{}»", mostrar(&valor));
                    view! {
                        <button class="elegir" on:click=move |_| {
                            let (campo, valor) = (campo.clone(), valor.clone());
                            d.with_value(|d| elegir(d, id, campo, valor, error));
                        }>{texto}</button>
                    }
                })
                .collect_view();
            view! { <li><span class="campo">{etiqueta}</span> {botones}</li> }
        })
        .collect_view();
    Some(view! {
        <section class="conflictos">
            <h3>"Cambios simultáneos: elija el valor que queda"</h3>
            <ul>{filas}</ul>
        </section>
    })
}

/// What a conflicting field is called on screen: `pasos.<id>.comentario` is the step's name
/// and the field.
fn etiqueta(campo: &str, ot: &OrdenTrabajo, nombres: &Catalogos) -> String {
    let nombre = |c: &str| c.replace('_', " ");
    match FieldPath::parse(campo) {
        Some(FieldPath::Entry {
            coleccion: Coleccion::Pasos,
            id,
            field: Some(c),
        }) => {
            let paso = ot
                .pasos
                .get(&id)
                .map_or_else(|| "Paso".to_owned(), |p| nombres.nombre_paso(p.id_paso));
            format!("{paso} · {}", nombre(c))
        }
        _ => nombre(campo),
    }
}

/// A value as the user reads it.
fn mostrar(valor: &serde_json::Value) -> String {
    use serde_json::Value;
    match valor {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "sí".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        // Fields in conflict are scalars: text, numbers, flags or empty.
        _ => "(vacío)".to_owned(),
    }
}

/// Keeps `valor` for `campo` on this device; the sync takes the pick everywhere.
fn elegir(
    d: &Dispositivo,
    ot: Uuid,
    campo: String,
    valor: serde_json::Value,
    error: RwSignal<Option<String>>,
) {
    d.save(error, "la elección", move |store| async move {
        device::resolve_conflict(&*store, ot, &campo, &valor)
            .await
            .map(|()| true)
    });
}

/// The work order's type, with its number in the chain once the server has given it one.
fn tipo(ot: &OrdenTrabajo) -> String {
    match ot.num_reprogramacion {
        Some(n) => format!("{} {n}", ot.id_tipo.label()),
        None => ot.id_tipo.label().to_owned(),
    }
}

/// The steps table, in template order. Rows are keyed by the step's content: when the work
/// order changes, only the steps that changed are redrawn, and an input someone is typing in
/// elsewhere in the table stays as it is.
#[component]
fn Pasos(ot: Uuid, vista: Memo<Vista>, error: RwSignal<Option<String>>) -> impl IntoView {
    let pasos = move || {
        vista.with(|v| match v {
            Some(Some((ot, _))) => ot.pasos_ordenados().into_iter().cloned().collect(),
            _ => Vec::new(),
        })
    };
    view! {
        <table class="pasos">
            <thead><tr>
                <th>"Paso"</th><th>"Estatus"</th><th>"Entrega"</th><th>"Inicio"</th>
                <th>"Término"</th><th>"Comentario"</th>
            </tr></thead>
            <tbody>
                <For each=pasos key=|paso: &Paso| paso.clone() let:paso>
                    <FilaPaso ot paso error/>
                </For>
            </tbody>
        </table>
    }
}

/// One step: a select offers only the statuses the shared rules allow from the current one.
#[component]
fn FilaPaso(ot: Uuid, paso: Paso, error: RwSignal<Option<String>>) -> impl IntoView {
    // A copyable handle, so each field's handler can own one.
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let (nombres, id_paso) = (d.with_value(|d| d.catalogos), paso.id_paso);
    // Named once the catalogs are read (an offline start reads them after the rows show).
    let nombre = move || {
        nombres
            .get()
            .map_or_else(|| format!("Paso {id_paso}"), |c| c.nombre_paso(id_paso))
    };
    let pid = paso.id;
    let actual = paso.estatus_paso;
    let opciones = EstatusPaso::ALL
        .iter()
        .filter(|s| **s == actual || transicion_paso(actual, **s))
        .map(|s| view! { <option value=s.code().to_string() selected=*s == actual>{s.label()}</option> })
        .collect_view();
    let editar = move |cambio: Box<dyn FnOnce(&mut Paso)>| {
        d.with_value(|d| save_step(d, ot, pid, error, cambio))
    };
    let fecha = move |campo: FechaPaso, valor: Option<NaiveDate>| {
        view! {
            <td><input type="date" name=campo.campo()
                prop:value=valor.map(|f| f.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let nueva = event_target_value(&ev).parse::<NaiveDate>().ok();
                    editar(Box::new(move |p| *p.fecha_mut(campo) = nueva));
                }/></td>
        }
    };
    view! {
        <tr data-paso=pid.to_string()>
            <td class="nombre">{nombre}</td>
            <td><select name="estatus_paso" on:change=move |ev| {
                let codigo = event_target_value(&ev).parse().ok().and_then(EstatusPaso::from_code);
                if let Some(s) = codigo {
                    editar(Box::new(move |p| p.estatus_paso = s));
                }
            }>{opciones}</select></td>
            {FechaPaso::ALL.map(|campo| fecha(campo, paso.fecha(campo)))}
            <td><input type="text" name="comentario" prop:value=paso.comentario.clone()
                on:change=move |ev| {
                    let texto = event_target_value(&ev).trim().to_owned();
                    editar(Box::new(move |p| p.comentario = texto));
                }/></td>
        </tr>
    }
}

/// Stores an edit of step `paso` of the work order `ot` on this device, then tells the list
/// (it reloads) and the sync (it sends the change, debounced).
fn save_step(
    d: &Dispositivo,
    ot: Uuid,
    paso: Uuid,
    error: RwSignal<Option<String>>,
    cambio: Box<dyn FnOnce(&mut Paso)>,
) {
    let autor = d.autor();
    d.save(error, "el cambio", move |store| async move {
        let editado = device::edit(&*store, autor, ot, |o| {
            if let Some(p) = o.pasos.get_mut(&paso) {
                cambio(p);
            }
        })
        .await;
        editado.map(|(_, cambio)| cambio)
    });
}

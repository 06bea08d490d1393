//! A work order's own fields (seed 001's `crear_ot` and `editar_ot`), for the office: a new
//! initial OT, or an existing one. The site selectors follow the front, the yard phase behaves
//! as the seed's (land: the patio is the site; offshore: a patio only behind the "fase de patio"
//! checkbox, with its dates), and the shared rules are checked as the user types, each message
//! under its field, before anything is saved. Saving writes the local document; the server
//! gives a new OT its steps on the next sync.

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::{FRENTE_TIERRA, Prioridad};
use ote_shared::document;
use ote_shared::model::{self, OrdenTrabajo, TipoSitio};
use ote_shared::rules::{
    self, Antes, Autor, Code, Contexto, Edicion, FasePatio, Violation, aplicar_fase_patio,
};
use ote_shared::sync::device::{self, DeviceStore};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::catalogs::Catalogos;
use crate::context::Dispositivo;
use crate::routes::Screen;

/// The form for work order `id`, or for a new one.
#[component]
pub fn Formulario(
    /// The work order's document id; `None` for a new one.
    id: Option<Uuid>,
) -> impl IntoView {
    let store = expect_context::<Dispositivo>().store;
    let original = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            match id {
                None => Some(OrdenTrabajo::new(Uuid::new_v4())),
                Some(id) => {
                    let stored = store.load(id).await.ok().flatten()?;
                    document::read(&stored.doc).ok()
                }
            }
        }
    });
    view! {
        <section class="formulario">
            <h2>{if id.is_some() { "Editar orden de trabajo" } else { "Nueva orden de trabajo" }}</h2>
            <Suspense fallback=|| view! { <p>"Abriendo la orden…"</p> }>
                {move || original.get().map(|ot| match ot {
                    Some(ot) => view! { <Campos original=ot nueva=id.is_none()/> }.into_any(),
                    None => view! { <p class="error">"Esta orden no está en este dispositivo"</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// What the form holds: the work order's fields, the yard part of the form (which
/// [`aplicar_fase_patio`] turns into fields) and the amounts as typed (a half-typed amount is
/// not lost while it does not parse).
#[derive(Debug, Clone, PartialEq)]
struct Datos {
    ot: OrdenTrabajo,
    patio: FasePatio,
    mxn: String,
    usd: String,
}

impl Datos {
    /// The work order the form stands for, or the money field that does not read as an amount.
    fn resultado(&self) -> Result<OrdenTrabajo, Violation> {
        let mut ot = self.ot.clone();
        aplicar_fase_patio(&mut ot, &self.patio);
        ot.monto_mxn = monto(&self.mxn, "monto_mxn")?;
        ot.monto_usd = monto(&self.usd, "monto_usd")?;
        Ok(ot)
    }
}

/// How a control reads its value from the form and writes it back.
type Leer<T> = fn(&Datos) -> T;
type Escribir<T> = fn(&mut Datos, T);

/// The draft being edited, what the rules say of it, and which messages to show.
#[derive(Clone, Copy)]
struct Borrador {
    datos: RwSignal<Datos>,
    errores: Memo<Vec<Violation>>,
    /// Fields the user has left, and whether they tried to save: messages show from then on.
    tocados: RwSignal<Vec<&'static str>>,
    intentado: RwSignal<bool>,
}

impl Borrador {
    /// The work order the form stands for, or the money field that does not read as an amount.
    fn resultado(&self) -> Result<OrdenTrabajo, Violation> {
        self.datos.with(Datos::resultado)
    }

    fn leer<T>(&self, leer: Leer<T>) -> T {
        self.datos.with(leer)
    }

    /// Writes a control's value and marks its field as visited.
    fn escribir<T>(&self, nombre: &'static str, escribir: Escribir<T>, valor: T) {
        self.datos.update(|d| escribir(d, valor));
        self.tocar(nombre);
    }

    /// The message to show under `campo`, if any.
    fn mensaje(&self, campo: &'static str) -> Option<String> {
        let visible = self.intentado.get() || self.tocados.with(|t| t.contains(&campo));
        visible
            .then(|| {
                self.errores.with(|e| {
                    e.iter()
                        .find(|v| v.field == campo)
                        .map(|v| v.message.clone())
                })
            })
            .flatten()
    }

    fn tocar(&self, campo: &'static str) {
        if !self.tocados.with_untracked(|t| t.contains(&campo)) {
            self.tocados.update(|t| t.push(campo));
        }
    }
}

/// An amount as typed ("1,250.50" or "1250.5"); empty is zero, as in the seed.
fn monto(texto: &str, campo: &'static str) -> Result<Decimal, Violation> {
    let limpio: String = texto
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '$'))
        .collect();
    if limpio.is_empty() {
        return Ok(Decimal::ZERO);
    }
    limpio.parse().map_err(|_| {
        Violation::with_message(
            Code::MontoDecimales,
            campo,
            "Escriba el monto como número, p. ej. 1250.50",
        )
    })
}

/// What the judgement of the device's save will say about the draft, as the user types: for a
/// new OT every rule, for an existing one what the edit broke (an old record's faults do not
/// block saving other fields), and what the user's role may not change. Rules that need other
/// work orders (a reprogramming's principal and number) are checked on saving.
fn revisar(original: &OrdenTrabajo, nueva: bool, datos: &Datos, autor: Autor) -> Vec<Violation> {
    let ot = match datos.resultado() {
        Ok(ot) => ot,
        Err(v) => return vec![v],
    };
    let (antes, base) = if nueva {
        (Antes::Nueva, rules::baseline(&ot, None))
    } else {
        (Antes::Guardada(original), original.clone())
    };
    let cambios = model::cambios(&base, &ot);
    let edicion = Edicion {
        antes,
        despues: &ot,
        cambios: &cambios,
    };
    rules::judge(autor, &edicion, &Contexto::default(), &[])
        .into_iter()
        .filter(|v| {
            !matches!(
                v.code,
                Code::PrincipalNoExiste | Code::NumReprogramacionIncorrecto
            )
        })
        .collect()
}

#[component]
fn Campos(original: OrdenTrabajo, nueva: bool) -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let (catalogos, autor) = (d.catalogos, d.autor());
    let datos = RwSignal::new(Datos {
        patio: FasePatio::de(&original),
        mxn: original.monto_mxn.to_string(),
        usd: original.monto_usd.to_string(),
        ot: original.clone(),
    });
    let original = StoredValue::new(original);
    let b = Borrador {
        datos,
        errores: Memo::new(move |_| {
            datos.with(|d| original.with_value(|o| revisar(o, nueva, d, autor)))
        }),
        tocados: RwSignal::new(Vec::new()),
        intentado: RwSignal::new(false),
    };
    let error = RwSignal::new(None::<String>);
    let d = StoredValue::new_local(d);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        b.intentado.set(true);
        let (Ok(ot), true) = (b.resultado(), b.errores.with(Vec::is_empty)) else {
            error.set(Some(
                "Corrija los campos marcados; no se guardó nada".into(),
            ));
            return;
        };
        // Cleared now: saving opens the detail, and this screen's signals go with it.
        error.set(None);
        let antes = original.get_value();
        d.with_value(|d| save_work_order(d, antes, ot, nueva, error));
    };
    let c = move || catalogos.get().unwrap_or_default();
    let responsables = move || {
        c().responsables_proyecto
            .into_iter()
            .map(|r| (r.id, r.nombre))
            .collect()
    };
    let clientes = move || c().clientes.into_iter().map(|r| (r.id, r.nombre)).collect();
    let prioridades = Prioridad::ALL
        .iter()
        .map(|p| (i64::from(p.code()), p.label().to_owned()));
    view! {
        <form class="ot" novalidate on:submit=save>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <fieldset>
                <legend>"Datos de la orden"</legend>
                {texto(b, "orden_trabajo", "Folio de la OT",
                    |d| d.ot.orden_trabajo.clone(), |d, v| d.ot.orden_trabajo = v)}
                {texto(b, "oficio_ot", "Oficio", |d| d.ot.oficio_ot.clone(), |d, v| d.ot.oficio_ot = v)}
                <p class="campo"><span>"Tipo"</span><output>{move || b.leer(|d| d.ot.id_tipo.label())}</output></p>
                {area(b, "descripcion_trabajo", "Descripción del trabajo",
                    |d| d.ot.descripcion_trabajo.clone(), |d, v| d.ot.descripcion_trabajo = v)}
                {move || seleccion(b, "id_responsable_proyecto", "Responsable del proyecto",
                    responsables(),
                    |d| d.ot.id_responsable_proyecto, |d, v| d.ot.id_responsable_proyecto = v)}
                {texto(b, "responsable_cliente", "Responsable del cliente",
                    |d| d.ot.responsable_cliente.clone(), |d, v| d.ot.responsable_cliente = v)}
                {move || seleccion(b, "id_cliente", "Cliente", clientes(),
                    |d| d.ot.id_cliente, |d, v| d.ot.id_cliente = v)}
                {seleccion(b, "prioridad", "Prioridad", prioridades.collect(),
                    |d| d.ot.prioridad.map(|p| i64::from(p.code())),
                    |d, v| d.ot.prioridad = v.and_then(Prioridad::from_code))}
                {area(b, "comentario", "Comentario general", |d| d.ot.comentario.clone(), |d, v| d.ot.comentario = v)}
            </fieldset>
            <fieldset>
                <legend>"Frente y sitio"</legend>
                {move || view! { <Sitios b catalogos=c()/> }}
            </fieldset>
            <fieldset>
                <legend>"Fechas y plazo"</legend>
                {fecha(b, "fecha_inicio_programado", "Inicio programado",
                    |d| d.ot.fecha_inicio_programado, |d, v| d.ot.fecha_inicio_programado = v)}
                {fecha(b, "fecha_termino_programado", "Término programado",
                    |d| d.ot.fecha_termino_programado, |d, v| d.ot.fecha_termino_programado = v)}
                {fecha(b, "fecha_inicio_real", "Inicio real",
                    |d| d.ot.fecha_inicio_real, |d, v| d.ot.fecha_inicio_real = v)}
                {fecha(b, "fecha_termino_real", "Término real",
                    |d| d.ot.fecha_termino_real, |d, v| d.ot.fecha_termino_real = v)}
                {numero(b, "plazo_dias", "Plazo (días)", |d| d.ot.plazo_dias, |d, v| d.ot.plazo_dias = v)}
            </fieldset>
            <fieldset>
                <legend>"Montos"</legend>
                {texto(b, "monto_mxn", "Monto MXN", |d| d.mxn.clone(), |d, v| d.mxn = v)}
                {texto(b, "monto_usd", "Monto USD", |d| d.usd.clone(), |d, v| d.usd = v)}
            </fieldset>
            <button type="submit" class="guardar">{if nueva { "Crear orden" } else { "Guardar cambios" }}</button>
        </form>
    }
}

/// The front, the sites of its kinds, and the yard phase.
#[component]
fn Sitios(b: Borrador, catalogos: Catalogos) -> impl IntoView {
    let frentes = catalogos
        .frentes
        .iter()
        .map(|f| (f.id, f.descripcion.clone()))
        .collect();
    let frente = Memo::new(move |_| b.leer(|d| d.patio.id_frente));
    let catalogos = StoredValue::new(catalogos);
    let opciones = move |tipo: TipoSitio, frente: Option<i64>| -> Vec<(i64, String)> {
        catalogos.with_value(|c| {
            c.sitios(tipo, frente)
                .map(|s| (s.id, s.descripcion.clone()))
                .collect()
        })
    };
    let sitio = move |tipo, campo, etiqueta, leer: Leer<Option<i64>>, escribir| {
        let lista = opciones(tipo, frente.get());
        (!lista.is_empty()).then(|| seleccion(b, campo, etiqueta, lista, leer, escribir))
    };
    view! {
        {seleccion(b, "id_frente", "Frente", frentes, |d| d.patio.id_frente, elegir_frente)}
        {move || sitio(TipoSitio::Embarcacion, "id_embarcacion", "Embarcación",
            |d| d.ot.id_embarcacion, |d, v| d.ot.id_embarcacion = v)}
        {move || sitio(TipoSitio::Plataforma, "id_plataforma", "Plataforma",
            |d| d.ot.id_plataforma, |d, v| d.ot.id_plataforma = v)}
        {move || sitio(TipoSitio::Intercom, "id_intercom", "Intercom",
            |d| d.ot.id_intercom, |d, v| d.ot.id_intercom = v)}
        {move || if frente.get() == Some(FRENTE_TIERRA) {
            seleccion(b, "id_patio", "Patio", opciones(TipoSitio::Patio, frente.get()),
                |d| d.patio.id_patio, |d, v| d.patio.id_patio = v)
        } else {
            view! { <FasePatioCampos b patios=opciones(TipoSitio::Patio, Some(FRENTE_TIERRA))/> }.into_any()
        }}
    }
}

/// A changed front drops the sites of the old one; the yard part of the form follows it (it
/// decides what the patio means).
fn elegir_frente(d: &mut Datos, frente: Option<i64>) {
    (d.ot.id_frente, d.patio.id_frente) = (frente, frente);
    (d.ot.id_embarcacion, d.ot.id_plataforma, d.ot.id_intercom) = (None, None, None);
}

/// Offshore: the "fase de patio" checkbox, and behind it the patio and its dates.
#[component]
fn FasePatioCampos(b: Borrador, patios: Vec<(i64, String)>) -> impl IntoView {
    let marcado = move || b.leer(|d| d.patio.check_fase_patio);
    let patios = StoredValue::new(patios);
    view! {
        <label class="casilla">
            <input type="checkbox" name="check_fase_patio" prop:checked=marcado
                on:change=move |ev| b.datos.update(|d| d.patio.check_fase_patio = event_target_checked(&ev))/>
            "Requiere fase de patio"
        </label>
        <Show when=marcado>
            {seleccion(b, "id_patio", "Patio de la fase", patios.get_value(),
                |d| d.patio.id_patio_fase, |d, v| d.patio.id_patio_fase = v)}
            {fecha(b, "fecha_inicio_patio", "Inicio en patio",
                |d| d.patio.fecha_inicio_patio, |d, v| d.patio.fecha_inicio_patio = v)}
            {fecha(b, "fecha_fin_patio", "Fin en patio",
                |d| d.patio.fecha_fin_patio, |d, v| d.patio.fecha_fin_patio = v)}
        </Show>
    }
}

/// A labelled control with its rule message under it.
fn campo(b: Borrador, nombre: &'static str, etiqueta: &'static str, control: AnyView) -> AnyView {
    let mensaje = move || b.mensaje(nombre);
    view! {
        <div class="campo" class:invalido=move || mensaje().is_some()>
            <label for=nombre>{etiqueta}</label>
            {control}
            {move || mensaje().map(|m| view! { <p class="mensaje" data-campo=nombre>{m}</p> })}
        </div>
    }
    .into_any()
}

/// A line of text (amounts too: they are read when the form is checked).
fn texto(
    b: Borrador,
    nombre: &'static str,
    etiqueta: &'static str,
    leer: Leer<String>,
    escribir: Escribir<String>,
) -> AnyView {
    let control = view! {
        <input type="text" id=nombre name=nombre prop:value=move || b.leer(leer)
            on:input=move |ev| b.datos.update(|d| escribir(d, event_target_value(&ev)))
            on:blur=move |_| b.tocar(nombre)/>
    };
    campo(b, nombre, etiqueta, control.into_any())
}

fn area(
    b: Borrador,
    nombre: &'static str,
    etiqueta: &'static str,
    leer: Leer<String>,
    escribir: Escribir<String>,
) -> AnyView {
    let control = view! {
        <textarea id=nombre name=nombre rows="3" prop:value=move || b.leer(leer)
            on:input=move |ev| b.datos.update(|d| escribir(d, event_target_value(&ev)))
            on:blur=move |_| b.tocar(nombre)></textarea>
    };
    campo(b, nombre, etiqueta, control.into_any())
}

/// A select of catalog entries; the empty choice is "none".
fn seleccion(
    b: Borrador,
    nombre: &'static str,
    etiqueta: &'static str,
    opciones: Vec<(i64, String)>,
    leer: Leer<Option<i64>>,
    escribir: Escribir<Option<i64>>,
) -> AnyView {
    let actual = move || b.leer(leer);
    let opciones = opciones
        .into_iter()
        .map(|(id, nombre)| view! { <option value=id.to_string() selected=move || actual() == Some(id)>{nombre}</option> })
        .collect_view();
    let control = view! {
        <select id=nombre name=nombre
            on:change=move |ev| b.escribir(nombre, escribir, event_target_value(&ev).parse().ok())>
            <option value="" selected=move || actual().is_none()>"—"</option>
            {opciones}
        </select>
    };
    campo(b, nombre, etiqueta, control.into_any())
}

fn fecha(
    b: Borrador,
    nombre: &'static str,
    etiqueta: &'static str,
    leer: Leer<Option<NaiveDate>>,
    escribir: Escribir<Option<NaiveDate>>,
) -> AnyView {
    let control = view! {
        <input type="date" id=nombre name=nombre
            prop:value=move || b.leer(leer).map(|f| f.to_string()).unwrap_or_default()
            on:change=move |ev| b.escribir(nombre, escribir, event_target_value(&ev).parse().ok())/>
    };
    campo(b, nombre, etiqueta, control.into_any())
}

fn numero(
    b: Borrador,
    nombre: &'static str,
    etiqueta: &'static str,
    leer: Leer<Option<i32>>,
    escribir: Escribir<Option<i32>>,
) -> AnyView {
    let control = view! {
        <input type="number" id=nombre name=nombre step="1"
            prop:value=move || b.leer(leer).map(|n| n.to_string()).unwrap_or_default()
            on:input=move |ev| b.datos.update(|d| escribir(d, event_target_value(&ev).trim().parse().ok()))
            on:blur=move |_| b.tocar(nombre)/>
    };
    campo(b, nombre, etiqueta, control.into_any())
}

/// Stores the work order on this device: a new one whole, an edit as the fields the user changed
/// (what another device changed meanwhile in other fields stays); then opens it.
fn save_work_order(
    d: &Dispositivo,
    antes: OrdenTrabajo,
    ot: OrdenTrabajo,
    nueva: bool,
    error: RwSignal<Option<String>>,
) {
    let (screen, autor) = (d.screen, d.autor());
    d.save(error, "la orden", move |store| async move {
        let id = ot.id;
        let guardado = if nueva {
            device::create(&*store, autor, &ot).await.map(|()| true)
        } else {
            let cambios = model::cambios(&antes, &ot);
            let editado = device::edit(&*store, autor, id, |o| {
                // The draft came from this document: its fields read back as a work order.
                let _ = model::aplicar(o, &cambios);
            });
            editado.await.map(|(_, cambio)| cambio)
        };
        if guardado.is_ok() {
            screen.go(Screen::Detalle(id));
        }
        guardado
    });
}

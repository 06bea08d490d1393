//! Generators for property tests and load programs: random work orders that the rules accept
//! field by field, and random edits of the kinds a technician or an office user makes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::codes::{EstadoRegistro, EstatusOt, EstatusPaso, Prioridad, Proceso, TipoOt};
use crate::model::{Archivo, EventoHistorial, Foto, OrdenTrabajo, Paso};

/// Text as users type it, accents and ñ included.
pub fn texto(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9ÁÉÍÓÚáéíóúÑñü .,:/()-]{{1,{max}}}")).unwrap()
}

/// A date between 2020 and 2030.
pub fn fecha() -> impl Strategy<Value = NaiveDate> {
    (2020i32..2031, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// A start date and an end date on or after it.
pub fn rango() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    (fecha(), 0i64..400).prop_map(|(i, dias)| (i, i + chrono::Duration::days(dias)))
}

/// A non-negative amount with two decimals.
pub fn monto() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000_000).prop_map(|centavos| Decimal::new(centavos, 2))
}

/// A moment with the offset it was recorded in (whole and half hours, as time zones have).
pub fn momento_con_offset() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (1_577_836_800i64..1_924_991_999, -24i32..=28).prop_map(|(secs, half_hours)| {
        FixedOffset::east_opt(half_hours * 1800)
            .unwrap()
            .timestamp_opt(secs, 0)
            .unwrap()
    })
}

/// A UTC moment with millisecond precision.
pub fn momento() -> impl Strategy<Value = DateTime<Utc>> {
    (1_577_836_800_000i64..1_924_991_999_000).prop_map(|ms| Utc.timestamp_millis_opt(ms).unwrap())
}

/// A UUID.
pub fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

/// A file's metadata.
pub fn archivo() -> impl Strategy<Value = Archivo> {
    (
        any::<[u8; 32]>(),
        texto(30),
        1u64..50_000_000,
        prop_oneof![Just("image/jpeg"), Just("application/pdf")],
    )
        .prop_map(|(hash, nombre, tamano, mime)| Archivo {
            sha256: hash.iter().map(|b| format!("{b:02x}")).collect(),
            nombre,
            tamano,
            tipo_mime: mime.into(),
        })
}

fn one_of<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

/// A step with any status and ordered dates.
pub fn paso() -> impl Strategy<Value = Paso> {
    (
        uuid(),
        1i64..40,
        one_of(EstatusPaso::ALL),
        option::of(fecha()),
        option::of(rango()),
        texto(60),
        option::of(archivo()),
    )
        .prop_map(
            |(id, id_paso, estatus_paso, fecha_entrega, fechas, comentario, archivo)| Paso {
                id,
                id_paso,
                estatus_paso,
                fecha_entrega,
                fecha_inicio: fechas.map(|f| f.0),
                fecha_termino: fechas.map(|f| f.1),
                comentario,
                archivo,
            },
        )
}

/// A photo.
pub fn foto() -> impl Strategy<Value = Foto> {
    (
        uuid(),
        one_of(Proceso::ALL),
        texto(40),
        archivo(),
        momento(),
    )
        .prop_map(|(id, proceso, titulo, archivo, creado)| Foto {
            id,
            proceso,
            titulo,
            archivo,
            creado,
        })
}

fn evento() -> impl Strategy<Value = EventoHistorial> {
    (
        uuid(),
        momento(),
        texto(12),
        one_of(EstatusOt::ALL),
        one_of(EstatusOt::ALL),
        texto(60),
    )
        .prop_map(
            |(id, fecha, usuario, estatus_anterior, estatus_nuevo, comentario)| EventoHistorial {
                id,
                fecha,
                usuario,
                estatus_anterior,
                estatus_nuevo,
                comentario,
            },
        )
}

fn keyed<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> BTreeMap<K, T> {
    items.into_iter().map(|t| (key(&t), t)).collect()
}

/// A work order with every field drawn: both tipos, any site, up to 30 steps, photos and
/// history entries.
pub fn orden_trabajo() -> impl Strategy<Value = OrdenTrabajo> {
    let cabecera = (
        uuid(),
        one_of(TipoOt::ALL),
        (texto(20), texto(20), texto(120), texto(40), texto(80)),
        option::of(1i64..20),
        one_of(EstatusOt::ALL),
        one_of(EstadoRegistro::ALL),
        (
            option::of(rango()),
            option::of(rango()),
            option::of(rango()),
        ),
        (monto(), monto()),
        uuid(),
    );
    let sitio = (
        option::of(1i64..5),
        [
            option::of(1i64..30),
            option::of(1i64..30),
            option::of(1i64..30),
            option::of(1i64..30),
        ],
        option::of(0i32..400),
        any::<bool>(),
        option::of(1i64..10),
        option::of(1i64..20),
    );
    let extra = (
        option::of(one_of(Prioridad::ALL)),
        btree_set(1i64..60, 0..5),
        option::of(momento_con_offset()),
        option::of(momento_con_offset()),
        vec(paso(), 0..30),
        vec(foto(), 0..4),
        vec(evento(), 0..4),
    );
    (cabecera, sitio, extra).prop_map(|(c, s, e)| {
        let (
            id,
            tipo,
            (folio, oficio, descripcion, responsable, comentario),
            pte,
            estatus_ot,
            estatus,
            fechas,
            montos,
            principal,
        ) = c;
        let (
            frente,
            [embarcacion, plataforma, intercom, patio],
            plazo,
            requiere_patio,
            responsable_proyecto,
            cliente,
        ) = s;
        let (prioridad, empleados, bitacora_inicio, bitacora_llegada, pasos, fotos, historial) = e;
        let reprogramacion = tipo == TipoOt::Reprogramacion;
        OrdenTrabajo {
            id,
            id_tipo: tipo,
            id_pte_header: pte,
            orden_trabajo: folio,
            descripcion_trabajo: descripcion,
            id_responsable_proyecto: responsable_proyecto,
            responsable_cliente: responsable,
            oficio_ot: oficio,
            id_estatus_ot: estatus_ot,
            fecha_inicio_programado: fechas.0.map(|f| f.0),
            fecha_termino_programado: fechas.0.map(|f| f.1),
            fecha_inicio_real: fechas.1.map(|f| f.0),
            fecha_termino_real: fechas.1.map(|f| f.1),
            estatus,
            num_reprogramacion: reprogramacion.then_some(1),
            ot_principal: reprogramacion.then_some(principal),
            monto_mxn: montos.0,
            monto_usd: montos.1,
            id_frente: frente,
            id_embarcacion: embarcacion,
            id_plataforma: plataforma,
            id_intercom: intercom,
            id_patio: patio,
            plazo_dias: plazo,
            requiere_patio: requiere_patio && patio.is_some(),
            fecha_inicio_patio: patio.and(fechas.2).map(|f| f.0),
            fecha_fin_patio: patio.and(fechas.2).map(|f| f.1),
            id_cliente: cliente,
            comentario,
            prioridad,
            empleados: empleados.into_iter().collect::<BTreeSet<_>>(),
            bitacora_inicio_cliente: bitacora_inicio,
            bitacora_llegada_base: bitacora_llegada,
            pasos: keyed(pasos, |p| p.id),
            fotos: keyed(fotos, |f| f.id),
            historial: keyed(historial, |h| h.id),
        }
    })
}

/// One edit a user makes to a work order on a device.
#[derive(Debug, Clone)]
pub enum Edicion {
    /// Rewrite the description.
    Descripcion(String),
    /// Rewrite the general comment.
    Comentario(String),
    /// Set the amount in pesos.
    MontoMxn(Decimal),
    /// Change the work status.
    Estatus(EstatusOt),
    /// Set or clear the actual start.
    FechaInicioReal(Option<NaiveDate>),
    /// Set or clear the priority.
    Prioridad(Option<Prioridad>),
    /// Assign (true) or unassign an employee.
    Empleado(i64, bool),
    /// Add a step.
    NuevoPaso(Paso),
    /// Change the status of the n-th step (modulo the step count).
    PasoEstatus(usize, EstatusPaso),
    /// Change the comment of the n-th step.
    PasoComentario(usize, String),
    /// Attach a file to the n-th step, or remove it.
    PasoArchivo(usize, Option<Archivo>),
    /// Add a photo.
    NuevaFoto(Foto),
}

impl Edicion {
    /// Makes the edit on the model.
    pub fn apply(&self, ot: &mut OrdenTrabajo) {
        match self {
            Edicion::Descripcion(s) => ot.descripcion_trabajo = s.clone(),
            Edicion::Comentario(s) => ot.comentario = s.clone(),
            Edicion::MontoMxn(m) => ot.monto_mxn = *m,
            Edicion::Estatus(e) => ot.id_estatus_ot = *e,
            Edicion::FechaInicioReal(f) => ot.fecha_inicio_real = *f,
            Edicion::Prioridad(p) => ot.prioridad = *p,
            Edicion::Empleado(id, true) => _ = ot.empleados.insert(*id),
            Edicion::Empleado(id, false) => _ = ot.empleados.remove(id),
            Edicion::NuevoPaso(p) => _ = ot.pasos.insert(p.id, p.clone()),
            Edicion::PasoEstatus(n, e) => with_step(ot, *n, |p| p.estatus_paso = *e),
            Edicion::PasoComentario(n, c) => with_step(ot, *n, |p| p.comentario = c.clone()),
            Edicion::PasoArchivo(n, a) => with_step(ot, *n, |p| p.archivo = a.clone()),
            Edicion::NuevaFoto(f) => _ = ot.fotos.insert(f.id, f.clone()),
        }
    }
}

fn with_step(ot: &mut OrdenTrabajo, n: usize, edit: impl FnOnce(&mut Paso)) {
    let len = ot.pasos.len();
    if let Some(paso) = ot.pasos.values_mut().nth(n % len.max(1)) {
        edit(paso);
    }
}

/// Any edit.
pub fn edicion() -> impl Strategy<Value = Edicion> {
    prop_oneof![
        texto(80).prop_map(Edicion::Descripcion),
        texto(80).prop_map(Edicion::Comentario),
        monto().prop_map(Edicion::MontoMxn),
        one_of(EstatusOt::ALL).prop_map(Edicion::Estatus),
        option::of(fecha()).prop_map(Edicion::FechaInicioReal),
        option::of(one_of(Prioridad::ALL)).prop_map(Edicion::Prioridad),
        (1i64..60, any::<bool>()).prop_map(|(id, on)| Edicion::Empleado(id, on)),
        paso().prop_map(Edicion::NuevoPaso),
        (any::<usize>(), one_of(EstatusPaso::ALL)).prop_map(|(n, e)| Edicion::PasoEstatus(n, e)),
        (any::<usize>(), texto(60)).prop_map(|(n, c)| Edicion::PasoComentario(n, c)),
        (any::<usize>(), option::of(archivo())).prop_map(|(n, a)| Edicion::PasoArchivo(n, a)),
        foto().prop_map(Edicion::NuevaFoto),
    ]
}

//! What the screens call a work order's fields, and how they write a field's value: the form's
//! labels, and values named as the catalogs name them. The form labels its controls from here,
//! and conflicts and notices name fields and values with the same words.

use ote_shared::api::Catalogos;
use ote_shared::codes::{EstadoRegistro, EstatusOt, EstatusPaso, Prioridad, TipoOt};
use ote_shared::model::{Coleccion, FieldPath, OrdenTrabajo, TipoSitio};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::format::{dinero, fecha};

/// A work order's fields and what the form calls them.
const CAMPOS: &[(&str, &str)] = &[
    ("orden_trabajo", "Folio de la OT"),
    ("oficio_ot", "Oficio"),
    ("id_tipo", "Tipo"),
    ("id_pte_header", "PTE de origen"),
    ("descripcion_trabajo", "Descripción del trabajo"),
    ("id_responsable_proyecto", "Responsable del proyecto"),
    ("responsable_cliente", "Responsable del cliente"),
    ("id_cliente", "Cliente"),
    ("prioridad", "Prioridad"),
    ("comentario", "Comentario general"),
    ("fecha_inicio_programado", "Inicio programado"),
    ("fecha_termino_programado", "Término programado"),
    ("fecha_inicio_real", "Inicio real"),
    ("fecha_termino_real", "Término real"),
    ("plazo_dias", "Plazo (días)"),
    ("id_frente", "Frente"),
    ("id_embarcacion", "Embarcación"),
    ("id_plataforma", "Plataforma"),
    ("id_intercom", "Intercom"),
    ("id_patio", "Patio"),
    ("requiere_patio", "Requiere fase de patio"),
    ("fecha_inicio_patio", "Inicio en patio"),
    ("fecha_fin_patio", "Fin en patio"),
    ("monto_mxn", "Monto MXN"),
    ("monto_usd", "Monto USD"),
    ("id_estatus_ot", "Estatus"),
    ("estatus", "Estado del registro"),
    ("num_reprogramacion", "Número de reprogramación"),
    ("ot_principal", "OT principal"),
    ("empleados", "Personal asignado"),
    (
        "bitacora_inicio_cliente",
        "Inicio con el cliente (bitácora)",
    ),
    ("bitacora_llegada_base", "Llegada a base (bitácora)"),
];

/// A step's fields and what the step table calls them.
const CAMPOS_PASO: &[(&str, &str)] = &[
    ("estatus_paso", "Estatus"),
    ("fecha_entrega", "Fecha de entrega"),
    ("fecha_inicio", "Fecha de inicio"),
    ("fecha_termino", "Fecha de término"),
    ("comentario", "Comentario"),
    ("archivo", "Archivo"),
];

fn find(table: &[(&str, &'static str)], campo: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == campo).map(|(_, l)| *l)
}

/// What the form calls the work-order field `campo` (the name itself for one it does not show).
pub fn etiqueta(campo: &'static str) -> &'static str {
    find(CAMPOS, campo).unwrap_or(campo)
}

/// What the step table calls the step field `campo`.
pub fn etiqueta_paso(campo: &'static str) -> &'static str {
    find(CAMPOS_PASO, campo).unwrap_or(campo)
}

/// A field of the document by its path (`pasos.<id>.comentario` is the step's name and the
/// field's label).
pub fn nombre_de_ruta(path: &str, ot: &OrdenTrabajo, c: &Catalogos) -> String {
    match FieldPath::parse(path) {
        Some(FieldPath::Entry {
            coleccion: Coleccion::Pasos,
            id,
            field: Some(campo),
        }) => {
            let paso = ot
                .pasos
                .get(&id)
                .map_or_else(|| "Paso".to_owned(), |p| c.nombre_paso(p.id_paso));
            let label = find(CAMPOS_PASO, campo).unwrap_or(campo);
            format!("{paso} · {label}")
        }
        Some(FieldPath::Entry {
            coleccion: Coleccion::Fotos,
            field: Some(campo),
            ..
        }) => format!("Foto · {}", campo.replace('_', " ")),
        _ => find(CAMPOS, path).map_or_else(|| path.replace('_', " "), str::to_owned),
    }
}

/// The value of field `path` as a reader names it: catalog entries by name, statuses by label,
/// dates dd/mm/aaaa, amounts with their currency, a file by its name.
pub fn valor(path: &str, value: &Value, c: &Catalogos) -> String {
    let campo = path.rsplit('.').next().unwrap_or(path);
    match value {
        Value::Null => "(sin valor)".to_owned(),
        Value::Bool(b) => if *b { "sí" } else { "no" }.to_owned(),
        Value::String(s) if s.is_empty() => "(sin valor)".to_owned(),
        Value::Object(o) => o
            .get("nombre")
            .and_then(Value::as_str)
            .map_or_else(|| "(archivo)".to_owned(), str::to_owned),
        Value::Number(n) => n
            .as_i64()
            .and_then(|id| catalog_name(campo, id, c))
            .unwrap_or_else(|| n.to_string()),
        Value::String(s) => text_value(campo, s),
        Value::Array(items) => format!("{} elementos", items.len()),
    }
}

/// A text value: dates and amounts are written for a reader, the rest as it is.
fn text_value(campo: &str, s: &str) -> String {
    if campo.starts_with("fecha")
        && let Ok(d) = s.parse()
    {
        return fecha(d);
    }
    if let Some(moneda) = campo.strip_prefix("monto_")
        && let Ok(m) = s.parse::<Decimal>()
    {
        return dinero(m, &moneda.to_uppercase());
    }
    s.to_owned()
}

/// What the catalogs (or the codes) call entry `id` of the field `campo`.
fn catalog_name(campo: &str, id: i64, c: &Catalogos) -> Option<String> {
    let owned = |s: &str| s.to_owned();
    match campo {
        "id_cliente" => c
            .clientes
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.nombre.clone()),
        "id_responsable_proyecto" => c
            .responsables_proyecto
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.nombre.clone()),
        "id_frente" => c
            .frentes
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.descripcion.clone()),
        "id_pte_header" => c.pte(id).map(|p| format!("PTE {}", p.oficio_pte)),
        "id_estatus_ot" => EstatusOt::from_code(id).map(|s| owned(s.label())),
        "estatus_paso" => EstatusPaso::from_code(id).map(|s| owned(s.label())),
        "id_tipo" => TipoOt::from_code(id).map(|s| owned(s.label())),
        "prioridad" => Prioridad::from_code(id).map(|s| owned(s.label())),
        "estatus" => EstadoRegistro::from_code(id).map(|s| owned(s.label())),
        _ => {
            let tipo = TipoSitio::ALL.into_iter().find(|t| t.campo() == campo)?;
            c.sitios
                .of(tipo)
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.descripcion.clone())
        }
    }
}

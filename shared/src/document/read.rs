use automerge::{ROOT, ReadDoc, hydrate};
use serde_json::{Map, Value as Json};

use super::DocumentError;
use super::encode::{ATOMIC_FIELDS, EMPLEADOS, SCHEMA_KEY, from_scalar};
use crate::model::OrdenTrabajo;

/// The work order a document holds, taking the deterministic winner of any conflict.
pub fn read(doc: &impl ReadDoc) -> Result<OrdenTrabajo, DocumentError> {
    let mut json = map_to_json(&snapshot(doc)?);
    if let Json::Object(fields) = &mut json {
        fields.remove(SCHEMA_KEY);
    }
    serde_json::from_value(json).map_err(|e| DocumentError::Schema(e.to_string()))
}

/// The whole document in one pass (far cheaper than a lookup per field).
pub(super) fn snapshot(doc: &impl ReadDoc) -> Result<hydrate::Map, DocumentError> {
    match doc.hydrate(ROOT, None)? {
        hydrate::Value::Map(map) => Ok(map),
        _ => Err(DocumentError::Schema("la raíz no es un mapa".into())),
    }
}

fn map_to_json(map: &hydrate::Map) -> Json {
    let fields: Map<String, Json> = map
        .iter()
        .map(|(k, v)| (k.clone(), value_to_json(&v.value, k)))
        .collect();
    Json::Object(fields)
}

/// The JSON form of the value stored at `key`: the employee set becomes a list of ids, an
/// atomic field is parsed back from its JSON text.
fn value_to_json(value: &hydrate::Value, key: &str) -> Json {
    match value {
        hydrate::Value::Map(set) if key == EMPLEADOS => {
            let ids = set
                .iter()
                .filter_map(|(k, _)| k.parse::<i64>().ok())
                .map(Json::from)
                .collect();
            Json::Array(ids)
        }
        hydrate::Value::Map(map) => map_to_json(map),
        hydrate::Value::Scalar(s) => from_scalar(s, ATOMIC_FIELDS.contains(&key)),
        _ => Json::Null,
    }
}

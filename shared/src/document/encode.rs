//! The mapping between serde's JSON form of the model and Automerge scalars.

use automerge::ScalarValue;
use serde_json::Value as Json;

/// Root keys that hold maps of entries keyed by UUID.
pub(super) const COLLECTIONS: [&str; 3] = crate::model::Coleccion::NOMBRES;
/// The root key that holds a set of employee ids.
pub(super) const EMPLEADOS: &str = "empleados";
/// Entry fields stored as one JSON string so they change atomically.
pub(super) const ATOMIC_FIELDS: [&str; 1] = ["archivo"];
/// The root key of the layout version.
pub(super) const SCHEMA_KEY: &str = "_schema";

/// The scalar for a JSON value of the model; objects and arrays (an `archivo`) become JSON
/// text, so they change as one value.
pub(super) fn to_scalar(value: &Json) -> ScalarValue {
    match value {
        Json::Null => ScalarValue::Null,
        Json::Bool(b) => ScalarValue::Boolean(*b),
        Json::Number(n) => n
            .as_i64()
            .map(ScalarValue::Int)
            .unwrap_or_else(|| ScalarValue::Str(n.to_string().into())),
        Json::String(s) => ScalarValue::Str(s.as_str().into()),
        other => ScalarValue::Str(other.to_string().into()),
    }
}

/// The JSON value of a scalar; `atomic` fields are parsed back from their JSON text.
pub(super) fn from_scalar(value: &ScalarValue, atomic: bool) -> Json {
    match value {
        ScalarValue::Null => Json::Null,
        ScalarValue::Boolean(b) => Json::Bool(*b),
        ScalarValue::Int(i) => Json::from(*i),
        ScalarValue::Uint(u) => Json::from(*u),
        ScalarValue::Str(s) if atomic => {
            serde_json::from_str(s).unwrap_or_else(|_| Json::String(s.to_string()))
        }
        ScalarValue::Str(s) => Json::String(s.to_string()),
        ScalarValue::Timestamp(t) => Json::from(*t),
        _ => Json::Null,
    }
}

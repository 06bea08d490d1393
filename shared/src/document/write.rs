use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, hydrate};
use serde_json::{Map, Value as Json};

use super::encode::{COLLECTIONS, EMPLEADOS, SCHEMA_KEY, to_scalar};
use super::read::snapshot;
use super::{DocumentError, SCHEMA_VERSION};
use crate::model::OrdenTrabajo;

/// A new document holding `ot`, made by `actor` (a device's or the server's) in one change.
pub fn new_document(ot: &OrdenTrabajo, actor: ActorId) -> Result<AutoCommit, DocumentError> {
    let mut doc = AutoCommit::new().with_actor(actor);
    doc.put(ROOT, SCHEMA_KEY, SCHEMA_VERSION)?;
    // The containers exist from the first change on, so no two replicas ever make them
    // concurrently (two concurrent maps under one key would hide one another's entries).
    for key in COLLECTIONS.into_iter().chain([EMPLEADOS]) {
        doc.put_object(ROOT, key, ObjType::Map)?;
    }
    write(&mut doc, ot)?;
    doc.commit();
    Ok(doc)
}

/// Brings the document to `ot`, writing only the fields that differ from what it reads now, so
/// an edit of one field is one small change and fields the user did not touch keep any
/// conflict they have. Returns whether anything was written. The caller commits.
pub fn write(doc: &mut AutoCommit, ot: &OrdenTrabajo) -> Result<bool, DocumentError> {
    let Json::Object(fields) =
        serde_json::to_value(ot).map_err(|e| DocumentError::Schema(e.to_string()))?
    else {
        return Err(DocumentError::Schema("el modelo no es un objeto".into()));
    };
    let current = snapshot(doc)?;
    let mut changed = false;
    for (key, value) in &fields {
        let now = current.get(key);
        changed |= match key.as_str() {
            k if COLLECTIONS.contains(&k) => write_collection(doc, k, value, now)?,
            EMPLEADOS => write_set(doc, value, now)?,
            k => put_if_changed(doc, &ROOT, k, to_scalar(value), now)?,
        };
    }
    Ok(changed)
}

fn put_if_changed(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    value: ScalarValue,
    now: Option<&hydrate::Value>,
) -> Result<bool, DocumentError> {
    if same(now, &value) {
        return Ok(false);
    }
    doc.put(obj, key, value)?;
    Ok(true)
}

/// Whether a field that reads `now` already holds `value`. A missing key reads as null, so an
/// empty field is never written: a new work order's empty dates, sites and attachments were
/// some forty percent of its operations, each one applied, stored and pulled by every device.
fn same(now: Option<&hydrate::Value>, value: &ScalarValue) -> bool {
    match now {
        Some(hydrate::Value::Scalar(s)) => s == value,
        None => matches!(value, ScalarValue::Null),
        Some(_) => false,
    }
}

/// The map at `key` of `obj`, made if it is missing.
fn map_at(doc: &mut AutoCommit, obj: &ObjId, key: &str) -> Result<ObjId, DocumentError> {
    match doc.get(obj, key)? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Ok(doc.put_object(obj, key, ObjType::Map)?),
    }
}

fn as_map(value: Option<&hydrate::Value>) -> Option<&hydrate::Map> {
    match value {
        Some(hydrate::Value::Map(m)) => Some(m),
        _ => None,
    }
}

fn write_collection(
    doc: &mut AutoCommit,
    key: &str,
    value: &Json,
    now: Option<&hydrate::Value>,
) -> Result<bool, DocumentError> {
    let empty_json = Map::new();
    let empty_map = hydrate::Map::default();
    let wanted = value.as_object().unwrap_or(&empty_json);
    let existing = as_map(now).unwrap_or(&empty_map);
    let mut map: Option<ObjId> = None;
    let mut changed = false;
    for gone in existing
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !wanted.contains_key(*k))
    {
        let m = get_or_make(doc, &mut map, key)?;
        doc.delete(&m, gone.as_str())?;
        changed = true;
    }
    for (id, entry) in wanted {
        let fields = entry.as_object().unwrap_or(&empty_json);
        let before = as_map(existing.get(id));
        let dirty: Vec<(&String, ScalarValue)> = fields
            .iter()
            .map(|(f, v)| (f, to_scalar(v)))
            .filter(|(f, v)| !same(before.and_then(|b| b.get(f)), v))
            .collect();
        if dirty.is_empty() && before.is_some() {
            continue;
        }
        let m = get_or_make(doc, &mut map, key)?;
        let entry_obj = map_at(doc, &m, id)?;
        for (field, scalar) in dirty {
            doc.put(&entry_obj, field.as_str(), scalar)?;
        }
        changed = true;
    }
    Ok(changed)
}

/// The collection's map, looked up (or made) only once something in it must change.
fn get_or_make(
    doc: &mut AutoCommit,
    cached: &mut Option<ObjId>,
    key: &str,
) -> Result<ObjId, DocumentError> {
    if cached.is_none() {
        *cached = Some(map_at(doc, &ROOT, key)?);
    }
    Ok(cached.clone().expect("set above"))
}

fn write_set(
    doc: &mut AutoCommit,
    value: &Json,
    now: Option<&hydrate::Value>,
) -> Result<bool, DocumentError> {
    let wanted: Vec<String> = value
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.to_string())
        .collect();
    let empty_map = hydrate::Map::default();
    let existing = as_map(now).unwrap_or(&empty_map);
    let gone: Vec<&String> = existing
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !wanted.contains(k))
        .collect();
    let added: Vec<&String> = wanted
        .iter()
        .filter(|k| existing.get(k).is_none())
        .collect();
    if gone.is_empty() && added.is_empty() && now.is_some() {
        return Ok(false);
    }
    let map = map_at(doc, &ROOT, EMPLEADOS)?;
    for k in gone {
        doc.delete(&map, k.as_str())?;
    }
    for k in added {
        doc.put(&map, k.as_str(), true)?;
    }
    Ok(true)
}

use std::collections::{BTreeMap, BTreeSet};

use automerge::{ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc, Value, hydrate};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::DocumentError;
use super::encode::{ATOMIC_FIELDS, COLLECTIONS, EMPLEADOS, SCHEMA_KEY, from_scalar};
use super::schema::MAX_DEPTH;
use crate::model::OrdenTrabajo;

/// The work order a document holds, taking the deterministic winner of any conflict.
pub fn read(doc: &impl ReadDoc) -> Result<OrdenTrabajo, DocumentError> {
    let ot: OrdenTrabajo = from_json(map_json(doc, &ROOT, &[SCHEMA_KEY], 0))?;
    let keyed = ot.pasos.iter().all(|(k, e)| *k == e.id)
        && ot.fotos.iter().all(|(k, e)| *k == e.id)
        && ot.historial.iter().all(|(k, e)| *k == e.id);
    if !keyed {
        return Err(DocumentError::Schema(
            "una entrada con un id que no es su clave".into(),
        ));
    }
    Ok(ot)
}

/// The work order a document holds now, when it held `before` where `patches` (its diff since
/// then) start: only the root fields and the entries they touch are read again, as [`read`]
/// would read them. After one device's edit of one step of thirty, reading the whole work
/// order back cost more than applying the edit; this reads one step.
pub fn read_after(
    doc: &impl ReadDoc,
    before: &OrdenTrabajo,
    patches: &[Patch],
) -> Result<OrdenTrabajo, DocumentError> {
    let reread = touched(patches)
        .map(|touched| touched.reread(doc, before.clone()))
        .transpose()?
        .flatten();
    let ot = match reread {
        Some(ot) => ot,
        None => read(doc)?,
    };
    debug_assert_eq!(
        Some(&ot),
        read(doc).ok().as_ref(),
        "read_after differs from read"
    );
    Ok(ot)
}

/// The whole document in one pass (far cheaper than a lookup per field).
pub(super) fn snapshot(doc: &impl ReadDoc) -> Result<hydrate::Map, DocumentError> {
    match doc.hydrate(ROOT, None)? {
        hydrate::Value::Map(map) => Ok(map),
        _ => Err(DocumentError::Schema("la raíz no es un mapa".into())),
    }
}

fn from_json<T: DeserializeOwned>(json: Json) -> Result<T, DocumentError> {
    serde_json::from_value(json).map_err(|e| DocumentError::Schema(e.to_string()))
}

/// What a diff changed, in the terms of the layout (see the module's documentation).
#[derive(Default)]
struct Touched<'p> {
    /// A root field or the employee set.
    root: bool,
    /// Entries of a collection, by collection key and entry id.
    entries: BTreeSet<(&'p str, &'p str)>,
}

/// What `patches` touched; `None` for a patch the layout doesn't make (a collection replaced
/// whole, a list, text), which is left to a whole read.
fn touched(patches: &[Patch]) -> Option<Touched<'_>> {
    let mut touched = Touched::default();
    for patch in patches {
        let key = match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => key.as_str(),
            PatchAction::Conflict {
                prop: Prop::Map(key),
            } => key.as_str(),
            _ => return None,
        };
        let mut path = Vec::with_capacity(patch.path.len() + 1);
        for (_, prop) in &patch.path {
            match prop {
                Prop::Map(k) => path.push(k.as_str()),
                Prop::Seq(_) => return None,
            }
        }
        path.push(key);
        match path[..] {
            [field] if COLLECTIONS.contains(&field) => return None,
            [collection, id, ..] if COLLECTIONS.contains(&collection) => {
                touched.entries.insert((collection, id));
            }
            _ => touched.root = true,
        }
    }
    Some(touched)
}

impl Touched<'_> {
    /// `ot` with what was touched read again from `doc`; `None` when the document is not laid
    /// out as expected there, for a whole read to settle.
    fn reread(
        &self,
        doc: &impl ReadDoc,
        mut ot: OrdenTrabajo,
    ) -> Result<Option<OrdenTrabajo>, DocumentError> {
        if self.root {
            let root = read_root(doc)?;
            ot = OrdenTrabajo {
                pasos: ot.pasos,
                fotos: ot.fotos,
                historial: ot.historial,
                ..root
            };
        }
        for &(collection, id) in &self.entries {
            let done = match collection {
                "pasos" => reread_entry(doc, collection, id, &mut ot.pasos)?,
                "fotos" => reread_entry(doc, collection, id, &mut ot.fotos)?,
                _ => reread_entry(doc, collection, id, &mut ot.historial)?,
            };
            if !done {
                return Ok(None);
            }
        }
        Ok(Some(ot))
    }
}

/// The root fields and the employee set, with the collections left empty.
fn read_root(doc: &impl ReadDoc) -> Result<OrdenTrabajo, DocumentError> {
    let [pasos, fotos, historial] = COLLECTIONS;
    from_json(map_json(
        doc,
        &ROOT,
        &[SCHEMA_KEY, pasos, fotos, historial],
        0,
    ))
}

/// Reads the entry `id` of `collection` again into `entries` (removing it if it is gone);
/// `false` when the collection or the entry is not a map.
fn reread_entry<T: DeserializeOwned>(
    doc: &impl ReadDoc,
    collection: &str,
    id: &str,
    entries: &mut BTreeMap<Uuid, T>,
) -> Result<bool, DocumentError> {
    let Ok(uuid) = id.parse::<Uuid>() else {
        return Ok(false);
    };
    let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, collection)? else {
        return Ok(false);
    };
    match doc.get(&map, id)? {
        None => {
            entries.remove(&uuid);
        }
        Some((Value::Object(ObjType::Map), entry)) => {
            entries.insert(uuid, from_json(map_json(doc, &entry, &[], 2))?);
        }
        Some(_) => return Ok(false),
    }
    Ok(true)
}

/// The JSON form of the map `obj`, but for the keys in `skip`: the employee set becomes a list
/// of ids, an atomic field is parsed back from its JSON text. Walked with `map_range`, which
/// builds no tree to convert again (cheaper than `hydrate`). `depth` is how far
/// below the root `obj` sits: past [`MAX_DEPTH`] a map reads as null, so however a document
/// is nested (the schema gate lets none through deeper), reading it never recurses further.
fn map_json(doc: &impl ReadDoc, obj: &ObjId, skip: &[&str], depth: usize) -> Json {
    let mut fields = Map::new();
    for item in doc.map_range(obj, ..) {
        let key: &str = &item.key;
        if skip.contains(&key) {
            continue;
        }
        let value = match item.value.clone().into_value() {
            Value::Object(ObjType::Map) if key == EMPLEADOS => {
                let ids = doc.keys(item.id());
                Json::Array(
                    ids.filter_map(|k| k.parse::<i64>().ok())
                        .map(Json::from)
                        .collect(),
                )
            }
            Value::Object(ObjType::Map | ObjType::Table) if depth < MAX_DEPTH => {
                map_json(doc, &item.id(), &[], depth + 1)
            }
            Value::Object(_) => Json::Null,
            Value::Scalar(s) => from_scalar(&s, ATOMIC_FIELDS.contains(&key)),
        };
        fields.insert(key.to_owned(), value);
    }
    Json::Object(fields)
}

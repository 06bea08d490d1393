use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value, hydrate};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::DocumentError;
use super::encode::{ATOMIC_FIELDS, COLLECTIONS, from_scalar, to_scalar};
use super::read::snapshot;
use crate::model::FieldPath;

/// A field that concurrent writes left with more than one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflicto {
    /// The field's path: `descripcion_trabajo` or `pasos.<id>.comentario`.
    pub campo: String,
    /// Every value, the one [`super::read()`] shows first.
    pub valores: Vec<Json>,
}

/// Every field of the document that holds concurrent values, sorted by path.
pub fn conflicts(doc: &impl ReadDoc) -> Result<Vec<Conflicto>, DocumentError> {
    let root = snapshot(doc)?;
    let mut out = Vec::new();
    collect(doc, &ROOT, &root, "", &mut out)?;
    for name in COLLECTIONS {
        let Some(hydrate::Value::Map(entries)) = root.get(name) else {
            continue;
        };
        if !entries.iter().any(|(_, e)| has_conflict(&e.value)) {
            continue;
        }
        let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, name)? else {
            continue;
        };
        for (id, entry) in entries.iter() {
            if let (hydrate::Value::Map(fields), Some((Value::Object(ObjType::Map), obj))) =
                (&entry.value, doc.get(&map, id.as_str())?)
            {
                collect(doc, &obj, fields, &format!("{name}.{id}."), &mut out)?;
            }
        }
    }
    out.sort_by(|a, b| a.campo.cmp(&b.campo));
    Ok(out)
}

fn has_conflict(value: &hydrate::Value) -> bool {
    matches!(value, hydrate::Value::Map(m) if m.iter().any(|(_, v)| v.conflict))
}

/// The conflicts among the scalar fields of one map; `fields` is its snapshot, so only the
/// fields it flags are looked up again.
fn collect(
    doc: &impl ReadDoc,
    obj: &ObjId,
    fields: &hydrate::Map,
    prefix: &str,
    out: &mut Vec<Conflicto>,
) -> Result<(), DocumentError> {
    for (key, _) in fields.iter().filter(|(_, v)| v.conflict) {
        let atomic = ATOMIC_FIELDS.contains(&key.as_str());
        // get_all lists values oldest first; the winner that `read` shows is the last.
        let valores = doc
            .get_all(obj, key.as_str())?
            .iter()
            .rev()
            .filter_map(|(v, _)| match v {
                Value::Scalar(s) => Some(from_scalar(s, atomic)),
                Value::Object(_) => None,
            })
            .collect::<Vec<_>>();
        // Replicas that wrote the same value (two servers undoing the same broken edit) leave
        // nothing for a person to pick.
        if valores.iter().all(|v| *v == valores[0]) {
            continue;
        }
        out.push(Conflicto {
            campo: format!("{prefix}{key}"),
            valores,
        });
    }
    Ok(())
}

/// Settles the conflict on `campo` with the value a person picked: one write that supersedes
/// every concurrent value it has seen. The caller commits.
pub fn resolve(doc: &mut AutoCommit, campo: &str, valor: &Json) -> Result<(), DocumentError> {
    let unknown = || DocumentError::UnknownField(campo.to_owned());
    let (obj, key) = match FieldPath::parse(campo) {
        Some(FieldPath::Root(key)) => (ROOT, key),
        Some(FieldPath::Entry {
            coleccion,
            id,
            field: Some(key),
        }) => {
            let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, coleccion.nombre())?
            else {
                return Err(unknown());
            };
            let Some((Value::Object(ObjType::Map), entry)) = doc.get(&map, id.to_string())? else {
                return Err(unknown());
            };
            (entry, key)
        }
        _ => return Err(unknown()),
    };
    if doc.get(&obj, key)?.is_none() {
        return Err(unknown());
    }
    doc.put(&obj, key, to_scalar(valor))?;
    Ok(())
}

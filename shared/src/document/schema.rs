//! What a device's changes may write into a work-order document, checked operation by
//! operation before any of them is applied: a device is not trusted (SECURITY.md).
//!
//! Every operation must land where the layout (see the module above) has room for it: a known
//! root field with a value of its type, an entry keyed by a UUID in `pasos`, `fotos` or
//! `historial` with its known fields, an employee id in `empleados`. Nothing else is made, so
//! a document is never nested deeper than [`MAX_DEPTH`] and no reader's recursion depends on
//! what a sender wrote. Texts, entries, changes and operations are bounded by the constants
//! below.

use std::collections::HashMap;

use automerge::legacy::{Key, ObjectId, OpType};
use automerge::{ActorId, AutoCommit, ExpandedChange, ObjType, Prop, ROOT, ReadDoc, ScalarValue};
use uuid::Uuid;

use super::encode::{COLLECTIONS, EMPLEADOS, SCHEMA_KEY};
use crate::model::{self, OrdenTrabajo, ROOT_FIELDS};

/// Deepest an object sits below the root: root → collection → entry.
pub const MAX_DEPTH: usize = 2;
/// Most bytes of a short text (folio, oficio, names, titles, dates, ids).
pub const MAX_SHORT_TEXT_BYTES: usize = 1_000;
/// Most bytes of a long text (description, comments).
pub const MAX_LONG_TEXT_BYTES: usize = 20_000;
/// Most bytes of a file's metadata (`archivo`, kept as JSON text).
pub const MAX_ARCHIVO_BYTES: usize = 2_000;
/// Most steps a work order holds (templates give some thirty).
pub const MAX_PASOS: usize = 500;
/// Most photos a work order holds.
pub const MAX_FOTOS: usize = 2_000;
/// Most history entries a work order holds.
pub const MAX_HISTORIAL: usize = 2_000;
/// Most employees assigned to one work order.
pub const MAX_EMPLEADOS: usize = 500;
/// Most changes one push of one document carries (a week offline is a few hundred).
pub const MAX_CHANGES_PER_PUSH: usize = 10_000;
/// Most operations one push of one document carries (a new OT with its steps is some 300).
pub const MAX_OPS_PER_PUSH: usize = 200_000;

/// Why pushed changes were refused; nothing of them is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// An operation outside the layout: unknown key, wrong type, a list, a nested object.
    #[error("el cambio escribe «{0}», que no es parte de una orden de trabajo")]
    Outside(String),
    /// A text longer than its field allows.
    #[error("el campo «{0}» excede su longitud máxima")]
    TextTooLong(String),
    /// Too many changes, operations or entries.
    #[error("el documento excede el límite de {0}")]
    TooLarge(&'static str),
}

impl SchemaError {
    /// The stable code of the notice.
    pub fn code(&self) -> &'static str {
        match self {
            SchemaError::Outside(_) => "esquema_invalido",
            SchemaError::TextTooLong(_) => "texto_demasiado_largo",
            SchemaError::TooLarge(_) => "documento_demasiado_grande",
        }
    }
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Bool,
    /// Text of at most this many bytes.
    Text(usize),
}

/// One scalar field of the layout.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
    nullable: bool,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: false,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: true,
    }
}

const SHORT: Kind = Kind::Text(MAX_SHORT_TEXT_BYTES);
const LONG: Kind = Kind::Text(MAX_LONG_TEXT_BYTES);
const ARCHIVO: Kind = Kind::Text(MAX_ARCHIVO_BYTES);

/// The root's scalar field `key`: one of the model's [`ROOT_FIELDS`], or the layout's version.
fn root_field(key: &str) -> Option<Field> {
    if key == SCHEMA_KEY {
        return Some(req(SCHEMA_KEY, Kind::Int));
    }
    let field = ROOT_FIELDS.iter().find(|f| f.name == key)?;
    let kind = match field.kind {
        model::Kind::Int => Kind::Int,
        model::Kind::Bool => Kind::Bool,
        model::Kind::ShortText => SHORT,
        model::Kind::LongText => LONG,
    };
    Some(Field {
        name: field.name,
        kind,
        nullable: field.nullable,
    })
}

const PASO_FIELDS: &[Field] = &[
    req("id", SHORT),
    req("id_paso", Kind::Int),
    req("estatus_paso", Kind::Int),
    opt("fecha_entrega", SHORT),
    opt("fecha_inicio", SHORT),
    opt("fecha_termino", SHORT),
    req("comentario", LONG),
    opt("archivo", ARCHIVO),
];

const FOTO_FIELDS: &[Field] = &[
    req("id", SHORT),
    req("proceso", Kind::Int),
    req("titulo", SHORT),
    req("archivo", ARCHIVO),
    req("creado", SHORT),
];

const HISTORIAL_FIELDS: &[Field] = &[
    req("id", SHORT),
    req("fecha", SHORT),
    req("usuario", SHORT),
    req("estatus_anterior", Kind::Int),
    req("estatus_nuevo", Kind::Int),
    req("comentario", LONG),
];

/// Where an object sits in the layout.
#[derive(Debug, Clone)]
enum Place {
    Root,
    /// `pasos`, `fotos` or `historial`.
    Collection(&'static str),
    /// An entry of a collection, with its key.
    Entry(&'static str, String),
    Empleados,
}

fn entry_fields(collection: &str) -> &'static [Field] {
    match collection {
        "pasos" => PASO_FIELDS,
        "fotos" => FOTO_FIELDS,
        _ => HISTORIAL_FIELDS,
    }
}

/// Checks `changes` (decoded, in the order they will be applied) against the layout, given
/// `doc`, the document they will be applied to. Refuses the whole push on the first operation
/// outside it.
pub fn check_changes<'c>(
    doc: &AutoCommit,
    changes: impl IntoIterator<Item = &'c ExpandedChange>,
) -> Result<(), SchemaError> {
    let mut gate = Gate {
        doc,
        made: HashMap::new(),
        found: HashMap::new(),
    };
    let (mut count, mut ops) = (0usize, 0usize);
    for change in changes {
        count += 1;
        ops += change.operations.len();
        if count > MAX_CHANGES_PER_PUSH {
            return Err(SchemaError::TooLarge("cambios por envío"));
        }
        if ops > MAX_OPS_PER_PUSH {
            return Err(SchemaError::TooLarge("operaciones por envío"));
        }
        gate.check(change)?;
    }
    Ok(())
}

/// Checks the entry counts of the work order a document reads as after a merge.
pub fn check_counts(ot: &OrdenTrabajo) -> Result<(), SchemaError> {
    let limits = [
        (ot.pasos.len(), MAX_PASOS, "pasos"),
        (ot.fotos.len(), MAX_FOTOS, "fotos"),
        (ot.historial.len(), MAX_HISTORIAL, "entradas de historial"),
        (ot.empleados.len(), MAX_EMPLEADOS, "empleados"),
    ];
    match limits.into_iter().find(|(n, max, _)| n > max) {
        Some((_, _, what)) => Err(SchemaError::TooLarge(what)),
        None => Ok(()),
    }
}

/// The objects made so far by the changes checked, and the stored ones looked up, by
/// operation id: an edit of a step puts several fields of one object.
struct Gate<'d> {
    doc: &'d AutoCommit,
    made: HashMap<(u64, ActorId), Place>,
    found: HashMap<(u64, ActorId), Place>,
}

impl Gate<'_> {
    fn check(&mut self, expanded: &ExpandedChange) -> Result<(), SchemaError> {
        for (n, op) in expanded.operations.iter().enumerate() {
            let place = self.place(&op.obj)?;
            let key = match &op.key {
                Key::Map(key) if !op.insert => key.as_str(),
                _ => return Err(SchemaError::Outside("una lista".into())),
            };
            if let Some(child) = self.check_op(&place, key, &op.action)? {
                let counter = expanded.start_op.get() + n as u64;
                self.made
                    .insert((counter, expanded.actor_id.clone()), child);
            }
        }
        Ok(())
    }

    /// Where the object an operation targets sits: made by a change of this push, or found
    /// in the document (whose objects all passed this gate).
    fn place(&mut self, obj: &ObjectId) -> Result<Place, SchemaError> {
        let ObjectId::Id(id) = obj else {
            return Ok(Place::Root);
        };
        let key = (id.counter(), id.actor().clone());
        if let Some(place) = self.made.get(&key).or_else(|| self.found.get(&key)) {
            return Ok(place.clone());
        }
        let place = self.stored_place(id)?;
        self.found.insert(key, place.clone());
        Ok(place)
    }

    /// Where a stored object sits, from its path in the document.
    fn stored_place(&self, id: &automerge::legacy::OpId) -> Result<Place, SchemaError> {
        let unknown = || SchemaError::Outside("un objeto desconocido".into());
        let (exid, typ) = self
            .doc
            .import(&format!("{}@{}", id.counter(), id.actor()))
            .map_err(|_| unknown())?;
        if typ != ObjType::Map {
            return Err(unknown());
        }
        let mut path = Vec::with_capacity(MAX_DEPTH);
        for parent in self.doc.parents(&exid).map_err(|_| unknown())? {
            match parent.prop {
                Prop::Map(key) if path.len() < MAX_DEPTH => path.push(key),
                _ => return Err(unknown()),
            }
        }
        path.reverse();
        match &path[..] {
            [key] if key == EMPLEADOS => Ok(Place::Empleados),
            [key] => collection(key).map(Place::Collection).ok_or_else(unknown),
            [key, entry] => collection(key)
                .map(|c| Place::Entry(c, entry.clone()))
                .ok_or_else(unknown),
            _ => Err(unknown()),
        }
    }

    /// Checks one operation at `key` of an object at `place`; answers the place of the object
    /// it makes, if it makes one.
    fn check_op(
        &self,
        place: &Place,
        key: &str,
        action: &OpType,
    ) -> Result<Option<Place>, SchemaError> {
        let outside = || SchemaError::Outside(path(place, key));
        match (place, action) {
            (Place::Root, OpType::Make(ObjType::Map)) => {
                let child = match collection(key) {
                    Some(c) => Place::Collection(c),
                    None if key == EMPLEADOS => Place::Empleados,
                    None => return Err(outside()),
                };
                // Made once, by the document's first change: a second map under the same key
                // would hide every entry of the first.
                let exists = self.doc.get(ROOT, key).ok().flatten().is_some()
                    || self.made.values().any(|p| same_container(p, &child));
                if exists {
                    return Err(outside());
                }
                Ok(Some(child))
            }
            (Place::Root, OpType::Put(value)) => {
                scalar(root_field(key), place, key, value)?;
                Ok(None)
            }
            // Automerge settles a conflict picked to one of its values by deleting the
            // others: a delete of a known field is a write like a put (a required field
            // left without any value makes the document unreadable, which the merge refuses).
            (Place::Root, OpType::Delete) if root_field(key).is_some() => Ok(None),
            (Place::Entry(c, _), OpType::Delete) if entry_field(c, key).is_some() => Ok(None),
            (Place::Collection(c), OpType::Make(ObjType::Map)) if key.parse::<Uuid>().is_ok() => {
                Ok(Some(Place::Entry(c, key.to_owned())))
            }
            (Place::Collection(_), OpType::Delete) if key.parse::<Uuid>().is_ok() => Ok(None),
            (Place::Entry(c, entry), OpType::Put(value)) => {
                scalar(entry_field(c, key), place, key, value)?;
                // The entry's own id is its key: a different one would name another entry.
                match value {
                    ScalarValue::Str(id) if key == "id" && id.as_str() != entry => Err(outside()),
                    _ => Ok(None),
                }
            }
            (Place::Empleados, OpType::Put(ScalarValue::Boolean(true)) | OpType::Delete)
                if key.parse::<i64>().is_ok() =>
            {
                Ok(None)
            }
            _ => Err(outside()),
        }
    }
}

/// The scalar field `key` of an entry of `collection`.
fn entry_field(collection: &str, key: &str) -> Option<Field> {
    entry_fields(collection)
        .iter()
        .find(|f| f.name == key)
        .copied()
}

fn collection(key: &str) -> Option<&'static str> {
    COLLECTIONS.into_iter().find(|c| *c == key)
}

fn same_container(a: &Place, b: &Place) -> bool {
    match (a, b) {
        (Place::Collection(x), Place::Collection(y)) => x == y,
        (Place::Empleados, Place::Empleados) => true,
        _ => false,
    }
}

/// Checks a scalar put at `key` against its `field` (`None`: no such field there).
fn scalar(
    field: Option<Field>,
    place: &Place,
    key: &str,
    value: &ScalarValue,
) -> Result<(), SchemaError> {
    let field = field.ok_or_else(|| SchemaError::Outside(path(place, key)))?;
    let fits = match (field.kind, value) {
        (_, ScalarValue::Null) => field.nullable,
        (Kind::Int, ScalarValue::Int(_) | ScalarValue::Uint(_)) => true,
        (Kind::Bool, ScalarValue::Boolean(_)) => true,
        (Kind::Text(max), ScalarValue::Str(s)) if s.len() > max => {
            return Err(SchemaError::TextTooLong(path(place, key)));
        }
        (Kind::Text(_), ScalarValue::Str(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(SchemaError::Outside(path(place, key)))
    }
}

/// A field's path as notices name it: `comentario`, `pasos.<id>.comentario`.
fn path(place: &Place, key: &str) -> String {
    let mut path: String = match place {
        Place::Root => String::new(),
        Place::Collection(c) => format!("{c}."),
        Place::Entry(c, entry) => format!("{c}.{entry}."),
        Place::Empleados => format!("{EMPLEADOS}."),
    };
    path.extend(key.chars().take(80));
    path
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;

    use super::*;
    use crate::document::new_document;
    use crate::model::{OrdenTrabajo, Paso};

    fn valid() -> OrdenTrabajo {
        let mut ot = OrdenTrabajo::new(Uuid::new_v4());
        ot.orden_trabajo = "OT-1".into();
        let paso = Paso::pendiente(Uuid::new_v4(), 1);
        ot.pasos.insert(paso.id, paso);
        ot.empleados.insert(3);
        ot
    }

    fn changes_of(doc: &mut AutoCommit) -> Vec<ExpandedChange> {
        decoded(doc.get_changes(&[]))
    }

    fn decoded(changes: Vec<automerge::Change>) -> Vec<ExpandedChange> {
        changes.iter().map(automerge::Change::decode).collect()
    }

    /// A stored document and the changes a device makes on a copy of it with `edit`.
    fn edited(edit: impl FnOnce(&mut AutoCommit)) -> (AutoCommit, Vec<ExpandedChange>) {
        let stored = new_document(&valid(), ActorId::random()).unwrap();
        let mut device = stored.clone().with_actor(ActorId::random());
        let heads = device.get_heads();
        edit(&mut device);
        device.commit();
        let fresh = decoded(device.get_changes(&heads));
        (stored, fresh)
    }

    #[test]
    fn a_document_the_model_writes_passes() {
        let mut doc = new_document(&valid(), ActorId::random()).unwrap();
        let changes = changes_of(&mut doc);
        assert_eq!(check_changes(&AutoCommit::new(), &changes), Ok(()));
    }

    #[test]
    fn every_field_of_the_model_is_in_the_layout() {
        let ot = valid();
        let json = serde_json::to_value(&ot).unwrap();
        for key in json.as_object().unwrap().keys() {
            let known = root_field(key).is_some()
                || COLLECTIONS.contains(&key.as_str())
                || key == EMPLEADOS;
            assert!(known, "{key}");
        }
        let paso = serde_json::to_value(ot.pasos.values().next().unwrap()).unwrap();
        for key in paso.as_object().unwrap().keys() {
            assert!(PASO_FIELDS.iter().any(|f| f.name == key), "{key}");
        }
    }

    #[test]
    fn a_nested_map_is_refused() {
        let mut doc = AutoCommit::new();
        let a = doc.put_object(ROOT, "x", ObjType::Map).unwrap();
        doc.put_object(&a, "y", ObjType::Map).unwrap();
        doc.commit();
        let err = check_changes(&AutoCommit::new(), &changes_of(&mut doc)).unwrap_err();
        assert_eq!(err.code(), "esquema_invalido");
    }

    #[test]
    fn a_map_inside_a_step_is_refused() {
        let mut id = String::new();
        let (stored, fresh) = edited(|device| {
            let (_, pasos) = device.get(ROOT, "pasos").unwrap().unwrap();
            id = device.keys(&pasos).next().unwrap();
            let (_, paso) = device.get(&pasos, id.as_str()).unwrap().unwrap();
            device
                .put_object(&paso, "comentario", ObjType::Map)
                .unwrap();
        });
        assert_eq!(
            check_changes(&stored, &fresh).unwrap_err(),
            SchemaError::Outside(format!("pasos.{id}.comentario"))
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused() {
        let (stored, fresh) = edited(|device| {
            device.put(ROOT, "monto_mxn", 5_i64).unwrap();
        });
        assert_eq!(
            check_changes(&stored, &fresh).unwrap_err(),
            SchemaError::Outside("monto_mxn".into())
        );
    }

    #[test]
    fn a_text_past_its_limit_is_refused() {
        let (stored, fresh) = edited(|device| {
            device
                .put(ROOT, "comentario", "x".repeat(MAX_LONG_TEXT_BYTES + 1))
                .unwrap();
        });
        assert_eq!(
            check_changes(&stored, &fresh).unwrap_err().code(),
            "texto_demasiado_largo"
        );
    }

    #[test]
    fn a_step_whose_id_is_not_its_key_is_refused() {
        let mut doc = new_document(&valid(), ActorId::random()).unwrap();
        let (_, pasos) = doc.get(ROOT, "pasos").unwrap().unwrap();
        let key = Uuid::new_v4().to_string();
        let paso = doc.put_object(&pasos, key.as_str(), ObjType::Map).unwrap();
        doc.put(&paso, "id", Uuid::new_v4().to_string()).unwrap();
        doc.commit();
        let err = check_changes(&AutoCommit::new(), &changes_of(&mut doc)).unwrap_err();
        assert_eq!(err, SchemaError::Outside(format!("pasos.{key}.id")));
    }

    #[test]
    fn a_conflict_settled_by_a_pick_passes() {
        let mut stored = new_document(&valid(), ActorId::random()).unwrap();
        let heads = stored.get_heads();
        let [mut a, mut b] = [0, 1].map(|_| stored.clone().with_actor(ActorId::random()));
        for (device, text) in [(&mut a, "A"), (&mut b, "B")] {
            device.put(ROOT, "comentario", text).unwrap();
            device.commit();
            stored.apply_changes(device.get_changes(&heads)).unwrap();
        }
        let mut picker = stored.clone().with_actor(ActorId::random());
        let before = picker.get_heads();
        let conflict = &crate::document::conflicts(&stored).unwrap()[0];
        crate::document::resolve(&mut picker, &conflict.campo, &conflict.valores[0]).unwrap();
        picker.commit();
        let pick = decoded(picker.get_changes(&before));
        assert!(
            matches!(pick[0].operations[0].action, OpType::Delete),
            "a delete"
        );
        assert_eq!(check_changes(&stored, &pick), Ok(()));
    }

    #[test]
    fn a_second_steps_map_is_refused() {
        let (stored, fresh) = edited(|device| {
            device.put_object(ROOT, "pasos", ObjType::Map).unwrap();
        });
        assert_eq!(
            check_changes(&stored, &fresh).unwrap_err(),
            SchemaError::Outside("pasos".into())
        );
    }

    #[test]
    fn too_many_steps_are_refused_after_the_merge() {
        let mut ot = valid();
        for n in 0..=MAX_PASOS {
            let paso = Paso::pendiente(Uuid::from_u128(n as u128 + 10), 1);
            ot.pasos.insert(paso.id, paso);
        }
        assert_eq!(check_counts(&ot), Err(SchemaError::TooLarge("pasos")));
        assert_eq!(check_counts(&valid()), Ok(()));
    }
}

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::{Coleccion, FieldPath, OrdenTrabajo};

/// The collections whose entries are diffed one by one, keyed by their ids.
const COLLECTIONS: [&str; 3] = Coleccion::NOMBRES;

/// One field that differs between two states of a work order, as the audit trail keeps it and
/// the role check reads it. Values are the model's JSON form (`null` where there was none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cambio {
    /// Which field: a root field by name (`monto_mxn`), an entry of a collection as
    /// `pasos.<id>` when it was added or removed, or one of its fields as `pasos.<id>.<campo>`.
    pub campo: String,
    /// The value before.
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub antes: Json,
    /// The value after.
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub despues: Json,
}

/// Every field that differs from `before` to `after`, in field order.
pub fn cambios(before: &OrdenTrabajo, after: &OrdenTrabajo) -> Vec<Cambio> {
    let (before, after) = without_shared_entries(before, after);
    let (Ok(Json::Object(a)), Ok(Json::Object(b))) =
        (serde_json::to_value(&before), serde_json::to_value(&after))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, new) in &b {
        let old = a.get(key).unwrap_or(&Json::Null);
        if old == new {
            continue;
        }
        match (old, new) {
            (Json::Object(old), Json::Object(new)) if COLLECTIONS.contains(&key.as_str()) => {
                entry_changes(key, old, new, &mut out)
            }
            _ => out.push(Cambio {
                campo: key.clone(),
                antes: old.clone(),
                despues: new.clone(),
            }),
        }
    }
    out
}

/// Sets on `ot` the root fields `cambios` name to their `despues` values, leaving every other
/// field as it is: a form saves only what its user changed, so what another device changed
/// meanwhile in other fields stays. Entries of collections are not touched.
pub fn aplicar(ot: &mut OrdenTrabajo, cambios: &[Cambio]) -> Result<(), serde_json::Error> {
    let mut json = serde_json::to_value(&*ot)?;
    if let Json::Object(campos) = &mut json {
        let root = |c: &&Cambio| matches!(FieldPath::parse(&c.campo), Some(FieldPath::Root(_)));
        for c in cambios.iter().filter(root) {
            campos.insert(c.campo.clone(), c.despues.clone());
        }
    }
    *ot = serde_json::from_value(json)?;
    Ok(())
}

/// Both states without the collection entries they share, which cannot differ: an edit
/// touches one step of thirty, and this runs on every merge, for the audit trail, so the other
/// twenty-nine are not turned into JSON twice.
fn without_shared_entries(
    before: &OrdenTrabajo,
    after: &OrdenTrabajo,
) -> (OrdenTrabajo, OrdenTrabajo) {
    let own = |ot: &OrdenTrabajo, other: &OrdenTrabajo| OrdenTrabajo {
        pasos: not_in(&ot.pasos, &other.pasos),
        fotos: not_in(&ot.fotos, &other.fotos),
        historial: not_in(&ot.historial, &other.historial),
        ..ot.root_fields()
    };
    (own(before, after), own(after, before))
}

/// The entries of `mine` that `other` lacks or holds differently.
fn not_in<T: Clone + PartialEq>(
    mine: &BTreeMap<Uuid, T>,
    other: &BTreeMap<Uuid, T>,
) -> BTreeMap<Uuid, T> {
    mine.iter()
        .filter(|(id, v)| other.get(*id) != Some(*v))
        .map(|(id, v)| (*id, v.clone()))
        .collect()
}

fn entry_changes(
    collection: &str,
    old: &Map<String, Json>,
    new: &Map<String, Json>,
    out: &mut Vec<Cambio>,
) {
    for (id, entry) in new {
        match (old.get(id), entry) {
            (Some(Json::Object(before)), Json::Object(after)) => {
                for (field, value) in after {
                    let was = before.get(field).unwrap_or(&Json::Null);
                    if was != value {
                        out.push(Cambio {
                            campo: format!("{collection}.{id}.{field}"),
                            antes: was.clone(),
                            despues: value.clone(),
                        });
                    }
                }
            }
            (Some(was), now) if was == now => {}
            (was, now) => out.push(Cambio {
                campo: format!("{collection}.{id}"),
                antes: was.cloned().unwrap_or(Json::Null),
                despues: now.clone(),
            }),
        }
    }
    for (id, was) in old.iter().filter(|(id, _)| !new.contains_key(*id)) {
        out.push(Cambio {
            campo: format!("{collection}.{id}"),
            antes: was.clone(),
            despues: Json::Null,
        });
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::codes::EstatusPaso;
    use crate::model::Paso;

    #[test]
    fn names_root_fields_and_step_fields_with_both_values() {
        let mut before = OrdenTrabajo::new(Uuid::from_u128(1));
        let paso = Paso::pendiente(Uuid::from_u128(2), 7);
        before.pasos.insert(paso.id, paso);
        let mut after = before.clone();
        after.comentario = "Listo".into();
        after
            .pasos
            .get_mut(&Uuid::from_u128(2))
            .unwrap()
            .estatus_paso = EstatusPaso::Terminado;
        let nuevo = Paso::pendiente(Uuid::from_u128(3), 8);
        after.pasos.insert(nuevo.id, nuevo);
        let found = cambios(&before, &after);
        let campos: Vec<&str> = found.iter().map(|c| c.campo.as_str()).collect();
        assert_eq!(
            campos,
            [
                "comentario",
                &format!("pasos.{}.estatus_paso", Uuid::from_u128(2)),
                &format!("pasos.{}", Uuid::from_u128(3)),
            ]
        );
        assert_eq!(
            (found[0].antes.clone(), found[0].despues.clone()),
            (Json::from(""), Json::from("Listo"))
        );
        assert_eq!(
            found[1].despues,
            serde_json::to_value(EstatusPaso::Terminado).unwrap()
        );
        assert!(cambios(&after, &after).is_empty());
    }

    #[test]
    fn applying_a_forms_changes_keeps_what_others_changed_meanwhile() {
        let original = OrdenTrabajo::new(Uuid::from_u128(1));
        let mut form = original.clone();
        form.oficio_ot = "PEP-1".into();
        let mut now = original.clone();
        now.comentario = "de otro dispositivo".into();
        let paso = Paso::pendiente(Uuid::from_u128(2), 7);
        now.pasos.insert(paso.id, paso);
        aplicar(&mut now, &cambios(&original, &form)).unwrap();
        assert_eq!(now.oficio_ot, "PEP-1");
        assert_eq!(now.comentario, "de otro dispositivo");
        assert_eq!(now.pasos.len(), 1);
    }

    #[test]
    fn a_removed_entry_is_one_change_to_null() {
        let mut before = OrdenTrabajo::new(Uuid::from_u128(1));
        let paso = Paso::pendiente(Uuid::from_u128(2), 7);
        before.pasos.insert(paso.id, paso);
        let after = OrdenTrabajo::new(Uuid::from_u128(1));
        let found = cambios(&before, &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].despues, Json::Null);
    }
}

//! Where in a work order a change, a conflict or a violation is. Each of them carries its place
//! as text (`monto_mxn`, `pasos.<id>` for a step added or removed whole, `pasos.<id>.estatus_paso`
//! for one of its fields), which is what the audit trail keeps and the API shows; this is the one
//! reader and writer of that text.

use std::fmt;

use uuid::Uuid;

/// The collections of a work order whose entries are keyed by their own ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coleccion {
    /// Steps.
    Pasos,
    /// Photos.
    Fotos,
    /// Status history.
    Historial,
}

impl Coleccion {
    /// Every collection, in field order.
    pub const ALL: [Coleccion; 3] = [Coleccion::Pasos, Coleccion::Fotos, Coleccion::Historial];

    /// Their field names, in the same order.
    pub const NOMBRES: [&'static str; 3] = ["pasos", "fotos", "historial"];

    /// The field that holds the collection.
    pub const fn nombre(self) -> &'static str {
        match self {
            Coleccion::Pasos => "pasos",
            Coleccion::Fotos => "fotos",
            Coleccion::Historial => "historial",
        }
    }

    /// The collection held by the field `nombre`, if it holds one.
    pub fn de_nombre(nombre: &str) -> Option<Coleccion> {
        Coleccion::ALL.into_iter().find(|c| c.nombre() == nombre)
    }
}

/// A place in a work order, read from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldPath<'a> {
    /// A field of the work order itself (`monto_mxn`, `empleados`).
    Root(&'a str),
    /// An entry of a collection: whole (`field` is `None`: it was added or removed), or one of
    /// its fields.
    Entry {
        /// Which collection.
        coleccion: Coleccion,
        /// The entry's id.
        id: Uuid,
        /// The entry's field, if the path names one.
        field: Option<&'a str>,
    },
}

impl<'a> FieldPath<'a> {
    /// Reads `text`; `None` when it names nothing a work order has: an empty part, an entry of
    /// a field that is not a collection, an id that is not a UUID, or more levels than two.
    pub fn parse(text: &'a str) -> Option<FieldPath<'a>> {
        let mut parts = text.split('.');
        let first = parts.next().filter(|p| !p.is_empty())?;
        let Some(id) = parts.next() else {
            return Some(FieldPath::Root(first));
        };
        let coleccion = Coleccion::de_nombre(first)?;
        let id = id.parse().ok()?;
        let field = parts.next();
        if parts.next().is_some() || field == Some("") {
            return None;
        }
        Some(FieldPath::Entry {
            coleccion,
            id,
            field,
        })
    }

    /// The field of step `id`.
    pub fn step(id: Uuid, field: &'a str) -> FieldPath<'a> {
        FieldPath::Entry {
            coleccion: Coleccion::Pasos,
            id,
            field: Some(field),
        }
    }

    /// The place in the work order's JSON form (its serde form): `/monto_mxn`,
    /// `/pasos/<id>/estatus_paso`.
    pub fn json_pointer(&self) -> String {
        match self {
            FieldPath::Root(field) => format!("/{field}"),
            FieldPath::Entry {
                coleccion,
                id,
                field,
            } => {
                let entry = format!("/{}/{id}", coleccion.nombre());
                field.map_or_else(|| entry.clone(), |f| format!("{entry}/{f}"))
            }
        }
    }

    /// The entry `id` of `coleccion`, if the path is in it.
    pub fn entry_of(&self, coleccion: Coleccion) -> Option<Uuid> {
        match *self {
            FieldPath::Entry {
                coleccion: c, id, ..
            } if c == coleccion => Some(id),
            _ => None,
        }
    }
}

/// The path's text, as [`FieldPath::parse`] reads it.
impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root(field) => f.write_str(field),
            FieldPath::Entry {
                coleccion,
                id,
                field: None,
            } => write!(f, "{}.{id}", coleccion.nombre()),
            FieldPath::Entry {
                coleccion,
                id,
                field: Some(field),
            } => write!(f, "{}.{id}.{field}", coleccion.nombre()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_reads_back_as_its_text() {
        let id = Uuid::from_u128(7);
        for text in [
            "monto_mxn".to_owned(),
            format!("pasos.{id}"),
            format!("fotos.{id}.titulo"),
        ] {
            assert_eq!(FieldPath::parse(&text).unwrap().to_string(), text);
        }
        assert_eq!(
            FieldPath::parse(&format!("pasos.{id}.estatus_paso")),
            Some(FieldPath::step(id, "estatus_paso"))
        );
        assert_eq!(
            FieldPath::step(id, "comentario").json_pointer(),
            format!("/pasos/{id}/comentario")
        );
    }

    #[test]
    fn a_path_that_names_nothing_is_refused() {
        let id = Uuid::from_u128(7);
        for text in [
            String::new(),
            format!("monto_mxn.{id}"),
            "pasos.7.comentario".to_owned(),
            format!("pasos.{id}.a.b"),
            format!("pasos.{id}."),
        ] {
            assert_eq!(FieldPath::parse(&text), None, "{text}");
        }
    }
}

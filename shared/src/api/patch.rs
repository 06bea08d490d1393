//! Edits that name only what they change. Each field of an edit is a [`Patch`]: absent (keep
//! the value), cleared (`null` or an empty value) or set. The seeds' clients send the same edit
//! as a JSON object or as a form, so a value is read from its text whatever JSON type carried
//! it (`5` and `"5"` are the same id); a value that does not read as its type is an error that
//! says what was expected, and the request changes nothing.

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::codes::{EstatusOt, EstatusPaso, Prioridad, Proceso, TipoOt};
use crate::model::{FechaPaso, Paso};

/// One field of an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Patch<T> {
    /// Not in the edit: the value stays.
    #[default]
    Absent,
    /// Sent empty or `null`: the value is cleared.
    Cleared,
    /// Sent with a value.
    Set(T),
}

impl<T> Patch<T> {
    /// What the field becomes, given what it is: `None` for absent (it stays), `Some(None)` for
    /// cleared, `Some(Some(v))` for set.
    pub fn change(self) -> Option<Option<T>> {
        match self {
            Patch::Absent => None,
            Patch::Cleared => Some(None),
            Patch::Set(v) => Some(Some(v)),
        }
    }

    /// Applies the edit to an optional value.
    pub fn apply_to(self, slot: &mut Option<T>) {
        if let Some(v) = self.change() {
            *slot = v;
        }
    }

    /// Applies the edit to a value that always has one: cleared writes `empty`.
    pub fn apply_or(self, slot: &mut T, empty: T) {
        if let Some(v) = self.change() {
            *slot = v.unwrap_or(empty);
        }
    }

    /// Whether the edit names the field at all.
    pub fn is_sent(&self) -> bool {
        !matches!(self, Patch::Absent)
    }

    /// This field if it was sent, else `other` (a field and its alias: the first one sent wins).
    pub fn or(self, other: Patch<T>) -> Patch<T> {
        if self.is_sent() { self } else { other }
    }
}

/// Written as its value, or `null` when absent or cleared (what an edit's schema shows).
impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(v) => v.serialize(serializer),
            Patch::Absent | Patch::Cleared => serializer.serialize_none(),
        }
    }
}

/// A type an edit's field can hold, read from the text a form or JSON gave.
pub trait PatchValue: Sized {
    /// What the text must be, in Spanish, for the error ("una fecha AAAA-MM-DD").
    const EXPECTED: &'static str;

    /// The value the (trimmed, non-empty) text writes, if it is one.
    fn parse(text: &str) -> Option<Self>;

    /// The value a JSON array writes, given its items as text; only lists take one.
    fn parse_list(_items: &[String]) -> Option<Self> {
        None
    }
}

/// Declares the [`PatchValue`] of types that read with `FromStr`.
macro_rules! from_str_value {
    ($($type:ty => $expected:literal,)+) => {
        $(impl PatchValue for $type {
            const EXPECTED: &'static str = $expected;

            fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        })+
    };
}

from_str_value! {
    i64 => "un número",
    i32 => "un número",
    Decimal => "un importe",
}

/// Declares the [`PatchValue`] of code enums: their number, checked by `from_code`.
macro_rules! code_value {
    ($($type:ty => $expected:literal,)+) => {
        $(impl PatchValue for $type {
            const EXPECTED: &'static str = $expected;

            fn parse(text: &str) -> Option<Self> {
                text.parse().ok().and_then(<$type>::from_code)
            }
        })+
    };
}

code_value! {
    Prioridad => "una prioridad (1 alta, 2 media, 3 baja)",
    Proceso => "un proceso: 1 (antes), 2 (durante) o 3 (después del servicio)",
    EstatusPaso => "un estatus de paso (1 a 4)",
    EstatusOt => "un estatus de OT (1 a 5)",
    TipoOt => "un tipo de OT (4 inicial, 5 reprogramación)",
}

/// A step's date, by its field name.
impl PatchValue for FechaPaso {
    const EXPECTED: &'static str = "fecha_entrega, fecha_inicio o fecha_termino";

    fn parse(text: &str) -> Option<Self> {
        FechaPaso::de_campo(text)
    }
}

/// A checkbox: what forms send when it is ticked (`on`), and JSON's booleans.
impl PatchValue for bool {
    const EXPECTED: &'static str = "verdadero o falso";

    fn parse(text: &str) -> Option<Self> {
        match text {
            "on" | "true" | "1" | "si" | "sí" => Some(true),
            "off" | "false" | "0" | "no" => Some(false),
            _ => None,
        }
    }
}

/// Ids as a JSON array (`[1, 2]`) or as a form's comma list (`1,2`).
impl PatchValue for BTreeSet<i64> {
    const EXPECTED: &'static str = "una lista de números";

    fn parse(text: &str) -> Option<Self> {
        let list = text.trim_start_matches('[').trim_end_matches(']');
        let items: Vec<String> = list.split(',').map(str::to_owned).collect();
        Self::parse_list(&items)
    }

    fn parse_list(items: &[String]) -> Option<Self> {
        items
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok())
            .collect()
    }
}

impl PatchValue for String {
    const EXPECTED: &'static str = "un texto";

    fn parse(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl PatchValue for NaiveDate {
    const EXPECTED: &'static str = "una fecha AAAA-MM-DD";

    fn parse(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }
}

impl PatchValue for DateTime<FixedOffset> {
    const EXPECTED: &'static str = "una fecha y hora ISO 8601 con zona horaria";

    fn parse(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text).ok()
    }
}

impl<'de, T: PatchValue> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PatchVisitor(PhantomData))
    }
}

struct PatchVisitor<T>(PhantomData<T>);

impl<T: PatchValue> PatchVisitor<T> {
    fn text<E: de::Error>(text: &str) -> Result<Patch<T>, E> {
        match text.trim() {
            "" => Ok(Patch::Cleared),
            t => T::parse(t)
                .map(Patch::Set)
                .ok_or_else(|| E::custom(format!("debe ser {}", T::EXPECTED))),
        }
    }
}

impl<'de, T: PatchValue> Visitor<'de> for PatchVisitor<T> {
    type Value = Patch<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Patch<T>, E> {
        Self::text(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Patch<T>, E> {
        Self::text(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Patch<T>, E> {
        Self::text(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Patch<T>, E> {
        Self::text(&v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Patch<T>, E> {
        Self::text(if v { "true" } else { "false" })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Patch<T>, E> {
        Ok(Patch::Cleared)
    }

    fn visit_none<E: de::Error>(self) -> Result<Patch<T>, E> {
        Ok(Patch::Cleared)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Patch<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(Text(item)) = seq.next_element()? {
            items.push(item);
        }
        T::parse_list(&items)
            .map(Patch::Set)
            .ok_or_else(|| de::Error::custom(format!("debe ser {}", T::EXPECTED)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Patch<T>, A::Error> {
        Err(de::Error::custom(format!("debe ser {}", T::EXPECTED)))
    }
}

/// One item of a list, as text whatever JSON type carried it.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "un texto o un número")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_owned()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// An edit of a step (`PATCH /api/v1/steps/{id}`): any of its fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CambioPaso {
    /// 1 Pendiente, 2 En proceso, 3 Terminado, 4 No aplica (alias `estatus`); within the step
    /// rules. Empty leaves it as it is.
    #[serde(alias = "estatus")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i16>))]
    pub estatus_paso: Patch<EstatusPaso>,
    /// Delivery date, `AAAA-MM-DD`; empty or null clears it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_entrega: Patch<NaiveDate>,
    /// Start, `AAAA-MM-DD`; empty or null clears it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_inicio: Patch<NaiveDate>,
    /// End, `AAAA-MM-DD`; empty or null clears it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_termino: Patch<NaiveDate>,
    /// Comment; empty clears it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub comentario: Patch<String>,
}

impl CambioPaso {
    /// Applies the edit to `paso`; whether the result is allowed is for the rules to say. A
    /// status sent empty leaves the status as it is (a step always has one).
    pub fn apply_to(self, paso: &mut Paso) {
        if let Patch::Set(estatus) = self.estatus_paso {
            paso.estatus_paso = estatus;
        }
        let fechas = [
            (FechaPaso::Entrega, self.fecha_entrega),
            (FechaPaso::Inicio, self.fecha_inicio),
            (FechaPaso::Termino, self.fecha_termino),
        ];
        for (campo, fecha) in fechas {
            fecha.apply_to(paso.fecha_mut(campo));
        }
        if let Some(comentario) = self.comentario.change() {
            paso.comentario = comentario.unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_step_edit_tells_absent_cleared_and_set_apart() {
        let edit: CambioPaso = serde_json::from_value(json!({
            "fecha_inicio": "2026-03-02", "fecha_termino": null, "comentario": ""
        }))
        .unwrap();
        assert_eq!(edit.fecha_entrega, Patch::Absent);
        assert_eq!(
            edit.fecha_inicio,
            Patch::Set(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
        );
        assert_eq!(
            (edit.fecha_termino, edit.comentario),
            (Patch::Cleared, Patch::Cleared)
        );
    }

    #[test]
    fn an_edit_changes_what_it_names_and_nothing_else() {
        let mut paso = Paso::pendiente(uuid::Uuid::new_v4(), 1);
        paso.comentario = "revisar".into();
        paso.fecha_entrega = NaiveDate::from_ymd_opt(2026, 3, 1);
        let edit: CambioPaso =
            serde_json::from_value(json!({"estatus_paso": 2, "fecha_entrega": ""})).unwrap();
        edit.apply_to(&mut paso);
        assert_eq!(paso.estatus_paso, EstatusPaso::EnProceso);
        assert_eq!(
            (paso.fecha_entrega, paso.comentario.as_str()),
            (None, "revisar")
        );
    }

    #[test]
    fn a_value_reads_the_same_from_a_form_and_from_json() {
        let json: CambioPaso = serde_json::from_value(json!({"estatus": 3})).unwrap();
        let form: CambioPaso = serde_json::from_value(json!({"estatus_paso": " 3 "})).unwrap();
        assert_eq!(json.estatus_paso, Patch::Set(EstatusPaso::Terminado));
        assert_eq!(form, json);
    }

    #[test]
    fn a_value_that_is_not_its_type_says_what_was_expected() {
        let bad = serde_json::from_value::<CambioPaso>(json!({"fecha_inicio": "31/02/2026"}));
        assert!(
            bad.unwrap_err()
                .to_string()
                .contains("una fecha AAAA-MM-DD")
        );
        assert!(serde_json::from_value::<CambioPaso>(json!({"estatus_paso": 9})).is_err());
    }
}

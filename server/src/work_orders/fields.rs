//! The fields of a create or edit request, by the seeds' names, applied to a work order: what
//! seed 001's `crear_ot` and `editar_ot` read, for the seed routes (a form or JSON) and the REST
//! API alike. A field that is absent keeps its value; an empty one clears it (money becomes 0,
//! as the seed's `or 0`); a value that cannot be read is refused with `campo_invalido` and
//! nothing changes.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};
use ote_shared::codes::{EstatusOt, Prioridad, TipoOt};
use ote_shared::model::OrdenTrabajo;
use ote_shared::rules::{FasePatio, aplicar_fase_patio};
use rust_decimal::Decimal;

use crate::Error;

/// The yard-phase fields: when any is given, the yard logic of `editar_ot` decides the patio.
const YARD_FIELDS: [&str; 7] = [
    "id_frente",
    "id_patio",
    "check_fase_patio",
    "id_patio_fase",
    "requiere_patio",
    "fecha_inicio_patio",
    "fecha_fin_patio",
];

/// A request's fields, looked up by the seeds' names (and their aliases).
pub struct Fields<'a>(pub &'a HashMap<String, String>);

impl Fields<'_> {
    /// The first of `names` that is present, trimmed.
    fn get(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.0.get(*n)).map(|v| v.trim())
    }

    /// Whether any of `names` is present.
    pub fn has(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.0.contains_key(*n))
    }

    fn text(&self, names: &[&str], slot: &mut String) {
        if let Some(v) = self.get(names) {
            *slot = v.to_owned();
        }
    }

    fn parsed<T: std::str::FromStr>(
        &self,
        names: &[&str],
        what: &str,
    ) -> Result<Option<Option<T>>, Error> {
        match self.get(names) {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(v) => v
                .parse()
                .map(|x| Some(Some(x)))
                .map_err(|_| invalid(names[0], what)),
        }
    }

    fn optional<T: std::str::FromStr>(
        &self,
        names: &[&str],
        what: &str,
        slot: &mut Option<T>,
    ) -> Result<(), Error> {
        if let Some(v) = self.parsed(names, what)? {
            *slot = v;
        }
        Ok(())
    }

    fn date(&self, name: &str, slot: &mut Option<NaiveDate>) -> Result<(), Error> {
        self.optional(&[name], "una fecha AAAA-MM-DD", slot)
    }

    fn money(&self, name: &str, slot: &mut Decimal) -> Result<(), Error> {
        if let Some(v) = self.parsed::<Decimal>(&[name], "un importe")? {
            *slot = v.unwrap_or(Decimal::ZERO);
        }
        Ok(())
    }

    fn flag(&self, names: &[&str]) -> Result<Option<bool>, Error> {
        match self.get(names) {
            None => Ok(None),
            Some("on" | "true" | "1" | "si" | "sí") => Ok(Some(true)),
            Some("" | "off" | "false" | "0" | "no") => Ok(Some(false)),
            Some(_) => Err(invalid(names[0], "verdadero o falso")),
        }
    }

    /// A code field (`id_tipo`, `id_estatus_ot`, `prioridad`): its number, checked by `from`.
    pub fn code<T>(
        &self,
        names: &[&str],
        from: impl Fn(i64) -> Option<T>,
    ) -> Result<Option<T>, Error> {
        match self.parsed::<i64>(names, "un número")? {
            None | Some(None) => Ok(None),
            Some(Some(n)) => from(n)
                .map(Some)
                .ok_or_else(|| invalid(names[0], "un código válido")),
        }
    }
}

fn invalid(field: &str, what: &str) -> Error {
    Error::bad_request("campo_invalido", format!("«{field}» debe ser {what}"))
}

/// Applies every field the request carries to `ot`, except `ot_principal` (a numeric id the
/// caller resolves to its document). The yard fields follow `editar_ot`: on the land front the
/// patio is the site; offshore a patio needs `check_fase_patio`; when `id_frente` is sent the
/// whole yard form is taken as sent (an unchecked box is an absent one).
pub fn apply(ot: &mut OrdenTrabajo, fields: &HashMap<String, String>) -> Result<(), Error> {
    let f = Fields(fields);
    f.text(&["orden_trabajo"], &mut ot.orden_trabajo);
    f.text(&["descripcion_trabajo"], &mut ot.descripcion_trabajo);
    f.text(&["responsable_cliente"], &mut ot.responsable_cliente);
    f.text(&["oficio_ot"], &mut ot.oficio_ot);
    f.text(&["comentario_general", "comentario"], &mut ot.comentario);
    if let Some(tipo) = f.code(&["id_tipo"], TipoOt::from_code)? {
        ot.id_tipo = tipo;
    }
    if let Some(estatus) = f.code(&["id_estatus_ot"], EstatusOt::from_code)? {
        ot.id_estatus_ot = estatus;
    }
    if f.has(&["prioridad"]) {
        ot.prioridad = f.code(&["prioridad"], Prioridad::from_code)?;
    }
    let id = "un número";
    f.optional(&["id_pte_header", "id_pte_id"], id, &mut ot.id_pte_header)?;
    f.optional(
        &["id_responsable_proyecto", "responsable_proyecto"],
        id,
        &mut ot.id_responsable_proyecto,
    )?;
    f.optional(&["id_cliente"], id, &mut ot.id_cliente)?;
    f.optional(&["id_embarcacion"], id, &mut ot.id_embarcacion)?;
    f.optional(&["id_plataforma"], id, &mut ot.id_plataforma)?;
    f.optional(&["id_intercom"], id, &mut ot.id_intercom)?;
    f.optional(&["plazo_dias"], id, &mut ot.plazo_dias)?;
    f.date("fecha_inicio_programado", &mut ot.fecha_inicio_programado)?;
    f.date("fecha_termino_programado", &mut ot.fecha_termino_programado)?;
    f.date("fecha_inicio_real", &mut ot.fecha_inicio_real)?;
    f.date("fecha_termino_real", &mut ot.fecha_termino_real)?;
    f.money("monto_mxn", &mut ot.monto_mxn)?;
    f.money("monto_usd", &mut ot.monto_usd)?;
    timestamp(
        &f,
        "bitacora_inicio_cliente",
        &mut ot.bitacora_inicio_cliente,
    )?;
    timestamp(&f, "bitacora_llegada_base", &mut ot.bitacora_llegada_base)?;
    if let Some(v) = f.get(&["empleados"]) {
        ot.empleados = employees(v)?;
    }
    if f.has(&YARD_FIELDS) {
        aplicar_fase_patio(ot, &yard_form(&f, ot)?);
    }
    Ok(())
}

/// The yard form: what was sent, and for what was not, the work order's current yard.
fn yard_form(f: &Fields, ot: &OrdenTrabajo) -> Result<FasePatio, Error> {
    // With `id_frente` the request is the whole yard form, as the seed reads it: what it leaves
    // out is empty. Without it, only the yard fields sent change the current yard.
    let mut form = if f.has(&["id_frente"]) {
        FasePatio::default()
    } else {
        FasePatio {
            id_frente: ot.id_frente,
            id_patio: ot.id_patio,
            check_fase_patio: ot.requiere_patio,
            id_patio_fase: ot.id_patio,
            fecha_inicio_patio: ot.fecha_inicio_patio,
            fecha_fin_patio: ot.fecha_fin_patio,
        }
    };
    f.optional(&["id_frente"], "un número", &mut form.id_frente)?;
    f.optional(&["id_patio"], "un número", &mut form.id_patio)?;
    if f.has(&["id_patio"]) {
        form.id_patio_fase = form.id_patio;
    }
    f.optional(&["id_patio_fase"], "un número", &mut form.id_patio_fase)?;
    if let Some(check) = f.flag(&["check_fase_patio", "requiere_patio"])? {
        form.check_fase_patio = check;
    }
    f.date("fecha_inicio_patio", &mut form.fecha_inicio_patio)?;
    f.date("fecha_fin_patio", &mut form.fecha_fin_patio)?;
    Ok(form)
}

/// A timestamp with its offset, kept as given (seed 002's bitácora).
fn timestamp(
    f: &Fields,
    name: &str,
    slot: &mut Option<DateTime<FixedOffset>>,
) -> Result<(), Error> {
    match f.get(&[name]) {
        None => {}
        Some("") => *slot = None,
        Some(v) => {
            *slot = Some(
                DateTime::parse_from_rfc3339(v)
                    .map_err(|_| invalid(name, "una fecha y hora ISO 8601 con zona horaria"))?,
            )
        }
    }
    Ok(())
}

/// Employee ids as a JSON array (`[1,2]`) or a comma list (`1,2`).
fn employees(v: &str) -> Result<BTreeSet<i64>, Error> {
    let list = v.trim_start_matches('[').trim_end_matches(']');
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| invalid("empleados", "una lista de números"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn absent_fields_stay_and_empty_ones_clear() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        ot.orden_trabajo = "OT-1".into();
        ot.monto_mxn = Decimal::new(100, 0);
        ot.id_cliente = Some(3);
        apply(
            &mut ot,
            &form(&[("monto_mxn", ""), ("id_cliente", ""), ("oficio_ot", "OF-9")]),
        )
        .unwrap();
        assert_eq!(
            (ot.orden_trabajo.as_str(), ot.oficio_ot.as_str()),
            ("OT-1", "OF-9")
        );
        assert_eq!((ot.monto_mxn, ot.id_cliente), (Decimal::ZERO, None));
    }

    #[test]
    fn a_bad_value_is_refused_and_names_the_field() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        let err = apply(&mut ot, &form(&[("fecha_inicio_programado", "31/02/2026")])).unwrap_err();
        assert_eq!(err.code(), "campo_invalido");
        assert!(err.to_string().contains("fecha_inicio_programado"));
        assert!(apply(&mut ot, &form(&[("id_tipo", "9")])).is_err());
    }

    #[test]
    fn the_yard_follows_the_front() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        // Land: the patio is the site, no yard phase.
        apply(&mut ot, &form(&[("id_frente", "1"), ("id_patio", "4")])).unwrap();
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(4), false));
        // Offshore without the box: no patio, no dates.
        apply(
            &mut ot,
            &form(&[
                ("id_frente", "2"),
                ("id_patio", "4"),
                ("fecha_inicio_patio", "2026-01-01"),
            ]),
        )
        .unwrap();
        assert_eq!(
            (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio),
            (None, false, None)
        );
        // Offshore with the box: the yard phase's patio and dates.
        apply(
            &mut ot,
            &form(&[
                ("id_frente", "2"),
                ("check_fase_patio", "on"),
                ("id_patio_fase", "5"),
                ("fecha_inicio_patio", "2026-01-01"),
            ]),
        )
        .unwrap();
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(5), true));
        assert!(ot.fecha_inicio_patio.is_some());
        // A later edit of the dates alone keeps the yard phase.
        apply(&mut ot, &form(&[("fecha_fin_patio", "2026-01-09")])).unwrap();
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(5), true));
    }
}

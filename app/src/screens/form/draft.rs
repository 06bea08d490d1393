//! What the work-order form holds while it is edited, and what the shared rules say of it as
//! the user types.

use leptos::prelude::*;
use ote_shared::model::{self, OrdenTrabajo};
use ote_shared::rules::{
    self, Antes, Autor, Code, Contexto, Edicion, FasePatio, Principal, Pte, Violation,
    aplicar_fase_patio,
};
use rust_decimal::Decimal;

use crate::catalogs::Catalogos;

/// What the form holds: the work order's fields, the yard part of the form (which
/// [`aplicar_fase_patio`] turns into fields) and the amounts as typed (a half-typed amount is
/// not lost while it does not parse).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Values {
    pub(super) ot: OrdenTrabajo,
    pub(super) patio: FasePatio,
    pub(super) mxn: String,
    pub(super) usd: String,
    /// The work order a new reprogramming reprograms, as the rules judge it.
    pub(super) principal: Option<Principal>,
}

impl Values {
    /// The form of `ot`, its amounts as the form shows them.
    pub(super) fn of(ot: &OrdenTrabajo, principal: Option<Principal>) -> Values {
        Values {
            patio: FasePatio::de(ot),
            mxn: ot.monto_mxn.to_string(),
            usd: ot.monto_usd.to_string(),
            ot: ot.clone(),
            principal,
        }
    }
}

impl Values {
    /// The work order the form stands for, or the money field that does not read as an amount.
    fn result(&self) -> Result<OrdenTrabajo, Violation> {
        let mut ot = self.ot.clone();
        aplicar_fase_patio(&mut ot, &self.patio);
        ot.monto_mxn = parse_monto(&self.mxn, "monto_mxn")?;
        ot.monto_usd = parse_monto(&self.usd, "monto_usd")?;
        Ok(ot)
    }
}

/// How a control reads its value from the form and writes it back.
pub(super) type Getter<T> = fn(&Values) -> T;
pub(super) type Setter<T> = fn(&mut Values, T);

/// The draft being edited, what the rules say of it, and which messages to show.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    pub(super) values: RwSignal<Values>,
    pub(super) errors: Memo<Vec<Violation>>,
    /// Fields the user has left, and whether they tried to save: messages show from then on.
    touched: RwSignal<Vec<&'static str>>,
    pub(super) tried: RwSignal<bool>,
}

impl Draft {
    /// The draft of `original` (a new work order when `is_new`), judged as `autor` would be,
    /// its PTE against the catalog kept on the device once it is read.
    pub(super) fn new(
        original: StoredValue<OrdenTrabajo>,
        is_new: bool,
        autor: Autor,
        catalogos: LocalResource<Catalogos>,
    ) -> Draft {
        let values = RwSignal::new(original.with_value(|o| Values::of(o, None)));
        Draft {
            values,
            errors: Memo::new(move |_| {
                let catalogos = catalogos.get();
                values.with(|v| {
                    let ctx = Contexto {
                        pte: catalogos.as_ref().and_then(|c| pte_of(c, &v.ot)),
                        principal: v.principal.clone(),
                        ..Contexto::default()
                    };
                    original.with_value(|o| check(o, is_new, v, autor, &ctx))
                })
            }),
            touched: RwSignal::new(Vec::new()),
            tried: RwSignal::new(false),
        }
    }

    /// The work order the form stands for, or the money field that does not read as an amount.
    pub(super) fn result(&self) -> Result<OrdenTrabajo, Violation> {
        self.values.with(Values::result)
    }

    pub(super) fn read<T>(&self, read: Getter<T>) -> T {
        self.values.with(read)
    }

    /// Writes a control's value and marks its field as visited.
    pub(super) fn write<T>(&self, name: &'static str, write: Setter<T>, value: T) {
        self.values.update(|d| write(d, value));
        self.touch(name);
    }

    /// The message to show under `field`, if any.
    pub(super) fn message(&self, field: &'static str) -> Option<String> {
        let visible = self.tried.get() || self.touched.with(|t| t.contains(&field));
        visible
            .then(|| {
                self.errors.with(|e| {
                    e.iter()
                        .find(|v| v.field == field)
                        .map(|v| v.message.clone())
                })
            })
            .flatten()
    }

    pub(super) fn touch(&self, field: &'static str) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }
}

/// An amount as typed ("1,250.50" or "1250.5"); empty is zero, as in the seed.
fn parse_monto(text: &str, field: &'static str) -> Result<Decimal, Violation> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '$'))
        .collect();
    if clean.is_empty() {
        return Ok(Decimal::ZERO);
    }
    clean.parse().map_err(|_| {
        Violation::with_message(
            Code::MontoDecimales,
            field,
            "Escriba el monto como número, p. ej. 1250.50",
        )
    })
}

/// What the PTE catalog says of the PTE `ot` names, if it names one.
fn pte_of(c: &Catalogos, ot: &OrdenTrabajo) -> Option<Pte> {
    let id = ot.id_pte_header?;
    Some(match c.pte(id) {
        Some(p) => Pte::Conocida {
            id,
            id_cliente: p.id_cliente,
        },
        None => Pte::Desconocida(id),
    })
}

/// What the judgement of the device's save will say about the draft, as the user types: for a
/// new OT every rule, for an existing one what the edit broke (an old record's faults do not
/// block saving other fields), and what the user's role may not change. Rules that need other
/// work orders (a reprogramming's principal and number) are checked on saving; the PTE against
/// the catalog `ctx` brings.
fn check(
    original: &OrdenTrabajo,
    is_new: bool,
    values: &Values,
    autor: Autor,
    ctx: &Contexto,
) -> Vec<Violation> {
    let ot = match values.result() {
        Ok(ot) => ot,
        Err(v) => return vec![v],
    };
    let (before, base) = if is_new {
        (Antes::Nueva, rules::baseline(&ot, None))
    } else {
        (Antes::Guardada(original), original.clone())
    };
    let changes = model::cambios(&base, &ot);
    let edit = Edicion {
        antes: before,
        despues: &ot,
        cambios: &changes,
    };
    rules::judge(autor, &edit, ctx, &[])
        .into_iter()
        .filter(|v| {
            !matches!(
                v.code,
                Code::PrincipalNoExiste | Code::NumReprogramacionIncorrecto
            )
        })
        .collect()
}

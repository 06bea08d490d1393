//! The PTE a work order derives from (seed 001's `id_pte_id`): one of the PTE catalog's, and
//! the work order's client's when the PTE names one.

use super::{Code, Contexto, Violation};
use crate::model::OrdenTrabajo;

/// What the PTE catalog says of the PTE a work order names, as the caller looked it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pte {
    /// The catalog has no PTE with this id.
    Desconocida(i64),
    /// The catalog has it, for this client (if it names one).
    Conocida {
        /// Its id.
        id: i64,
        /// Its client.
        id_cliente: Option<i64>,
    },
}

impl Pte {
    fn id(self) -> i64 {
        match self {
            Pte::Desconocida(id) | Pte::Conocida { id, .. } => id,
        }
    }
}

/// Whether the change from `before` (`None`: a new work order) to `after` needs its PTE looked
/// up: it names one, and the PTE or the client changed (otherwise the check would find in
/// `after` what it found in `before`).
pub fn checks_pte(before: Option<&OrdenTrabajo>, after: &OrdenTrabajo) -> bool {
    after.id_pte_header.is_some()
        && before.is_none_or(|b| {
            b.id_pte_header != after.id_pte_header || b.id_cliente != after.id_cliente
        })
}

/// The PTE `ot` names is in the catalog and, if it names a client, is its client's. Checked
/// only when the context looked up that very PTE.
pub(super) fn check(ot: &OrdenTrabajo, ctx: &Contexto, out: &mut Vec<Violation>) {
    let (Some(id), Some(pte)) = (ot.id_pte_header, ctx.pte) else {
        return;
    };
    if pte.id() != id {
        return;
    }
    match pte {
        Pte::Desconocida(_) => out.push(Violation::new(Code::PteDesconocida, "id_pte_header")),
        Pte::Conocida {
            id_cliente: Some(cliente),
            ..
        } if ot.id_cliente.is_some_and(|c| c != cliente) => {
            out.push(Violation::new(Code::PteDeOtroCliente, "id_pte_header"))
        }
        Pte::Conocida { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn found(ot: &OrdenTrabajo, pte: Pte) -> Vec<Code> {
        let ctx = Contexto {
            pte: Some(pte),
            ..Contexto::default()
        };
        let mut out = Vec::new();
        check(ot, &ctx, &mut out);
        codes(&out)
    }

    fn with_pte(id: i64, cliente: i64) -> OrdenTrabajo {
        let mut ot = ot_valida();
        ot.id_pte_header = Some(id);
        ot.id_cliente = Some(cliente);
        ot
    }

    #[test]
    fn a_pte_of_the_catalog_for_the_same_client_passes() {
        let pte = Pte::Conocida {
            id: 4,
            id_cliente: Some(1),
        };
        assert_eq!(found(&with_pte(4, 1), pte), []);
    }

    #[test]
    fn a_pte_missing_from_the_catalog_is_refused() {
        assert_eq!(
            found(&with_pte(99, 1), Pte::Desconocida(99)),
            [Code::PteDesconocida]
        );
    }

    #[test]
    fn another_clients_pte_is_refused() {
        let pte = Pte::Conocida {
            id: 4,
            id_cliente: Some(2),
        };
        assert_eq!(found(&with_pte(4, 1), pte), [Code::PteDeOtroCliente]);
    }

    #[test]
    fn a_lookup_of_another_pte_says_nothing_of_this_one() {
        assert_eq!(found(&with_pte(4, 1), Pte::Desconocida(5)), []);
    }

    #[test]
    fn only_a_new_or_changed_pte_or_client_is_looked_up() {
        let before = with_pte(4, 1);
        assert!(checks_pte(None, &before));
        assert!(!checks_pte(Some(&before), &before));
        let mut other_client = before.clone();
        other_client.id_cliente = Some(2);
        assert!(checks_pte(Some(&before), &other_client));
        let mut none = before.clone();
        none.id_pte_header = None;
        assert!(!checks_pte(Some(&before), &none));
    }
}

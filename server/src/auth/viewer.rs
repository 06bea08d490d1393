//! Who may see what: a field technician sees only the work orders they created or that their
//! employee record is assigned to; everyone else sees all of them. Every read (pull, lists, one
//! work order, blobs, events) asks this one rule.

use sqlx::{Postgres, QueryBuilder};

use super::{CurrentUser, Role};

/// Whose reads these are: a field technician receives only the work orders they created
/// or that their employee record is assigned to; everyone else receives all of them.
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    /// The user, when what they see is restricted.
    pub restricted_to: Option<i64>,
    /// Their employee record.
    pub empleado_id: Option<i64>,
}

impl Viewer {
    /// The viewer for a signed-in user.
    pub fn of(user: &CurrentUser) -> Viewer {
        let restricted = user.role == Role::Campo;
        Viewer {
            restricted_to: restricted.then_some(user.id),
            empleado_id: user.empleado_id,
        }
    }

    /// Limits a query over `work_orders w` to what this viewer may see: for a field
    /// technician, the work orders they created or are assigned to, as their devices receive
    /// them (`sync::pull`).
    pub fn push_filter(self, b: &mut QueryBuilder<'_, Postgres>) {
        if let Some(user) = self.restricted_to {
            b.push(" AND (EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = w.doc_id AND d.creado_por = ")
                .push_bind(user)
                .push(") OR EXISTS (SELECT 1 FROM work_order_empleados e WHERE e.work_order_id = w.id AND e.empleado_id = ")
                .push_bind(self.empleado_id)
                .push("))");
        }
    }
}

//! Who may see what: a field technician sees only the work orders they created or that their
//! employee record is assigned to; a vessel hub's account, what its crew sees so and the work
//! orders of its vessel or platform; everyone else sees all of them. Every read (pull, lists, one
//! work order, blobs, events) asks this one rule.

use sqlx::{Postgres, QueryBuilder};

use super::{CurrentUser, Role};

/// Whose reads these are.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    /// Every work order: the office, administrators.
    Everything,
    /// A field technician: what they created or their employee record is assigned to.
    Technician {
        /// The user.
        user: i64,
        /// Their employee record.
        empleado: Option<i64>,
    },
    /// A vessel hub's account: what its crew sees as technicians (the work orders a member
    /// raised or an employee record of theirs is assigned to), those of its site (`hub_sites`),
    /// and those it raised itself. A work order a technician raises on board is theirs on shore.
    Hub {
        /// The hub's account.
        user: i64,
    },
}

/// The documents a technician may see (`$3` the user, `$4` their employee). Each
/// assignment's work order is looked up by its key, whatever the planner believes of the
/// table's size.
const TECHNICIAN_DOCS: &str = "SELECT doc_id FROM documents WHERE creado_por = $3
    UNION SELECT (SELECT w.doc_id FROM work_orders w WHERE w.id = e.work_order_id)
          FROM work_order_empleados e WHERE e.empleado_id = $4";

/// The documents a hub may see (`$3` its account; `$4` is bound and unused).
const HUB_DOCS: &str = "SELECT doc_id FROM documents
          WHERE creado_por = ANY(ARRAY(SELECT user_id FROM hub_crew WHERE hub_id = $3) || $3::int8)
    UNION SELECT w.doc_id FROM hub_sites h JOIN work_orders w
          ON w.id_embarcacion = h.id_embarcacion OR w.id_plataforma = h.id_plataforma
          WHERE h.hub_id = $3
    UNION SELECT (SELECT w.doc_id FROM work_orders w WHERE w.id = e.work_order_id)
          FROM work_order_empleados e WHERE e.empleado_id IN (SELECT u.empleado_id
              FROM hub_crew c JOIN users u ON u.id = c.user_id WHERE c.hub_id = $3)";

impl Viewer {
    /// The viewer for a signed-in user.
    pub fn of(user: &CurrentUser) -> Viewer {
        match user.role {
            Role::Campo => Viewer::Technician {
                user: user.id,
                empleado: user.empleado_id,
            },
            Role::Hub => Viewer::Hub { user: user.id },
            _ => Viewer::Everything,
        }
    }

    /// A `SELECT doc_id …` of the documents this viewer may see, over `$3` and `$4` (bound
    /// with [`Viewer::binds`]); `None` when they see every one.
    pub fn visible_docs(self) -> Option<&'static str> {
        match self {
            Viewer::Everything => None,
            Viewer::Technician { .. } => Some(TECHNICIAN_DOCS),
            Viewer::Hub { .. } => Some(HUB_DOCS),
        }
    }

    /// The two values [`Viewer::visible_docs`] reads as `$3` and `$4`.
    pub fn binds(self) -> (Option<i64>, Option<i64>) {
        match self {
            Viewer::Everything => (None, None),
            Viewer::Technician { user, empleado } => (Some(user), empleado),
            Viewer::Hub { user } => (Some(user), None),
        }
    }

    /// Limits a query over `work_orders w` to what this viewer may see, as their devices
    /// receive them (`sync::pull`).
    pub fn push_filter(self, b: &mut QueryBuilder<'_, Postgres>) {
        match self {
            Viewer::Everything => {}
            Viewer::Technician { user, empleado } => {
                b.push(" AND (EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = w.doc_id AND d.creado_por = ")
                    .push_bind(user)
                    .push(") OR EXISTS (SELECT 1 FROM work_order_empleados e WHERE e.work_order_id = w.id AND e.empleado_id = ")
                    .push_bind(empleado)
                    .push("))");
            }
            Viewer::Hub { user } => {
                b.push(" AND (EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = w.doc_id AND (d.creado_por = ")
                    .push_bind(user)
                    .push(" OR d.creado_por IN (SELECT user_id FROM hub_crew WHERE hub_id = ")
                    .push_bind(user)
                    .push("))) OR EXISTS (SELECT 1 FROM hub_sites h WHERE h.hub_id = ")
                    .push_bind(user)
                    .push(" AND (w.id_embarcacion = h.id_embarcacion OR w.id_plataforma = h.id_plataforma))")
                    .push(" OR EXISTS (SELECT 1 FROM work_order_empleados e JOIN users u ON u.empleado_id = e.empleado_id")
                    .push(" JOIN hub_crew c ON c.user_id = u.id WHERE e.work_order_id = w.id AND c.hub_id = ")
                    .push_bind(user)
                    .push("))");
            }
        }
    }
}

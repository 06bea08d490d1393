//! What each role may do, shared so the app offers only what the server will accept.

use serde::{Deserialize, Serialize};

/// A user's role. admin: everything, users included; oficina: work orders, reprogramming,
/// imports; campo: steps, photos, actual dates, comments and status within the rules; lectura:
/// read only; hub: the shore account of a vessel's hub server, which syncs what its crew did on
/// board (judged there already, as each author) and receives its crew's accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rol {
    /// Administrator.
    Admin,
    /// Office staff.
    Oficina,
    /// Field technician.
    Campo,
    /// Read only.
    Lectura,
    /// A vessel hub's server.
    Hub,
}

impl Rol {
    /// Every role.
    pub const ALL: [Rol; 5] = [Rol::Admin, Rol::Oficina, Rol::Campo, Rol::Lectura, Rol::Hub];

    /// The role as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Rol::Admin => "admin",
            Rol::Oficina => "oficina",
            Rol::Campo => "campo",
            Rol::Lectura => "lectura",
            Rol::Hub => "hub",
        }
    }

    /// Plans: creates, edits, deletes and reprograms work orders, imports Anexo C and schedules.
    pub fn plans(self) -> bool {
        matches!(self, Rol::Admin | Rol::Oficina)
    }

    /// Records progress: status, steps, photos and files (campo within the rules); syncs
    /// changes from a device.
    pub fn records(self) -> bool {
        matches!(self, Rol::Admin | Rol::Oficina | Rol::Campo)
    }

    /// Syncs documents and uploads files: whoever records, and a vessel's hub.
    pub fn syncs(self) -> bool {
        self.records() || self == Rol::Hub
    }

    /// A vessel hub's server: it receives its crew's accounts, and the rules judged each change
    /// it sends on board, as its author (shore judging them again as that author is a later
    /// slice of issue 28; until then it takes them as a planner's).
    pub fn is_hub(self) -> bool {
        self == Rol::Hub
    }

    /// Manages users and API keys (admin only).
    pub fn manages_users(self) -> bool {
        self == Rol::Admin
    }

    /// Reads the activity log of every user (admin and oficina).
    pub fn reads_activity(self) -> bool {
        self.plans()
    }

    /// Reads the import history and its reports (everyone but campo, whose devices need none,
    /// and a hub).
    pub fn reads_imports(self) -> bool {
        matches!(self, Rol::Admin | Rol::Oficina | Rol::Lectura)
    }
}

impl std::str::FromStr for Rol {
    type Err = String;

    fn from_str(s: &str) -> Result<Rol, String> {
        Rol::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("rol desconocido «{s}»: use admin, oficina, campo, lectura o hub")
            })
    }
}

impl std::fmt::Display for Rol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_office_plans() {
        let planners: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.plans()).collect();
        assert_eq!(planners, [Rol::Admin, Rol::Oficina]);
    }

    #[test]
    fn admin_oficina_and_campo_record() {
        let recorders: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.records()).collect();
        assert_eq!(recorders, [Rol::Admin, Rol::Oficina, Rol::Campo]);
    }

    #[test]
    fn a_hub_syncs_without_recording_through_the_api() {
        let syncing: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.syncs()).collect();
        assert_eq!(syncing, [Rol::Admin, Rol::Oficina, Rol::Campo, Rol::Hub]);
    }

    #[test]
    fn only_admin_manages_users() {
        let admins: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.manages_users()).collect();
        assert_eq!(admins, [Rol::Admin]);
    }

    #[test]
    fn campo_does_not_read_the_import_history() {
        let readers: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.reads_imports()).collect();
        assert_eq!(readers, [Rol::Admin, Rol::Oficina, Rol::Lectura]);
    }
}

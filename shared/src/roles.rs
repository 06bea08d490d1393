//! What each role may do, shared so the app offers only what the server will accept.

use serde::{Deserialize, Serialize};

/// A user's role. admin: everything, users included; oficina: work orders, reprogramming,
/// imports; campo: steps, photos, actual dates, comments and status within the rules; lectura:
/// read only.
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
}

impl Rol {
    /// Every role.
    pub const ALL: [Rol; 4] = [Rol::Admin, Rol::Oficina, Rol::Campo, Rol::Lectura];

    /// The role as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Rol::Admin => "admin",
            Rol::Oficina => "oficina",
            Rol::Campo => "campo",
            Rol::Lectura => "lectura",
        }
    }

    /// Plans: creates, edits, deletes and reprograms work orders, imports Anexo C and schedules.
    pub fn plans(self) -> bool {
        matches!(self, Rol::Admin | Rol::Oficina)
    }

    /// Records progress: status, steps, photos and files (campo within the rules); syncs
    /// changes from a device.
    pub fn records(self) -> bool {
        self != Rol::Lectura
    }

    /// Manages users and API keys (admin only).
    pub fn manages_users(self) -> bool {
        self == Rol::Admin
    }

    /// Reads the activity log of every user (admin and oficina).
    pub fn reads_activity(self) -> bool {
        self.plans()
    }

    /// Reads the import history and its reports (everyone but campo, whose devices need none).
    pub fn reads_imports(self) -> bool {
        self != Rol::Campo
    }
}

impl std::str::FromStr for Rol {
    type Err = String;

    fn from_str(s: &str) -> Result<Rol, String> {
        Rol::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("rol desconocido «{s}»: use admin, oficina, campo o lectura"))
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
    fn everyone_but_lectura_records() {
        let recorders: Vec<Rol> = Rol::ALL.into_iter().filter(|r| r.records()).collect();
        assert_eq!(recorders, [Rol::Admin, Rol::Oficina, Rol::Campo]);
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

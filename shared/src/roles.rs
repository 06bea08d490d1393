//! What each role may do, shared so the app offers only what the server will accept.

use serde::{Deserialize, Serialize};

/// A user's role. admin: everything, users included; oficina: work orders, reprogramming,
/// imports; campo: steps, photos, actual dates, comments and status within the rules; lectura:
/// read only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

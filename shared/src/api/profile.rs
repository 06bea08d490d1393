//! Who is signed in: the sign-in body and the profile the server answers with.

use serde::{Deserialize, Serialize};

use crate::roles::Rol;
use crate::rules::Autor;

/// A sign-in, `POST /api/auth/login`'s body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credenciales {
    /// The login name.
    pub username: String,
    /// The password.
    pub password: String,
}

/// The signed-in user, as `POST /api/auth/login` answers (with the session cookie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Perfil {
    /// User id.
    pub id: i64,
    /// Login name.
    pub usuario: String,
    /// What the user may do; the app offers what [`Rol`]'s capabilities allow, as the server
    /// checks them.
    pub rol: Rol,
    /// The employee record of a field technician (a profile kept before it was sent has none).
    #[serde(default)]
    pub empleado_id: Option<i64>,
    /// The session's CSRF token, echoed on every write (`X-CSRF-Token`).
    pub csrf: String,
}

impl Perfil {
    /// The user as the rules judge their edits on this device.
    pub fn autor(&self) -> Autor {
        Autor {
            rol: self.rol,
            empleado: self.empleado_id,
        }
    }

    /// Records nothing (`lectura`): sees everything, changes nothing.
    pub fn solo_lectura(&self) -> bool {
        !self.rol.records()
    }

    /// Plans and reprograms work orders, imports (`admin`, `oficina`).
    pub fn planea(&self) -> bool {
        self.rol.plans()
    }
}

/// The caller, as `GET /api/auth/me` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usuario {
    /// User id.
    pub id: i64,
    /// Login name.
    pub usuario: String,
    /// Role.
    pub rol: Rol,
    /// The employee record of a field technician, whose assigned work orders they receive.
    pub empleado_id: Option<i64>,
    /// The session's CSRF token when the caller came with a session cookie (absent with an
    /// `Api-key`): the app, opened after signing in at `/accounts/login/`, takes up that
    /// session with it instead of asking for the password again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

impl Usuario {
    /// The app's profile of a session found by its cookie; `None` without its CSRF token.
    pub fn into_perfil(self) -> Option<Perfil> {
        Some(Perfil {
            id: self.id,
            usuario: self.usuario,
            rol: self.rol,
            empleado_id: self.empleado_id,
            csrf: self.csrf?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_reads_the_role_the_server_writes() {
        let json = r#"{"id": 3, "usuario": "tecnico", "rol": "campo", "csrf": "abc"}"#;
        let perfil: Perfil = serde_json::from_str(json).unwrap();
        assert_eq!(perfil.rol, Rol::Campo);
        assert!(!perfil.solo_lectura() && !perfil.planea());
    }

    #[test]
    fn an_unknown_role_is_refused_instead_of_read_as_another() {
        let json = r#"{"id": 3, "usuario": "x", "rol": "superusuario", "csrf": "abc"}"#;
        assert!(serde_json::from_str::<Perfil>(json).is_err());
    }
}

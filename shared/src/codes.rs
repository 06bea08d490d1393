//! The seeds' numeric codes as enums.
//!
//! Each enum serialises to the number the seeds use (in JSON, in the Automerge document and in
//! PostgreSQL), so an unknown number is refused at the edge instead of travelling inward.

use serde::{Deserialize, Serialize};

/// Declares a code enum: its numeric value, its Spanish label, and serde as that number.
macro_rules! numeric_code {
    ($(#[$meta:meta])* $name:ident : $repr:ty { $($(#[$vmeta:meta])* $variant:ident = $value:literal => $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub enum $name {
            $($(#[$vmeta])* #[doc = $label] $variant,)+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The number the seeds use for this value.
            pub const fn code(self) -> $repr {
                match self { $($name::$variant => $value,)+ }
            }

            /// The value for a seed number, if it is one.
            pub fn from_code(code: i64) -> Option<Self> {
                match code { $($value => Some($name::$variant),)+ _ => None }
            }

            /// The label the UI shows.
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl TryFrom<i64> for $name {
            type Error = UnknownCode;
            fn try_from(code: i64) -> Result<Self, UnknownCode> {
                Self::from_code(code).ok_or(UnknownCode { kind: stringify!($name), code })
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                i64::from(value.code())
            }
        }
    };
}

/// A number that is not one of the codes of its kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("código {code} desconocido para {kind}")]
pub struct UnknownCode {
    /// The enum that refused it.
    pub kind: &'static str,
    /// The number received.
    pub code: i64,
}

numeric_code! {
    /// The status of a work order (`id_estatus_ot`, seed 000 `cambiar_estatus_ot`).
    EstatusOt: i16 {
        Activa = 1 => "Activa",
        EnProceso = 2 => "En proceso",
        Terminada = 3 => "Terminada",
        Cancelada = 4 => "Cancelada",
        /// Finished and accepted by the client (seed 002's 5): the office confirms it.
        Confirmada = 5 => "Confirmada",
    }
}

numeric_code! {
    /// The kind of work order (`id_tipo`): an initial OT or a reprogramming of one.
    TipoOt: i16 {
        Inicial = 4 => "Inicial",
        Reprogramacion = 5 => "Reprogramación",
    }
}

numeric_code! {
    /// The record state (`estatus`): never physically deleted, only marked.
    EstadoRegistro: i16 {
        PorDefinir = -1 => "Por definir",
        Eliminado = 0 => "Eliminado",
        Activo = 1 => "Activo",
    }
}

numeric_code! {
    /// Priority of a work order (seed 002).
    Prioridad: i16 {
        Alta = 1 => "Alta",
        Media = 2 => "Media",
        Baja = 3 => "Baja",
    }
}

numeric_code! {
    /// When a photo was taken relative to the service (seed 002 `proceso`).
    Proceso: i16 {
        Antes = 1 => "Antes del servicio",
        Durante = 2 => "Durante el servicio",
        Despues = 3 => "Después del servicio",
    }
}

numeric_code! {
    /// The status of one step (`estatus_paso`).
    EstatusPaso: i16 {
        Pendiente = 1 => "Pendiente",
        EnProceso = 2 => "En proceso",
        Terminado = 3 => "Terminado",
        NoAplica = 4 => "No aplica",
    }
}

/// The land front: there the yard (patio) is the work site itself (seed 001).
pub const FRENTE_TIERRA: i64 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json_as_numbers() {
        assert_eq!(
            serde_json::to_string(&EstadoRegistro::PorDefinir).unwrap(),
            "-1"
        );
        assert_eq!(
            serde_json::from_str::<TipoOt>("5").unwrap(),
            TipoOt::Reprogramacion
        );
        for s in EstatusOt::ALL {
            assert_eq!(EstatusOt::from_code(s.code().into()), Some(*s));
        }
    }

    #[test]
    fn unknown_codes_are_refused() {
        assert!(serde_json::from_str::<EstatusOt>("7").is_err());
        assert_eq!(TipoOt::from_code(3), None);
    }
}

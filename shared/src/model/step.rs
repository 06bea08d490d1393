use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Archivo;
use crate::codes::EstatusPaso;

/// One step of a work order (seed `OTDetalle`), made from a step template (`PasoOt`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Paso {
    /// The step's own id (document key).
    pub id: Uuid,
    /// The template it was made from (`id_paso`).
    pub id_paso: i64,
    /// Its status.
    pub estatus_paso: EstatusPaso,
    /// Delivery date.
    pub fecha_entrega: Option<NaiveDate>,
    /// Start date.
    pub fecha_inicio: Option<NaiveDate>,
    /// End date.
    pub fecha_termino: Option<NaiveDate>,
    /// Free comment.
    pub comentario: String,
    /// An attached file (the seed's `archivo`), content-addressed.
    pub archivo: Option<Archivo>,
}

impl Paso {
    /// A pending step from a template, as a new work order gets it.
    pub fn pendiente(id: Uuid, id_paso: i64) -> Self {
        Paso {
            id,
            id_paso,
            estatus_paso: EstatusPaso::Pendiente,
            fecha_entrega: None,
            fecha_inicio: None,
            fecha_termino: None,
            comentario: String::new(),
            archivo: None,
        }
    }

    /// One of its dates.
    pub fn fecha(&self, campo: FechaPaso) -> Option<NaiveDate> {
        match campo {
            FechaPaso::Entrega => self.fecha_entrega,
            FechaPaso::Inicio => self.fecha_inicio,
            FechaPaso::Termino => self.fecha_termino,
        }
    }

    /// One of its dates, to set.
    pub fn fecha_mut(&mut self, campo: FechaPaso) -> &mut Option<NaiveDate> {
        match campo {
            FechaPaso::Entrega => &mut self.fecha_entrega,
            FechaPaso::Inicio => &mut self.fecha_inicio,
            FechaPaso::Termino => &mut self.fecha_termino,
        }
    }
}

/// A step's date fields, as forms and routes name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FechaPaso {
    /// `fecha_entrega`.
    Entrega,
    /// `fecha_inicio`.
    Inicio,
    /// `fecha_termino`.
    Termino,
}

impl FechaPaso {
    /// Every date of a step, in the order forms show them.
    pub const ALL: [FechaPaso; 3] = [FechaPaso::Entrega, FechaPaso::Inicio, FechaPaso::Termino];

    /// Its field name.
    pub const fn campo(self) -> &'static str {
        match self {
            FechaPaso::Entrega => "fecha_entrega",
            FechaPaso::Inicio => "fecha_inicio",
            FechaPaso::Termino => "fecha_termino",
        }
    }

    /// The date named `campo`.
    pub fn de_campo(campo: &str) -> Option<FechaPaso> {
        FechaPaso::ALL.into_iter().find(|f| f.campo() == campo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_date_is_set_and_read_by_its_field_name() {
        let mut paso = Paso::pendiente(Uuid::new_v4(), 1);
        let dia = NaiveDate::from_ymd_opt(2026, 3, 2);
        for campo in FechaPaso::ALL {
            let f = FechaPaso::de_campo(campo.campo()).unwrap();
            *paso.fecha_mut(f) = dia;
            assert_eq!(paso.fecha(campo), dia);
        }
        assert_eq!(FechaPaso::de_campo("fecha_fin"), None);
    }
}

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
}

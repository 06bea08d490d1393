//! The requests of seed 000's routes, as a query string, a JSON object or a form: each names its
//! row by the seed's id field and carries the REST API's type for the rest, so both surfaces read
//! a field the same way.

use chrono::NaiveDate;
use ote_shared::api::{CambioEstatus, CamposOt, Patch};
use ote_shared::codes::EstatusPaso;
use ote_shared::model::FechaPaso;
use serde::Deserialize;
use utoipa::ToSchema;

/// `editar/`: the work order and the fields to change.
#[derive(Deserialize, ToSchema)]
pub struct EdicionOt {
    /// The work order's numeric id.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub id: Patch<i64>,
    /// The fields to change.
    #[serde(flatten)]
    pub campos: CamposOt,
}

/// `eliminar/`: the work order.
#[derive(Deserialize, ToSchema)]
pub struct Eliminacion {
    /// The work order's numeric id.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub id: Patch<i64>,
}

/// `cambiar_estatus_ot/`: the work order (`ot_id`, or `id`), `nuevo_estatus` and `comentario`.
#[derive(Deserialize, ToSchema)]
pub struct CambioEstatusOt {
    /// The work order's numeric id.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub ot_id: Patch<i64>,
    /// Another name for `ot_id`.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub id: Patch<i64>,
    /// The status and its reason.
    #[serde(flatten)]
    pub cambio: CambioEstatus,
}

/// `cambiar_estatus_paso/`: the step, its new status and an optional comment.
#[derive(Deserialize, ToSchema)]
pub struct EstatusDePaso {
    /// The step's numeric id.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub id: Patch<i64>,
    /// 1 Pendiente, 2 En proceso, 3 Terminado, 4 No aplica.
    #[serde(default)]
    #[schema(value_type = i16)]
    pub estatus: Patch<EstatusPaso>,
    /// Replaces the step's comment when sent.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub comentario: Patch<String>,
}

/// `actualizar-fecha/`: the step, which of its dates, and the date (empty clears it).
#[derive(Deserialize, ToSchema)]
pub struct FechaDePaso {
    /// The step's numeric id.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub id: Patch<i64>,
    /// `fecha_entrega`, `fecha_inicio` or `fecha_termino`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub campo: Patch<FechaPaso>,
    /// `AAAA-MM-DD`; empty clears the date.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub fecha: Patch<NaiveDate>,
}

/// `obtener_datos/`: the work order (`ot_id`, or `id`).
#[derive(Deserialize)]
pub struct ConsultaOt {
    /// The work order's numeric id.
    #[serde(default)]
    pub ot_id: Patch<i64>,
    /// Another name for `ot_id`.
    #[serde(default)]
    pub id: Patch<i64>,
}

/// `obtener_sitios_frente/`: the front.
#[derive(Deserialize)]
pub struct ConsultaFrente {
    /// The front's id.
    #[serde(default)]
    pub id_frente: Patch<i64>,
}

/// `obtener_progreso_general_ot/`: one work order, or none for all of them.
#[derive(Deserialize)]
pub struct ConsultaProgreso {
    /// The work order's numeric id.
    #[serde(default)]
    pub id: Patch<i64>,
}

//! Work orders as the REST API shows them: one with its steps, photos, employees and sites
//! (`GET /api/v1/work-orders/{id}`), the list's rows and pages, and what a reprogramming is made
//! from. Field names are the seeds'; money is decimal text, exact.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Archivo, TipoSitio};

/// One work order: its own fields, then what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrdenTrabajoVista {
    /// The work order's own fields.
    #[serde(flatten)]
    pub orden: OrdenTrabajoFila,
    /// Its steps, by template.
    pub pasos: Vec<PasoVista>,
    /// Its photos, oldest first.
    pub fotos: Vec<FotoVista>,
    /// The employees assigned to it, by id.
    pub empleados: Vec<i64>,
    /// Its sites with their names: vessel, platform or intercom, and yard.
    pub sitios: Vec<SitioOt>,
    /// The official letter of the PTE it derives from (seed 001's `pte_padre`), if it names one
    /// the catalog has.
    pub pte_padre: Option<String>,
}

/// A site a work order names, resolved from its catalog (what seed 000's `con_sitios` loads):
/// its vessel, platform, intercom or yard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SitioOt {
    /// Which catalog: `embarcacion`, `plataforma`, `intercom` or `patio`.
    pub tipo: TipoSitio,
    /// Id within that catalog.
    pub id: i64,
    /// Its name.
    pub descripcion: String,
}

/// A work order's own fields, as its relational row keeps them (the search text aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OrdenTrabajoFila {
    /// Numeric id (the seeds' `id`).
    pub id: i64,
    /// Document id: the work order on devices and in the sync.
    pub doc_id: Uuid,
    /// Type: 4 initial, 5 reprogramming.
    pub id_tipo: i16,
    /// Planning header (PTE).
    pub id_pte_header: Option<i64>,
    /// Folio.
    pub orden_trabajo: String,
    /// Description of the work.
    pub descripcion_trabajo: String,
    /// Project manager.
    pub id_responsable_proyecto: Option<i64>,
    /// The client's representative.
    pub responsable_cliente: String,
    /// Official letter.
    pub oficio_ot: String,
    /// Status of the work (1–5).
    pub id_estatus_ot: i16,
    /// Programmed start.
    pub fecha_inicio_programado: Option<NaiveDate>,
    /// Actual start.
    pub fecha_inicio_real: Option<NaiveDate>,
    /// Programmed end.
    pub fecha_termino_programado: Option<NaiveDate>,
    /// Actual end.
    pub fecha_termino_real: Option<NaiveDate>,
    /// Record state (-1, 0 deleted, 1 active).
    pub estatus: i16,
    /// Reprogramming number, for a reprogramming.
    pub num_reprogramacion: Option<i32>,
    /// The initial work order a reprogramming belongs to.
    pub ot_principal: Option<i64>,
    /// Its document id.
    pub ot_principal_doc: Option<Uuid>,
    /// Amount in pesos.
    pub monto_mxn: Decimal,
    /// Amount in dollars.
    pub monto_usd: Decimal,
    /// Work front.
    pub id_frente: Option<i64>,
    /// Vessel.
    pub id_embarcacion: Option<i64>,
    /// Platform.
    pub id_plataforma: Option<i64>,
    /// Intercom.
    pub id_intercom: Option<i64>,
    /// Yard.
    pub id_patio: Option<i64>,
    /// Term in days.
    pub plazo_dias: Option<i32>,
    /// Whether the work needs a yard.
    pub requiere_patio: bool,
    /// Start in the yard.
    pub fecha_inicio_patio: Option<NaiveDate>,
    /// End in the yard.
    pub fecha_fin_patio: Option<NaiveDate>,
    /// Client.
    pub id_cliente: Option<i64>,
    /// Comment.
    pub comentario: String,
    /// Priority.
    pub prioridad: Option<i16>,
    /// When the client logged the start, ISO 8601 exactly as given (its offset included).
    pub bitacora_inicio_cliente: Option<String>,
    /// When the crew logged arriving at base, ISO 8601 as given.
    pub bitacora_llegada_base: Option<String>,
    /// Progress, 0–100 (a number, as the seeds give it).
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub progreso: Decimal,
    /// When it was created.
    pub creado: DateTime<FixedOffset>,
    /// When its row was last rewritten.
    pub actualizado: DateTime<FixedOffset>,
}

/// A step of a work order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasoVista {
    /// Numeric id.
    pub id: i64,
    /// The step's id in the document.
    pub step_id: Uuid,
    /// The template it was made from.
    pub id_paso: i64,
    /// Status (1 pending, 2 in progress, 3 done, 4 not applicable).
    pub estatus_paso: i16,
    /// Delivery date.
    pub fecha_entrega: Option<NaiveDate>,
    /// Start.
    pub fecha_inicio: Option<NaiveDate>,
    /// End.
    pub fecha_termino: Option<NaiveDate>,
    /// Comment.
    pub comentario: String,
    /// The attached file, if any.
    pub archivo: Option<Archivo>,
}

/// A photo of a work order (its bytes at `/api/blobs/{sha256}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FotoVista {
    /// Numeric id.
    pub id: i64,
    /// The photo's id in the document.
    pub photo_id: Uuid,
    /// Process it documents (seed 002: 1 before, 2 during, 3 after).
    pub proceso: i16,
    /// Title.
    pub titulo: String,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// File name.
    pub nombre: String,
    /// Size in bytes.
    pub tamano: i64,
    /// MIME type.
    pub tipo_mime: String,
    /// When it was taken.
    pub creado: DateTime<FixedOffset>,
}

/// One row of the work-order list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FilaOrden {
    /// Numeric id (the seeds' `id`).
    pub id: i64,
    /// Document id.
    pub doc_id: Uuid,
    /// Folio.
    pub orden_trabajo: String,
    /// Description.
    pub descripcion_trabajo: String,
    /// Official letter.
    pub oficio_ot: String,
    /// Type.
    pub id_tipo: i16,
    /// Status of the work.
    pub id_estatus_ot: i16,
    /// Record state.
    pub estatus: i16,
    /// Work front.
    pub id_frente: Option<i64>,
    /// Client.
    pub id_cliente: Option<i64>,
    /// Project manager.
    pub id_responsable_proyecto: Option<i64>,
    /// Programmed start.
    pub fecha_inicio_programado: Option<NaiveDate>,
    /// Programmed end.
    pub fecha_termino_programado: Option<NaiveDate>,
    /// Amount in pesos.
    pub monto_mxn: Decimal,
    /// Amount in dollars.
    pub monto_usd: Decimal,
    /// Progress, 0–100.
    pub progreso: Decimal,
    /// Reprogramming number.
    pub num_reprogramacion: Option<i32>,
    /// Its sites with their names, in the order vessel, platform, intercom, yard (resolved
    /// after the row is read).
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub sitios: Vec<SitioOt>,
}

/// One page of the work-order list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaginaOrdenes {
    /// Rows matching the filter, over all pages.
    pub total: i64,
    /// This page (1-based).
    pub pagina: i64,
    /// Rows per page.
    pub por_pagina: i64,
    /// The rows.
    pub datos: Vec<FilaOrden>,
}

/// An active initial work order, what a reprogramming is made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrdenInicial {
    /// Numeric id.
    pub id: i64,
    /// Folio.
    pub orden_trabajo: String,
    /// Description of the work.
    pub descripcion_trabajo: String,
}

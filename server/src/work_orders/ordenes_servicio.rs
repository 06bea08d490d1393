//! Seed 002's view of work orders (`/api/v2/ordenes_servicio/`): its statuses, its field names
//! and its nested `sucursal`, `cliente`, `empleados` and `archivos`, read from the relational
//! rows in one query per page or work order.
//!
//! Statuses: seed 002's codes are ours (1 Abierta is our Activa, 5 Confirmada a finished OT the
//! client accepted); only the name of 1 differs.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use ote_shared::api::Patch;
use ote_shared::codes::{EstatusOt, Prioridad, Proceso, TipoOt};
use ote_shared::model::{Empleado, OrdenTrabajo};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use super::queries::{self, Filter};
use crate::auth::Viewer;

/// Seed 002's name for one of our statuses.
pub fn status_display(status: EstatusOt) -> &'static str {
    match status {
        EstatusOt::Activa => "Abierta",
        other => other.label(),
    }
}

/// A work order as seed 002 shows it; `empleados` and `archivos` only when it is read alone.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Orden {
    /// Numeric id.
    pub id: i64,
    /// Status, seed 002's code.
    pub status: i16,
    /// 1 Alta, 2 Media, 3 Baja.
    pub prioridad: Option<i16>,
    /// When the client logged the start, ISO 8601 as given.
    pub bitacora_inicio_cliente: Option<String>,
    /// When the crew logged its return to base, ISO 8601 as given.
    pub bitacora_llegada_base: Option<String>,
    /// The work's description.
    pub descripcion: String,
    /// The status's name.
    pub status_display: &'static str,
    /// The folio (`orden_trabajo`).
    pub clave: String,
    /// Work orders here are not periodic: always `-----`, as seed 002 shows a non-periodic one.
    pub periodicidad: &'static str,
    /// The priority's name.
    pub prioridad_display: Option<&'static str>,
    /// The work order's type: Inicial or Reprogramación.
    pub tipo_servicio: &'static str,
    /// The work site.
    pub sucursal: Option<Sucursal>,
    /// The client.
    pub cliente: Option<Cliente>,
    /// Assigned employees: `{id, rfc, nombre, apellido_paterno, apellido_materno}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub empleados: Option<Vec<Empleado>>,
    /// Photos of the service and the steps' files, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archivos: Option<Vec<ArchivoV2>>,
}

/// The work site (vessel, platform, intercom or yard), as seed 002's branch office.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sucursal {
    /// The site's id within its kind.
    pub id: i64,
    /// The site's municipality (for a vessel, its home port's).
    pub municipio: String,
    /// The site's name.
    pub nombre: String,
    /// The work order's client's name.
    pub cliente: String,
    /// The site's address (for an offshore site, where it lies).
    pub direccion: String,
}

/// A client, every field of seed 002.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Cliente {
    /// Id.
    pub id: i64,
    /// Tax regime.
    pub regimen_fiscal: String,
    /// Tax id.
    pub rfc: String,
    /// Legal name.
    pub razon_social: String,
    /// Address.
    pub direccion: String,
    /// Neighbourhood.
    pub colonia: String,
    /// Short name.
    pub nombre: String,
    /// Phone.
    pub telefono: String,
    /// Email.
    pub email: String,
    /// Legal representative.
    pub representante_legal: String,
}

/// A photo or a step's file, as seed 002 lists a work order's files.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArchivoV2 {
    /// The photo's numeric id; for a step's file, the step's.
    pub id: i64,
    /// Where to download it (with the same credentials).
    pub url: String,
    /// Its title.
    pub titulo: String,
    /// When it was taken (a step's file: uploaded), with microseconds and `+00:00`, as seed
    /// 002 writes it.
    pub creado: String,
    /// Ours, beside the seed's: `foto` (a photo of the service) or `paso` (a step's file, its
    /// title the step's name and the file's), since the two ids are counted apart.
    pub origen: String,
}

impl ArchivoV2 {
    fn new(file: ArchivoRow, base_url: &str) -> ArchivoV2 {
        ArchivoV2 {
            id: file.id,
            url: format!("{base_url}/api/blobs/{}", file.sha256),
            titulo: file.titulo,
            creado: timestamp(file.creado),
            origen: file.origen,
        }
    }
}

/// A time as seed 002 writes it: `2026-01-27T22:20:56.787815+00:00`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// A file's row, as the query gives it.
#[derive(Debug, Deserialize)]
pub struct ArchivoRow {
    origen: String,
    id: i64,
    sha256: String,
    titulo: String,
    creado: DateTime<Utc>,
}

/// What seed 002's PATCH takes: these fields, any other ignored (as that API ignores the fields
/// it does not edit).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Edicion {
    /// 1 Abierta, 2 En proceso, 3 Terminada, 4 Cancelada, 5 Confirmada.
    #[schema(value_type = Option<i16>)]
    pub status: Patch<EstatusOt>,
    /// 1 Alta, 2 Media, 3 Baja; null clears it.
    #[schema(value_type = Option<i16>)]
    pub prioridad: Patch<Prioridad>,
    /// The description (also `descripcion`).
    #[serde(rename = "descripción", alias = "descripcion")]
    #[schema(value_type = Option<String>)]
    pub descripcion: Patch<String>,
    /// ISO 8601 with offset, e.g. `2026-01-01T09:44:27-06:00`; kept as given. Null clears it.
    #[schema(value_type = Option<String>)]
    pub bitacora_inicio_cliente: Patch<DateTime<FixedOffset>>,
    /// ISO 8601 with offset.
    #[schema(value_type = Option<String>)]
    pub bitacora_llegada_base: Patch<DateTime<FixedOffset>>,
    /// Why the status changed (required to cancel, reopen or reactivate).
    #[schema(value_type = Option<String>)]
    pub comentario: Patch<String>,
}

impl Edicion {
    /// Applies the edit to `ot`, a status change in its history as `usuario`'s; whether the
    /// result is allowed is for the rules to say.
    pub fn apply_to(self, ot: &mut OrdenTrabajo, usuario: &str) {
        if let Some(d) = self.descripcion.change() {
            ot.descripcion_trabajo = d.unwrap_or_default();
        }
        self.prioridad.apply_to(&mut ot.prioridad);
        self.bitacora_inicio_cliente
            .apply_to(&mut ot.bitacora_inicio_cliente);
        self.bitacora_llegada_base
            .apply_to(&mut ot.bitacora_llegada_base);
        if let Patch::Set(estatus) = self.status {
            let comentario = self.comentario.change().flatten().unwrap_or_default();
            ot.cambiar_estatus(estatus, usuario, &comentario, Utc::now());
        }
    }
}

/// What `adjuntar_imagen` takes.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Imagen {
    /// The image's title (by default, the proceso's name).
    #[schema(value_type = Option<String>)]
    pub titulo: Patch<String>,
    /// 1 Antes, 2 Durante, 3 Después del servicio.
    #[schema(value_type = i16)]
    pub proceso: Patch<Proceso>,
    /// JPEG, PNG, GIF, WebP or HEIC in base64, plain or as a `data:` URL.
    #[schema(value_type = String)]
    pub imagen: Patch<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    id_estatus_ot: i16,
    prioridad: Option<i16>,
    bitacora_inicio_cliente: Option<String>,
    bitacora_llegada_base: Option<String>,
    descripcion_trabajo: String,
    orden_trabajo: String,
    id_tipo: i16,
    sucursal: Option<Json<Sucursal>>,
    cliente: Option<Json<Cliente>>,
    empleados: Option<Json<Vec<Empleado>>>,
    archivos: Option<Json<Vec<ArchivoRow>>>,
}

impl Row {
    fn into_orden(self, base_url: &str) -> Orden {
        let status = EstatusOt::from_code(self.id_estatus_ot.into()).unwrap_or(EstatusOt::Activa);
        let prioridad = self.prioridad.and_then(|p| Prioridad::from_code(p.into()));
        let tipo = TipoOt::from_code(self.id_tipo.into()).unwrap_or(TipoOt::Inicial);
        Orden {
            id: self.id,
            status: status.code(),
            prioridad: prioridad.map(Prioridad::code),
            bitacora_inicio_cliente: self.bitacora_inicio_cliente,
            bitacora_llegada_base: self.bitacora_llegada_base,
            descripcion: self.descripcion_trabajo,
            status_display: status_display(status),
            clave: self.orden_trabajo,
            periodicidad: "-----",
            prioridad_display: prioridad.map(Prioridad::label),
            tipo_servicio: tipo.label(),
            sucursal: self.sucursal.map(|j| j.0),
            cliente: self.cliente.map(|j| j.0),
            empleados: self.empleados.map(|j| j.0),
            archivos: self.archivos.map(|j| {
                j.0.into_iter()
                    .map(|f| ArchivoV2::new(f, base_url))
                    .collect()
            }),
        }
    }
}

/// The seed's columns over a subquery `w` of work orders; `detail` adds employees and photos.
fn select(detail: bool) -> String {
    let extra = if detail {
        "(SELECT COALESCE(jsonb_agg(to_jsonb(e) - 'activo' ORDER BY e.id), '[]')
            FROM work_order_empleados we JOIN empleados e ON e.id = we.empleado_id
           WHERE we.work_order_id = w.id) AS empleados,
         (SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.creado, a.origen, a.id), '[]')
            FROM (SELECT 'foto' AS origen, p.id, p.sha256, p.titulo, p.creado
                    FROM work_order_photos p WHERE p.work_order_id = w.id
                  UNION ALL
                  SELECT 'paso', s.id, s.archivo->>'sha256',
                         COALESCE(t.descripcion || ' - ', '') || (s.archivo->>'nombre'),
                         COALESCE(b.creado, w.actualizado)
                    FROM work_order_steps s
                    LEFT JOIN pasos_ot t ON t.id = s.id_paso
                    LEFT JOIN blobs b ON b.sha256 = s.archivo->>'sha256'
                   WHERE s.work_order_id = w.id AND s.archivo IS NOT NULL) a) AS archivos"
    } else {
        "NULL::jsonb AS empleados, NULL::jsonb AS archivos"
    };
    format!(
        "SELECT w.id, w.id_estatus_ot, w.prioridad, w.bitacora_inicio_cliente,
                w.bitacora_llegada_base, w.descripcion_trabajo, w.orden_trabajo, w.id_tipo,
                CASE WHEN s.id IS NOT NULL THEN jsonb_build_object('id', s.id,
                     'municipio', s.municipio, 'nombre', s.descripcion,
                     'cliente', COALESCE(c.nombre, ''), 'direccion', s.direccion)
                END AS sucursal,
                to_jsonb(c) AS cliente, {extra}
           FROM work_orders_page w
           LEFT JOIN clientes c ON c.id = w.id_cliente
           LEFT JOIN LATERAL (
                 SELECT id, descripcion, municipio, direccion FROM embarcaciones
                  WHERE id = w.id_embarcacion
                 UNION ALL SELECT id, descripcion, municipio, direccion FROM plataformas
                  WHERE id = w.id_plataforma
                 UNION ALL SELECT id, descripcion, municipio, direccion FROM intercoms
                  WHERE id = w.id_intercom
                 UNION ALL SELECT id, descripcion, municipio, direccion FROM patios
                  WHERE id = w.id_patio
                 LIMIT 1) s ON TRUE"
    )
}

/// A page of seed 002's list.
pub struct Listado {
    /// Work orders matching the filter, over all pages.
    pub count: i64,
    /// This page's work orders, newest first.
    pub results: Vec<Orden>,
}

/// The work orders `viewer` may see, with our status `status` if given, newest first: page
/// `pagina` (1-based) of `por_pagina`. Photo URLs start with `base_url`.
pub async fn list(
    conn: &mut PgConnection,
    status: Option<EstatusOt>,
    pagina: i64,
    por_pagina: i64,
    viewer: Viewer,
    base_url: &str,
) -> Result<Listado, sqlx::Error> {
    let filter = Filter {
        id_estatus_ot: status.map(EstatusOt::code),
        ..Filter::default()
    };
    let mut b = QueryBuilder::new("WITH work_orders_page AS (SELECT w.*");
    queries::push_from_where(&mut b, &filter, None, viewer);
    b.push(" ORDER BY w.id DESC LIMIT ")
        .push_bind(por_pagina)
        .push(" OFFSET ")
        .push_bind((pagina - 1) * por_pagina)
        .push(") ")
        .push(select(false))
        .push(" ORDER BY w.id DESC");
    let rows: Vec<Row> = b.build_query_as().fetch_all(&mut *conn).await?;
    Ok(Listado {
        count: queries::count(conn, &filter, None, viewer).await?,
        results: rows.into_iter().map(|r| r.into_orden(base_url)).collect(),
    })
}

/// The work order `id` with its employees and photos, if `viewer` may see it.
pub async fn get(
    pool: &PgPool,
    id: i64,
    viewer: Viewer,
    base_url: &str,
) -> Result<Option<Orden>, sqlx::Error> {
    let mut b: QueryBuilder<Postgres> =
        QueryBuilder::new("WITH work_orders_page AS (SELECT w.* FROM work_orders w WHERE w.id = ");
    b.push_bind(id);
    viewer.push_filter(&mut b);
    b.push(") ").push(select(true));
    let row: Option<Row> = b.build_query_as().fetch_optional(pool).await?;
    Ok(row.map(|r| r.into_orden(base_url)))
}

/// The numeric id of the photo `photo_id` of the work order `work_order_id`, once projected.
pub async fn photo_id(
    pool: &PgPool,
    work_order_id: i64,
    photo_id: uuid::Uuid,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM work_order_photos WHERE work_order_id = $1 AND photo_id = $2",
    )
    .bind(work_order_id)
    .bind(photo_id)
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_status_names_are_ours_but_abierta() {
        assert_eq!(status_display(EstatusOt::Activa), "Abierta");
        assert_eq!(status_display(EstatusOt::Confirmada), "Confirmada");
        assert_eq!(status_display(EstatusOt::Cancelada), "Cancelada");
    }

    #[test]
    fn timestamps_are_written_as_the_seed_writes_them() {
        let t = DateTime::parse_from_rfc3339("2026-01-27T22:20:56.787815Z").unwrap();
        assert_eq!(
            timestamp(t.with_timezone(&Utc)),
            "2026-01-27T22:20:56.787815+00:00"
        );
    }
}

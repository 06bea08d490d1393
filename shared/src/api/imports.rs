//! What was imported, as `/api/v1/imports` and a work order's import routes answer it: the
//! import records and their history, an Anexo C's items, and the schedule versions with their
//! tasks and what changed between two. Amounts and hours are decimal text, exact.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One import: its file, who sent it, where it is, what it counted or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Importacion {
    /// Id.
    pub id: i64,
    /// What it reads.
    pub tipo: TipoImportacion,
    /// The work order's numeric id.
    pub id_ot: i64,
    /// Its folio.
    pub orden_trabajo: String,
    /// The file's name.
    pub archivo: String,
    /// Its size in bytes.
    pub tamano: i64,
    /// Lower-case hex SHA-256 of the file: the same file twice is imported once.
    pub sha256: String,
    /// Who sent it.
    pub usuario: Option<String>,
    /// Where it is.
    pub estado: EstadoImportacion,
    /// What it is doing.
    pub fase: FaseImportacion,
    /// Rows (or tasks) read so far.
    pub hechos: i32,
    /// Rows expected, once known.
    pub total: i32,
    /// What a finished import counted.
    pub conteos: Conteos,
    /// The rows a failed import refused.
    pub errores: Vec<RowError>,
    /// Why it failed, as a stable code.
    pub codigo_error: Option<String>,
    /// Why it failed, in Spanish.
    pub mensaje_error: Option<String>,
    /// A schedule's version name.
    pub nombre_version: Option<String>,
    /// When it was sent.
    pub creado: DateTime<FixedOffset>,
    /// When its processing began.
    pub inicio: Option<DateTime<FixedOffset>>,
    /// When it ended.
    pub fin: Option<DateTime<FixedOffset>>,
}

/// The answer to an upload: the new import, running in the background (HTTP 202), or the
/// earlier import of the same file into the same work order (200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subida {
    /// The import's id.
    pub id: i64,
    /// `pendiente` for a new import, `terminada` for the earlier one.
    pub estado: EstadoImportacion,
    /// Whether the file had been imported already (nothing changed).
    pub repetida: bool,
}

/// What an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TipoImportacion {
    /// An Anexo C workbook.
    Anexo,
    /// An MS Project schedule.
    Cronograma,
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EstadoImportacion {
    /// Waiting for its turn.
    Pendiente,
    /// Being read and stored.
    Procesando,
    /// Stored.
    Terminada,
    /// Refused or interrupted; nothing of it was stored.
    Fallida,
}

/// What an import is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FaseImportacion {
    /// Waiting for its turn.
    EnCola,
    /// Reading the file.
    Leyendo,
    /// Storing what it read.
    Guardando,
    /// Done, either way.
    Fin,
}

impl TipoImportacion {
    /// Its key, as the API and the database write it.
    pub const fn clave(self) -> &'static str {
        match self {
            TipoImportacion::Anexo => "anexo",
            TipoImportacion::Cronograma => "cronograma",
        }
    }

    /// The kind whose key is `clave`.
    pub fn de_clave(clave: &str) -> Option<Self> {
        [TipoImportacion::Anexo, TipoImportacion::Cronograma]
            .into_iter()
            .find(|t| t.clave() == clave)
    }
}

impl EstadoImportacion {
    /// Its key, as the API and the database write it.
    pub const fn clave(self) -> &'static str {
        match self {
            EstadoImportacion::Pendiente => "pendiente",
            EstadoImportacion::Procesando => "procesando",
            EstadoImportacion::Terminada => "terminada",
            EstadoImportacion::Fallida => "fallida",
        }
    }

    /// The state whose key is `clave`.
    pub fn de_clave(clave: &str) -> Option<Self> {
        use EstadoImportacion::*;
        [Pendiente, Procesando, Terminada, Fallida]
            .into_iter()
            .find(|e| e.clave() == clave)
    }

    /// Whether the import has ended, stored or not.
    pub fn ended(self) -> bool {
        matches!(
            self,
            EstadoImportacion::Terminada | EstadoImportacion::Fallida
        )
    }
}

impl FaseImportacion {
    /// Its key, as the API and the database write it.
    pub const fn clave(self) -> &'static str {
        match self {
            FaseImportacion::EnCola => "en_cola",
            FaseImportacion::Leyendo => "leyendo",
            FaseImportacion::Guardando => "guardando",
            FaseImportacion::Fin => "fin",
        }
    }

    /// The phase whose key is `clave`.
    pub fn de_clave(clave: &str) -> Option<Self> {
        use FaseImportacion::*;
        [EnCola, Leyendo, Guardando, Fin]
            .into_iter()
            .find(|f| f.clave() == clave)
    }
}

/// What a finished import counted, by kind; nothing before it finishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Conteos {
    /// An Anexo C's.
    Anexo(ConteosAnexo),
    /// A schedule's.
    Cronograma(ConteosCronograma),
    /// Not finished (or failed).
    Ninguno(SinConteos),
}

/// What an Anexo C held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConteosAnexo {
    /// Items read.
    pub partidas: u64,
    /// Sheets the items came from.
    pub hojas: Vec<String>,
    /// Sheets without the items' header (covers, summaries).
    pub hojas_omitidas: Vec<String>,
    /// Subtotal and total rows checked against the items.
    pub totales_verificados: u32,
    /// Sum of the pesos amounts.
    pub importe_mxn: Decimal,
    /// Sum of the dollar amounts.
    pub importe_usd: Decimal,
}

/// What a schedule held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConteosCronograma {
    /// Tasks.
    pub tareas: u64,
    /// Links between tasks.
    pub predecesoras: u64,
    /// Milestones.
    pub hitos: u64,
    /// The schedule version it made.
    pub version_id: i64,
}

/// No counts yet: `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SinConteos {}

/// One row an import refused, with where it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// The worksheet (or `cronograma` for a schedule).
    pub hoja: String,
    /// The row number as the spreadsheet shows it (1-based), or the task's UID.
    pub fila: u32,
    /// What is wrong, in Spanish.
    pub motivo: String,
}

/// A page of the import history, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaginaImportaciones {
    /// Imports matching the filter, over all pages.
    pub total: i64,
    /// This page (1-based).
    pub pagina: i64,
    /// Rows per page.
    pub por_pagina: i64,
    /// The imports.
    pub datos: Vec<Importacion>,
}

/// An item of an Anexo C, in the file's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartidaAnexo {
    /// Item number as the contract writes it.
    pub partida: String,
    /// Description.
    pub descripcion: String,
    /// Unit.
    pub unidad: String,
    /// Quantity.
    pub cantidad: Option<Decimal>,
    /// Unit price in pesos.
    pub precio_unitario_mxn: Option<Decimal>,
    /// Unit price in dollars.
    pub precio_unitario_usd: Option<Decimal>,
    /// Amount in pesos.
    pub importe_mxn: Option<Decimal>,
    /// Amount in dollars.
    pub importe_usd: Option<Decimal>,
    /// The worksheet it is on.
    pub hoja: String,
    /// Its row, as the spreadsheet shows it.
    pub fila: i32,
}

/// A version of a work order's schedule, one per imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionCronograma {
    /// Id.
    pub id: i64,
    /// Its name (the file's, unless the import named it).
    pub nombre_version: String,
    /// When it was imported.
    pub creado: DateTime<FixedOffset>,
    /// How many tasks it has.
    pub tareas: i32,
    /// The import that made it.
    pub id_importacion: Option<i64>,
}

/// A task of a schedule version, in outline order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TareaCronograma {
    /// MS Project's unique id, kept across saves.
    pub uid: i32,
    /// Its row number in MS Project.
    pub id: Option<i32>,
    /// Work breakdown code.
    pub wbs: String,
    /// Name.
    pub nombre: String,
    /// Outline level (1 at the top).
    pub nivel: i32,
    /// The summary task it is under.
    pub padre: Option<i32>,
    /// Start, in the schedule's own time.
    pub inicio: Option<NaiveDateTime>,
    /// Finish.
    pub fin: Option<NaiveDateTime>,
    /// Duration in hours.
    pub duracion_horas: Option<Decimal>,
    /// Percent complete.
    pub porcentaje_completado: Option<Decimal>,
    /// A milestone.
    pub hito: bool,
    /// A summary task.
    pub resumen: bool,
    /// The tasks it waits for.
    pub predecesoras: Vec<Predecesora>,
}

/// A task another waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Predecesora {
    /// The predecessor's UID.
    pub uid: i32,
    /// `FS`, `SS`, `FF` or `SF`.
    pub tipo: String,
    /// Lag in hours.
    pub retraso_horas: Decimal,
}

/// What changed from one schedule version to another, tasks matched by UID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComparacionVersiones {
    /// The version compared from.
    pub de: i64,
    /// The version compared to.
    pub a: i64,
    /// Tasks only in `a`.
    pub agregadas: Vec<TareaResumen>,
    /// Tasks only in `de`.
    pub eliminadas: Vec<TareaResumen>,
    /// Tasks whose start or finish changed.
    pub movidas: Vec<TareaMovida>,
    /// Tasks in both with the same start and finish.
    pub sin_cambios: i64,
}

/// A task as a comparison names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TareaResumen {
    /// UID.
    pub uid: i32,
    /// Name.
    pub nombre: String,
    /// Start.
    pub inicio: Option<NaiveDateTime>,
    /// Finish.
    pub fin: Option<NaiveDateTime>,
}

/// A task that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TareaMovida {
    /// UID.
    pub uid: i32,
    /// Its name in the newer version.
    pub nombre: String,
    /// Start before.
    pub inicio_antes: Option<NaiveDateTime>,
    /// Start after.
    pub inicio_despues: Option<NaiveDateTime>,
    /// Finish before.
    pub fin_antes: Option<NaiveDateTime>,
    /// Finish after.
    pub fin_despues: Option<NaiveDateTime>,
    /// How far the finish moved, in hours (negative: earlier); `None` without both finishes.
    pub desfase_horas: Option<Decimal>,
}

impl ComparacionVersiones {
    /// Compares the tasks of version `de` with those of version `a`.
    pub fn of(de: i64, antes: &[TareaResumen], a: i64, despues: &[TareaResumen]) -> Self {
        use std::collections::BTreeMap;
        let before: BTreeMap<i32, &TareaResumen> = antes.iter().map(|t| (t.uid, t)).collect();
        let after: BTreeMap<i32, &TareaResumen> = despues.iter().map(|t| (t.uid, t)).collect();
        let only = |x: &BTreeMap<i32, &TareaResumen>, y: &BTreeMap<i32, &TareaResumen>| {
            x.values()
                .filter(|t| !y.contains_key(&t.uid))
                .map(|t| (*t).clone())
                .collect()
        };
        let mut movidas = Vec::new();
        let mut sin_cambios = 0;
        for (uid, b) in &after {
            let Some(a) = before.get(uid) else { continue };
            if (a.inicio, a.fin) == (b.inicio, b.fin) {
                sin_cambios += 1;
                continue;
            }
            movidas.push(TareaMovida {
                uid: *uid,
                nombre: b.nombre.clone(),
                inicio_antes: a.inicio,
                inicio_despues: b.inicio,
                fin_antes: a.fin,
                fin_despues: b.fin,
                desfase_horas: a.fin.zip(b.fin).map(|(x, y)| hours_between(x, y)),
            });
        }
        ComparacionVersiones {
            de,
            a,
            agregadas: only(&after, &before),
            eliminadas: only(&before, &after),
            movidas,
            sin_cambios,
        }
    }
}

/// Hours from `x` to `y`, written with two decimals.
fn hours_between(x: NaiveDateTime, y: NaiveDateTime) -> Decimal {
    let mut hours = (Decimal::from((y - x).num_seconds()) / Decimal::from(3600)).round_dp(2);
    hours.rescale(2);
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tarea(uid: i32, inicio: &str, fin: &str) -> TareaResumen {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok();
        TareaResumen {
            uid,
            nombre: format!("Tarea {uid}"),
            inicio: at(inicio),
            fin: at(fin),
        }
    }

    #[test]
    fn a_comparison_tells_added_removed_moved_and_unchanged_tasks_apart() {
        let antes = [
            tarea(1, "2026-03-02 08:00", "2026-03-02 17:00"),
            tarea(2, "2026-03-03 08:00", "2026-03-03 17:00"),
            tarea(3, "2026-03-04 08:00", "2026-03-04 17:00"),
        ];
        let despues = [
            tarea(1, "2026-03-02 08:00", "2026-03-02 17:00"),
            tarea(2, "2026-03-03 08:00", "2026-03-04 09:30"),
            tarea(4, "2026-03-05 08:00", "2026-03-05 17:00"),
        ];
        let c = ComparacionVersiones::of(7, &antes, 8, &despues);
        let uids = |ts: &[TareaResumen]| ts.iter().map(|t| t.uid).collect::<Vec<_>>();
        assert_eq!(
            (uids(&c.agregadas), uids(&c.eliminadas)),
            (vec![4], vec![3])
        );
        assert_eq!(c.sin_cambios, 1);
        assert_eq!(c.movidas.len(), 1);
        let desfase = c.movidas[0].desfase_horas.map(|h| h.to_string());
        assert_eq!(desfase.as_deref(), Some("16.50"));
    }

    #[test]
    fn an_import_state_key_reads_back_as_its_state_and_serde_writes_the_same_key() {
        for e in ["pendiente", "procesando", "terminada", "fallida"] {
            let estado = EstadoImportacion::de_clave(e).unwrap();
            assert_eq!(serde_json::to_value(estado).unwrap(), e);
        }
        assert_eq!(
            FaseImportacion::de_clave("en_cola"),
            Some(FaseImportacion::EnCola)
        );
        assert_eq!(TipoImportacion::de_clave("pdf"), None);
    }

    #[test]
    fn counts_not_yet_made_read_as_none() {
        let c: Conteos = serde_json::from_str("{}").unwrap();
        assert_eq!(c, Conteos::Ninguno(SinConteos {}));
        let anexo = r#"{"partidas": 3, "hojas": ["A"], "hojas_omitidas": [],
            "totales_verificados": 1, "importe_mxn": "10.50", "importe_usd": "0"}"#;
        assert!(matches!(
            serde_json::from_str(anexo).unwrap(),
            Conteos::Anexo(_)
        ));
    }
}

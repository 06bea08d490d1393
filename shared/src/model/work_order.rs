use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{EventoHistorial, Foto, Paso, PasoPlantilla};
use crate::codes::{EstadoRegistro, EstatusOt, Prioridad, TipoOt};

/// A work order (OT): every field of seed 000's `OTE` model and of seed 001's
/// `crear_ot`/`editar_ot`, plus what seed 002 adds (prioridad, empleados, bitácora).
///
/// `id` is the Automerge document id, made on the device that created the OT. References to
/// other work orders (`ot_principal`) use that id too, because a tablet can reprogram an OT that
/// the server has not numbered yet; the relational projection resolves it to the numeric id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrdenTrabajo {
    /// Document id.
    pub id: Uuid,
    /// Initial (4) or reprogramming (5).
    pub id_tipo: TipoOt,
    /// The planning document (PTE) this OT comes from.
    pub id_pte_header: Option<i64>,
    /// The folio: the human key of the work order.
    pub orden_trabajo: String,
    /// What is to be done.
    pub descripcion_trabajo: String,
    /// Project manager (catalog `responsables_proyecto`).
    pub id_responsable_proyecto: Option<i64>,
    /// The client's representative, by name.
    pub responsable_cliente: String,
    /// The official letter number.
    pub oficio_ot: String,
    /// Status of the work (1–5).
    pub id_estatus_ot: EstatusOt,
    /// Programmed start.
    pub fecha_inicio_programado: Option<NaiveDate>,
    /// Actual start.
    pub fecha_inicio_real: Option<NaiveDate>,
    /// Programmed end.
    pub fecha_termino_programado: Option<NaiveDate>,
    /// Actual end.
    pub fecha_termino_real: Option<NaiveDate>,
    /// Record state: -1 por definir, 0 eliminado, 1 activo.
    pub estatus: EstadoRegistro,
    /// Position in its principal's chain of reprogrammings (tipo 5 only).
    pub num_reprogramacion: Option<i32>,
    /// The initial OT this one reprograms (tipo 5 only), by document id.
    pub ot_principal: Option<Uuid>,
    /// Amount in Mexican pesos, two decimals.
    pub monto_mxn: Decimal,
    /// Amount in US dollars, two decimals.
    pub monto_usd: Decimal,
    /// Work front (catalog `frentes`); front 1 is land.
    pub id_frente: Option<i64>,
    /// Vessel site.
    pub id_embarcacion: Option<i64>,
    /// Platform site.
    pub id_plataforma: Option<i64>,
    /// Intercom site.
    pub id_intercom: Option<i64>,
    /// Yard site.
    pub id_patio: Option<i64>,
    /// Term in days.
    pub plazo_dias: Option<i32>,
    /// An offshore OT with a yard phase first.
    pub requiere_patio: bool,
    /// Start of the yard phase.
    pub fecha_inicio_patio: Option<NaiveDate>,
    /// End of the yard phase.
    pub fecha_fin_patio: Option<NaiveDate>,
    /// Client (catalog `clientes`).
    pub id_cliente: Option<i64>,
    /// General comment (`comentario_general` in seed 001's forms).
    pub comentario: String,
    /// Priority (seed 002).
    pub prioridad: Option<Prioridad>,
    /// Assigned employees (catalog `empleados`).
    #[serde(default)]
    pub empleados: BTreeSet<i64>,
    /// When the client logged the start, with the offset it was given in.
    pub bitacora_inicio_cliente: Option<DateTime<FixedOffset>>,
    /// When the crew logged arrival at base, with its offset.
    pub bitacora_llegada_base: Option<DateTime<FixedOffset>>,
    /// Steps by id.
    #[serde(default)]
    pub pasos: BTreeMap<Uuid, Paso>,
    /// Photos by id.
    #[serde(default)]
    pub fotos: BTreeMap<Uuid, Foto>,
    /// Status changes and other notable events, by id.
    #[serde(default)]
    pub historial: BTreeMap<Uuid, EventoHistorial>,
}

impl OrdenTrabajo {
    /// A new, empty initial OT with the given document id: active, status Activa, no money.
    pub fn new(id: Uuid) -> Self {
        OrdenTrabajo {
            id,
            id_tipo: TipoOt::Inicial,
            id_pte_header: None,
            orden_trabajo: String::new(),
            descripcion_trabajo: String::new(),
            id_responsable_proyecto: None,
            responsable_cliente: String::new(),
            oficio_ot: String::new(),
            id_estatus_ot: EstatusOt::Activa,
            fecha_inicio_programado: None,
            fecha_inicio_real: None,
            fecha_termino_programado: None,
            fecha_termino_real: None,
            estatus: EstadoRegistro::Activo,
            num_reprogramacion: None,
            ot_principal: None,
            monto_mxn: Decimal::ZERO,
            monto_usd: Decimal::ZERO,
            id_frente: None,
            id_embarcacion: None,
            id_plataforma: None,
            id_intercom: None,
            id_patio: None,
            plazo_dias: None,
            requiere_patio: false,
            fecha_inicio_patio: None,
            fecha_fin_patio: None,
            id_cliente: None,
            comentario: String::new(),
            prioridad: None,
            empleados: BTreeSet::new(),
            bitacora_inicio_cliente: None,
            bitacora_llegada_base: None,
            pasos: BTreeMap::new(),
            fotos: BTreeMap::new(),
            historial: BTreeMap::new(),
        }
    }

    /// A reprogramming of this work order (tipo 5), with the document id `id`: its planning
    /// copied (folio, description, client, sites, dates, money, crew), active, without real
    /// dates, log times, steps, photos or history. The server numbers it in the chain and gives
    /// it steps from the templates.
    pub fn reprogramacion(&self, id: Uuid) -> OrdenTrabajo {
        OrdenTrabajo {
            id,
            id_tipo: TipoOt::Reprogramacion,
            ot_principal: Some(self.id),
            num_reprogramacion: None,
            id_estatus_ot: EstatusOt::Activa,
            estatus: EstadoRegistro::Activo,
            fecha_inicio_real: None,
            fecha_termino_real: None,
            bitacora_inicio_cliente: None,
            bitacora_llegada_base: None,
            pasos: Default::default(),
            fotos: Default::default(),
            historial: Default::default(),
            ..self.clone()
        }
    }

    /// Changes the status of the work, keeping in the history who did it, when and why (seed
    /// 000's `cambiar_estatus_ot`); nothing when it already has that status. Whether the change
    /// is allowed is for the rules ([`crate::rules`]) to say.
    pub fn cambiar_estatus(
        &mut self,
        estatus: EstatusOt,
        usuario: &str,
        comentario: &str,
        fecha: DateTime<Utc>,
    ) {
        if self.id_estatus_ot == estatus {
            return;
        }
        let evento = EventoHistorial {
            id: Uuid::new_v4(),
            fecha,
            usuario: usuario.to_owned(),
            estatus_anterior: self.id_estatus_ot,
            estatus_nuevo: estatus,
            comentario: comentario.trim().to_owned(),
        };
        self.historial.insert(evento.id, evento);
        self.id_estatus_ot = estatus;
    }

    /// The work order without its steps, photos and history: comparing or diffing its own
    /// fields took a clone of every step first, only to drop them.
    pub fn root_fields(&self) -> OrdenTrabajo {
        OrdenTrabajo {
            id: self.id,
            id_tipo: self.id_tipo,
            id_pte_header: self.id_pte_header,
            orden_trabajo: self.orden_trabajo.clone(),
            descripcion_trabajo: self.descripcion_trabajo.clone(),
            id_responsable_proyecto: self.id_responsable_proyecto,
            responsable_cliente: self.responsable_cliente.clone(),
            oficio_ot: self.oficio_ot.clone(),
            id_estatus_ot: self.id_estatus_ot,
            fecha_inicio_programado: self.fecha_inicio_programado,
            fecha_inicio_real: self.fecha_inicio_real,
            fecha_termino_programado: self.fecha_termino_programado,
            fecha_termino_real: self.fecha_termino_real,
            estatus: self.estatus,
            num_reprogramacion: self.num_reprogramacion,
            ot_principal: self.ot_principal,
            monto_mxn: self.monto_mxn,
            monto_usd: self.monto_usd,
            id_frente: self.id_frente,
            id_embarcacion: self.id_embarcacion,
            id_plataforma: self.id_plataforma,
            id_intercom: self.id_intercom,
            id_patio: self.id_patio,
            plazo_dias: self.plazo_dias,
            requiere_patio: self.requiere_patio,
            fecha_inicio_patio: self.fecha_inicio_patio,
            fecha_fin_patio: self.fecha_fin_patio,
            id_cliente: self.id_cliente,
            comentario: self.comentario.clone(),
            prioridad: self.prioridad,
            empleados: self.empleados.clone(),
            bitacora_inicio_cliente: self.bitacora_inicio_cliente,
            bitacora_llegada_base: self.bitacora_llegada_base,
            pasos: BTreeMap::new(),
            fotos: BTreeMap::new(),
            historial: BTreeMap::new(),
        }
    }

    /// Steps in the order the seeds show them: by template id, then by step id.
    pub fn pasos_ordenados(&self) -> Vec<&Paso> {
        let mut pasos: Vec<&Paso> = self.pasos.values().collect();
        pasos.sort_by_key(|p| (p.id_paso, p.id));
        pasos
    }

    /// Steps in the office's order of their templates ([`PasoPlantilla::orden_clave`]), then by
    /// step id; a step whose template `plantillas` lacks goes last, by template id.
    pub fn pasos_en_orden(&self, plantillas: &[PasoPlantilla]) -> Vec<&Paso> {
        let clave = |p: &Paso| {
            let plantilla = plantillas.iter().find(|t| t.id == p.id_paso);
            let orden = plantilla.map_or((i32::MAX, i64::MAX), PasoPlantilla::orden_clave);
            (orden, p.id_paso, p.id)
        };
        let mut pasos: Vec<&Paso> = self.pasos.values().collect();
        pasos.sort_by_cached_key(|p| clave(p));
        pasos
    }

    /// Share of steps finished, 0–100; steps that do not apply do not count.
    pub fn progreso(&self) -> f64 {
        use crate::codes::EstatusPaso::{NoAplica, Terminado};
        let aplicables = self.pasos.values().filter(|p| p.estatus_paso != NoAplica);
        let (total, hechos) = aplicables.fold((0u32, 0u32), |(t, h), p| {
            (t + 1, h + u32::from(p.estatus_paso == Terminado))
        });
        if total == 0 {
            0.0
        } else {
            f64::from(hechos) * 100.0 / f64::from(total)
        }
    }
}

/// How a root field's value is written in the document, which bounds what a device may put
/// there (`document::schema` gives each text kind its byte limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer: ids, codes, counts.
    Int,
    /// A flag.
    Bool,
    /// A short text: folio, names, dates, amounts, ids.
    ShortText,
    /// A long text: a description, a comment.
    LongText,
}

/// A root field's value as its `work_orders` column keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// `smallint`: the seeds' codes.
    SmallInt(Option<i16>),
    /// `integer`.
    Int(Option<i32>),
    /// `bigint`: catalog ids.
    BigInt(Option<i64>),
    /// `boolean`.
    Bool(bool),
    /// `text`.
    Text(Option<String>),
    /// `date`.
    Date(Option<NaiveDate>),
    /// `numeric`: money.
    Decimal(Decimal),
    /// `uuid`: a document id.
    Uuid(Option<Uuid>),
}

/// One of the work order's own fields (not its steps, photos, history or employees): how the
/// document keeps it and its value in the `work_orders` column of the same name. The document
/// schema and the projection both read [`ROOT_FIELDS`], so a field is declared once.
#[derive(Debug)]
pub struct RootField {
    /// The field's name: in the model's JSON, the document and the column.
    pub name: &'static str,
    /// What the document holds for it.
    pub kind: Kind,
    /// Whether it may be empty (`null`).
    pub nullable: bool,
    /// Its column's value.
    pub column: fn(&OrdenTrabajo) -> Column,
}

const fn req(name: &'static str, kind: Kind, column: fn(&OrdenTrabajo) -> Column) -> RootField {
    RootField {
        name,
        kind,
        nullable: false,
        column,
    }
}

const fn opt(name: &'static str, kind: Kind, column: fn(&OrdenTrabajo) -> Column) -> RootField {
    RootField {
        name,
        kind,
        nullable: true,
        column,
    }
}

/// Every field of [`OrdenTrabajo`] but its collections (a test holds it), in the order of the
/// `work_orders` columns. `id` is the row's `doc_id`; `ot_principal` a document id the
/// projection also resolves to the principal's numeric id.
pub const ROOT_FIELDS: &[RootField] = &[
    req("id", Kind::ShortText, |ot| Column::Uuid(Some(ot.id))),
    req("id_tipo", Kind::Int, |ot| {
        Column::SmallInt(Some(ot.id_tipo.code()))
    }),
    opt("id_pte_header", Kind::Int, |ot| {
        Column::BigInt(ot.id_pte_header)
    }),
    req("orden_trabajo", Kind::ShortText, |ot| {
        text(&ot.orden_trabajo)
    }),
    req("descripcion_trabajo", Kind::LongText, |ot| {
        text(&ot.descripcion_trabajo)
    }),
    opt("id_responsable_proyecto", Kind::Int, |ot| {
        Column::BigInt(ot.id_responsable_proyecto)
    }),
    req("responsable_cliente", Kind::ShortText, |ot| {
        text(&ot.responsable_cliente)
    }),
    req("oficio_ot", Kind::ShortText, |ot| text(&ot.oficio_ot)),
    req("id_estatus_ot", Kind::Int, |ot| {
        Column::SmallInt(Some(ot.id_estatus_ot.code()))
    }),
    opt("fecha_inicio_programado", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_inicio_programado)
    }),
    opt("fecha_inicio_real", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_inicio_real)
    }),
    opt("fecha_termino_programado", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_termino_programado)
    }),
    opt("fecha_termino_real", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_termino_real)
    }),
    req("estatus", Kind::Int, |ot| {
        Column::SmallInt(Some(ot.estatus.code()))
    }),
    opt("num_reprogramacion", Kind::Int, |ot| {
        Column::Int(ot.num_reprogramacion)
    }),
    opt("ot_principal", Kind::ShortText, |ot| {
        Column::Uuid(ot.ot_principal)
    }),
    req("monto_mxn", Kind::ShortText, |ot| {
        Column::Decimal(ot.monto_mxn)
    }),
    req("monto_usd", Kind::ShortText, |ot| {
        Column::Decimal(ot.monto_usd)
    }),
    opt("id_frente", Kind::Int, |ot| Column::BigInt(ot.id_frente)),
    opt("id_embarcacion", Kind::Int, |ot| {
        Column::BigInt(ot.id_embarcacion)
    }),
    opt("id_plataforma", Kind::Int, |ot| {
        Column::BigInt(ot.id_plataforma)
    }),
    opt("id_intercom", Kind::Int, |ot| {
        Column::BigInt(ot.id_intercom)
    }),
    opt("id_patio", Kind::Int, |ot| Column::BigInt(ot.id_patio)),
    opt("plazo_dias", Kind::Int, |ot| Column::Int(ot.plazo_dias)),
    req("requiere_patio", Kind::Bool, |ot| {
        Column::Bool(ot.requiere_patio)
    }),
    opt("fecha_inicio_patio", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_inicio_patio)
    }),
    opt("fecha_fin_patio", Kind::ShortText, |ot| {
        Column::Date(ot.fecha_fin_patio)
    }),
    opt("id_cliente", Kind::Int, |ot| Column::BigInt(ot.id_cliente)),
    req("comentario", Kind::LongText, |ot| text(&ot.comentario)),
    opt("prioridad", Kind::Int, |ot| {
        Column::SmallInt(ot.prioridad.map(|p| p.code()))
    }),
    opt("bitacora_inicio_cliente", Kind::ShortText, |ot| {
        Column::Text(ot.bitacora_inicio_cliente.map(|t| t.to_rfc3339()))
    }),
    opt("bitacora_llegada_base", Kind::ShortText, |ot| {
        Column::Text(ot.bitacora_llegada_base.map(|t| t.to_rfc3339()))
    }),
];

fn text(value: &str) -> Column {
    Column::Text(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::{OrdenTrabajo, ROOT_FIELDS};
    use crate::codes::EstatusOt;

    #[test]
    fn a_status_change_is_kept_in_the_history_with_who_and_why() {
        let mut ot = OrdenTrabajo::new(Uuid::new_v4());
        ot.cambiar_estatus(EstatusOt::EnProceso, "tecnico", "  arranque  ", Utc::now());
        assert_eq!(ot.id_estatus_ot, EstatusOt::EnProceso);
        let evento = ot.historial.values().next().unwrap();
        assert_eq!(
            (evento.estatus_anterior, evento.estatus_nuevo),
            (EstatusOt::Activa, EstatusOt::EnProceso)
        );
        assert_eq!(
            (evento.usuario.as_str(), evento.comentario.as_str()),
            ("tecnico", "arranque")
        );
    }

    #[test]
    fn every_field_but_the_collections_is_a_root_field() {
        let json = serde_json::to_value(OrdenTrabajo::new(Uuid::new_v4())).unwrap();
        let mut fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.retain(|f| !["pasos", "fotos", "historial", "empleados"].contains(f));
        fields.sort_unstable();
        let mut declared: Vec<&str> = ROOT_FIELDS.iter().map(|f| f.name).collect();
        declared.sort_unstable();
        assert_eq!(fields, declared);
    }

    #[test]
    fn the_status_it_already_has_leaves_no_entry() {
        let mut ot = OrdenTrabajo::new(Uuid::new_v4());
        ot.cambiar_estatus(EstatusOt::Activa, "tecnico", "otra vez", Utc::now());
        assert!(ot.historial.is_empty());
    }
}

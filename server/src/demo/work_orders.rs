//! The demo work orders, made deterministically from their index so every installation shows
//! the same data.

use automerge::ActorId;
use chrono::{Duration, NaiveDate};
use ote_shared::codes::{EstadoRegistro, EstatusOt, EstatusPaso, FRENTE_TIERRA, Prioridad, TipoOt};
use ote_shared::model::{OrdenTrabajo, PasoPlantilla};
use ote_shared::{document, rules, templates};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

use crate::store::change_log::Origin;
use crate::store::open::OpenDocument;

const TRABAJOS: [&str; 10] = [
    "Inspección submarina con ROV de ducto de 36\" Akal-C a Nohoch-A",
    "Reparación de abrazadera en riser de 24\" de la plataforma Ku-S",
    "Mantenimiento a sistema de protección catódica, instalación de ánodos",
    "Levantamiento batimétrico y de barrido lateral en corredor de ductos",
    "Sustitución de spool de 16\" y prueba hidrostática",
    "Limpieza e inspección de soportes y crucetas con buzos de saturación",
    "Fabricación en patio de spools y abrazaderas para Zaap-C",
    "Inspección de ductos ascendentes en zona de mareas y oleaje",
    "Retiro de escombros submarinos y libranza de corredor",
    "Instalación de válvula submarina de seccionamiento",
];
const RESPONSABLES_CLIENTE: [&str; 5] = [
    "Ing. Ricardo Salinas Pérez",
    "Ing. Gabriela Ortiz Cano",
    "Ing. Mark Reynolds",
    "Ing. Laura Méndez Ruiz",
    "Ing. Jorge Canul May",
];
const INICIALES: usize = 30;
const REPROGRAMACIONES: usize = 8;

/// Makes and stores the demo work orders; returns how many.
pub async fn insert(pool: &PgPool) -> anyhow::Result<usize> {
    let plantillas = crate::store::template_steps::all(pool).await?;
    let actor = ActorId::random();
    let origin = Origin {
        user_id: None,
        device: None,
        source: "seed-demo".into(),
    };
    let mut made: Vec<OrdenTrabajo> = Vec::new();
    for i in 0..INICIALES {
        made.push(initial(i, &plantillas));
    }
    for i in 0..REPROGRAMACIONES {
        let principal = &made[i * 3];
        let num = rules::siguiente_num_reprogramacion(
            made.iter()
                .filter(|o| o.ot_principal == Some(principal.id))
                .map(|o| o.num_reprogramacion),
        );
        made.push(reprogramming(i, principal, num, &plantillas));
    }
    // One transaction: a seed cut short leaves nothing, and runs again on the next start.
    let mut tx = pool.begin().await?;
    for ot in &made {
        let doc = document::new_document(ot, actor.clone())?;
        OpenDocument::created(&mut tx, doc)
            .save(&origin, "crear", ot, &[])
            .await?;
    }
    tx.commit().await?;
    Ok(made.len())
}

fn demo_id(kind: u128, i: usize) -> Uuid {
    Uuid::from_u128(0x07e0_0000_0000_4000_8000_0000_0000_0000 | (kind << 32) | i as u128)
}

fn initial(i: usize, plantillas: &[PasoPlantilla]) -> OrdenTrabajo {
    let mut ot = OrdenTrabajo::new(demo_id(1, i));
    let cliente = (i % 5) as i64 + 1;
    ot.orden_trabajo = format!("OT-2026-{:03}", i + 1);
    ot.oficio_ot = format!("OF-SUB-{:04}/2026", 120 + i * 7);
    ot.descripcion_trabajo = TRABAJOS[i % TRABAJOS.len()].into();
    ot.id_cliente = Some(cliente);
    // The client's PTEs in catalogs.sql (PEP has two, Cotemar none).
    ot.id_pte_header = match cliente {
        1 => Some(1 + (i / 5 % 2) as i64),
        2..=4 => Some(cliente + 1),
        _ => None,
    };
    ot.responsable_cliente = RESPONSABLES_CLIENTE[(cliente - 1) as usize].into();
    ot.id_responsable_proyecto = Some((i % 4) as i64 + 1);
    ot.prioridad = Some(Prioridad::ALL[i % 3]);
    ot.empleados = [(i % 8) as i64 + 1, ((i + 3) % 8) as i64 + 1].into();
    ot.monto_mxn = Decimal::new(185_000_000 + (i as i64) * 9_753_125, 2);
    ot.monto_usd = Decimal::new(((i as i64) % 4) * 4_525_050, 2);
    ot.plazo_dias = Some(15 + (i as i32 % 6) * 10);
    let inicio = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(i as i64 * 9);
    ot.fecha_inicio_programado = Some(inicio);
    ot.fecha_termino_programado = Some(inicio + Duration::days(i64::from(ot.plazo_dias.unwrap())));
    place(&mut ot, i);
    ot.id_estatus_ot = EstatusOt::ALL[[0, 1, 1, 2, 1, 3][i % 6]];
    if i % 12 == 3 {
        ot.id_estatus_ot = EstatusOt::Confirmada; // every other finished one
    }
    if i % 10 == 9 {
        ot.estatus = EstadoRegistro::PorDefinir;
    }
    add_steps(&mut ot, plantillas, i);
    ot
}

/// Fronts in turn: land jobs work in a yard; offshore ones on a vessel, platform or intercom,
/// some with a yard phase first.
fn place(ot: &mut OrdenTrabajo, i: usize) {
    let frente = (i % 4) as i64 + 1;
    ot.id_frente = Some(frente);
    match frente {
        FRENTE_TIERRA => ot.id_patio = Some((i % 4) as i64 + 1),
        2 => ot.id_embarcacion = Some((i % 5) as i64 + 1),
        3 => ot.id_plataforma = Some((i % 6) as i64 + 1),
        _ => ot.id_intercom = Some((i % 3) as i64 + 1),
    }
    if frente != FRENTE_TIERRA && i.is_multiple_of(3) {
        let inicio = ot.fecha_inicio_programado.expect("set before");
        ot.requiere_patio = true;
        ot.id_patio = Some((i % 4) as i64 + 1);
        ot.fecha_inicio_patio = Some(inicio - Duration::days(20));
        ot.fecha_fin_patio = Some(inicio - Duration::days(3));
    }
}

/// The template steps, progressed as far as the OT's status says.
fn add_steps(ot: &mut OrdenTrabajo, plantillas: &[PasoPlantilla], i: usize) {
    let tipo = templates::tipo_plantilla(ot.id_tipo, ot.id_cliente);
    let mut pasos = templates::pasos_iniciales(plantillas, tipo, |_| Uuid::new_v4());
    let done = match ot.id_estatus_ot {
        EstatusOt::Activa => 0,
        EstatusOt::EnProceso => 1 + i % (pasos.len().max(2) - 1),
        EstatusOt::Terminada | EstatusOt::Confirmada => pasos.len(),
        EstatusOt::Cancelada => 2.min(pasos.len()),
    };
    let inicio = ot.fecha_inicio_programado.expect("set before");
    for (n, paso) in pasos.iter_mut().enumerate() {
        let dia = inicio + Duration::days(n as i64 * 2);
        paso.fecha_entrega = Some(dia + Duration::days(2));
        if n < done {
            paso.estatus_paso = if n == 1 && i.is_multiple_of(4) {
                EstatusPaso::NoAplica
            } else {
                EstatusPaso::Terminado
            };
            paso.fecha_inicio = Some(dia);
            paso.fecha_termino = Some(dia + Duration::days(1));
            paso.comentario = "Sin novedad".into();
        } else if n == done && ot.id_estatus_ot == EstatusOt::EnProceso {
            paso.estatus_paso = EstatusPaso::EnProceso;
            paso.fecha_inicio = Some(dia);
        }
    }
    if ot.id_estatus_ot != EstatusOt::Activa {
        ot.fecha_inicio_real = Some(inicio);
    }
    if matches!(
        ot.id_estatus_ot,
        EstatusOt::Terminada | EstatusOt::Confirmada
    ) {
        ot.fecha_termino_real = pasos.last().and_then(|p| p.fecha_termino);
    }
    ot.pasos = pasos.into_iter().map(|p| (p.id, p)).collect();
}

fn reprogramming(
    i: usize,
    principal: &OrdenTrabajo,
    num: i32,
    plantillas: &[PasoPlantilla],
) -> OrdenTrabajo {
    let mut ot = principal.clone();
    ot.id = demo_id(2, i);
    ot.id_tipo = TipoOt::Reprogramacion;
    ot.ot_principal = Some(principal.id);
    ot.num_reprogramacion = Some(num);
    ot.orden_trabajo = format!("{}-R{num}", principal.orden_trabajo);
    ot.estatus = EstadoRegistro::Activo;
    ot.id_estatus_ot = if i.is_multiple_of(2) {
        EstatusOt::Activa
    } else {
        EstatusOt::EnProceso
    };
    ot.historial.clear();
    let corrimiento = Duration::days(30);
    ot.fecha_inicio_programado = principal.fecha_inicio_programado.map(|d| d + corrimiento);
    ot.fecha_termino_programado = principal.fecha_termino_programado.map(|d| d + corrimiento);
    ot.fecha_inicio_real = None;
    ot.fecha_termino_real = None;
    add_steps(&mut ot, plantillas, i);
    ot
}

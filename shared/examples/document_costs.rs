//! What the server's merge spends on one work order outside PostgreSQL: applying a device's
//! changes, reading the work order back (whole, or only what the changes touched), and the
//! audit diff. `cargo run --release -p ote-shared --example document_costs`; figures in
//! BENCHMARKS.md ("Session 13").

use std::hint::black_box;
use std::time::Instant;

use automerge::{ActorId, AutoCommit, Change};
use ote_shared::document::{new_document, read, read_after, write};
use ote_shared::model::{OrdenTrabajo, Paso, cambios};
use uuid::Uuid;

/// Runs `f` `n` times and prints the mean in microseconds.
fn time<T>(name: &str, n: usize, mut f: impl FnMut() -> T) {
    let started = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    let mean = started.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{name}: {mean:.0} µs");
}

/// A field work order with 30 steps, and its document after 40 edits by 40 other devices.
fn shared_work_order() -> (OrdenTrabajo, AutoCommit) {
    let mut ot = OrdenTrabajo::new(Uuid::new_v4());
    ot.orden_trabajo = "OT-CAMPO-1".into();
    ot.descripcion_trabajo = "Reparación urgente de abrazadera".into();
    for id_paso in 0..30 {
        let paso = Paso::pendiente(Uuid::new_v4(), id_paso);
        ot.pasos.insert(paso.id, paso);
    }
    let mut doc = new_document(&ot, ActorId::random()).expect("document");
    for n in 0..40 {
        edit(&mut doc, |o| o.comentario = format!("Comentario {n}"));
    }
    (ot, doc)
}

/// The changes another device makes to `doc` with `f`.
fn edit(doc: &mut AutoCommit, f: impl FnOnce(&mut OrdenTrabajo)) -> Vec<Change> {
    let mut device = doc.fork().with_actor(ActorId::random());
    let mut ot = read(&device).expect("readable");
    f(&mut ot);
    write(&mut device, &ot).expect("written");
    device.commit();
    let changes = device.get_changes(&doc.get_heads());
    doc.apply_changes(changes.clone()).expect("applied");
    changes
}

fn main() {
    let (ot, doc) = shared_work_order();
    let before = read(&doc).expect("readable");
    let step = *ot.pasos.keys().nth(3).expect("a step");
    let changes = edit(&mut doc.clone(), |o| {
        o.pasos.get_mut(&step).expect("step").comentario = "Revisado".into()
    });
    let mut edited = doc.clone();
    edited.apply_changes(changes.clone()).expect("applied");
    let after = read(&edited).expect("readable");

    println!("A work order with 30 steps and 41 changes from 41 devices:");
    time("  copy the loaded document", 500, || doc.clone());
    time("  copy, apply a one-step edit", 500, || {
        let mut d = doc.clone();
        d.apply_changes(changes.clone()).expect("applied");
        d
    });
    time(
        "  copy, apply with the diff cursor on, read back what it touched",
        500,
        || {
            let mut d = doc.clone();
            d.update_diff_cursor();
            d.apply_changes(changes.clone()).expect("applied");
            let patches = d.diff_incremental();
            d.reset_diff_cursor();
            read_after(&d, &before, &patches).expect("readable")
        },
    );
    time("  read it whole", 500, || read(&edited).expect("readable"));
    time("  audit diff of the edit", 500, || cambios(&before, &after));

    let new_changes = new_document(&ot, ActorId::random())
        .expect("document")
        .get_changes(&[]);
    let mut new_doc = AutoCommit::new();
    new_doc.apply_changes(new_changes.clone()).expect("applied");
    println!("A new work order with 30 steps, as a device creates it:");
    time("  apply its changes to an empty document", 200, || {
        let mut d = AutoCommit::new();
        d.apply_changes(new_changes.clone()).expect("applied");
        d
    });
    time("  read it whole", 500, || read(&new_doc).expect("readable"));
    time("  audit diff of the creation", 500, || {
        cambios(&OrdenTrabajo::new(ot.id), &ot)
    });
    let empty = AutoCommit::new();
    time("  decode its changes", 500, || {
        new_changes
            .iter()
            .map(automerge::Change::decode)
            .collect::<Vec<_>>()
    });
    let decoded: Vec<_> = new_changes.iter().map(automerge::Change::decode).collect();
    time("  schema gate of its changes (decoded)", 500, || {
        ote_shared::document::schema::check_changes(&empty, &decoded)
    });
}

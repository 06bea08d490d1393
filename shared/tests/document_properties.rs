//! Properties of the work-order document: the model survives a round trip, and replicas that
//! edit concurrently and exchange changes in any order, with duplicates, converge.

use automerge::{ActorId, AutoCommit, Change};
use ote_shared::document::{conflicts, new_document, read, read_after, resolve, schema, write};
use ote_shared::testing::{Edicion, edicion, orden_trabajo};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn model_document_model_is_the_identity(ot in orden_trabajo()) {
        let doc = new_document(&ot, ActorId::random()).unwrap();
        let back = read(&doc).unwrap();
        prop_assert_eq!(&back, &ot);
        // Offsets are part of the value: "kept as given".
        prop_assert_eq!(back.bitacora_inicio_cliente.map(|t| t.offset().local_minus_utc()),
                        ot.bitacora_inicio_cliente.map(|t| t.offset().local_minus_utc()));
        // Loading the saved bytes gives the same work order.
        let mut doc = doc;
        prop_assert_eq!(read(&AutoCommit::load(&doc.save()).unwrap()).unwrap(), ot);
    }

    #[test]
    fn writing_an_unchanged_model_changes_nothing(ot in orden_trabajo()) {
        let mut doc = new_document(&ot, ActorId::random()).unwrap();
        let heads = doc.get_heads();
        prop_assert!(!write(&mut doc, &ot).unwrap());
        prop_assert_eq!(doc.get_heads(), heads);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn concurrent_replicas_converge(
        base in orden_trabajo(),
        replicas in 2usize..=4,
        edits in proptest::collection::vec((0usize..4, edicion()), 1..16),
        exchanges in proptest::collection::vec((0usize..4, 0usize..4, any::<u64>()), 0..12),
        final_order in any::<u64>(),
    ) {
        let mut origin = new_document(&base, ActorId::random()).unwrap();
        let mut docs: Vec<AutoCommit> = (0..replicas).map(|_| origin.fork()).collect();
        for (i, (r, edit)) in edits.iter().enumerate() {
            edit_replica(&mut docs[r % replicas], edit);
            if let Some(&(to, from, seed)) = exchanges.get(i) {
                deliver(&mut docs, to % replicas, from % replicas, seed);
            }
        }
        // Everyone receives everything, in a shuffled order and twice over.
        for round in 0..2u64 {
            for to in 0..replicas {
                for from in 0..replicas {
                    deliver(&mut docs, to, from, final_order ^ round ^ (to * 31 + from) as u64);
                }
            }
        }
        let first = state_bytes(&mut docs[0]);
        for doc in &mut docs[1..] {
            prop_assert_eq!(state_bytes(doc), first.clone());
        }
        // Still a readable work order, with the base's fields where nobody edited them.
        let merged = read(&docs[0]).unwrap();
        prop_assert_eq!(merged.id, base.id);
        prop_assert_eq!(merged.orden_trabajo, base.orden_trabajo);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// What the server does on every merge of a stored document: apply a device's changes
    /// (made concurrently with its own) and read back only what their patches touched.
    #[test]
    fn reading_what_a_merge_touched_equals_reading_everything(
        base in orden_trabajo(),
        edits in proptest::collection::vec((any::<bool>(), edicion()), 1..12),
    ) {
        let mut origin = new_document(&base, ActorId::random()).unwrap();
        let (mut server, mut device) = (origin.fork(), origin.fork());
        for (on_server, edit) in &edits {
            edit_replica(if *on_server { &mut server } else { &mut device }, edit);
        }
        let before = read(&server).unwrap();
        server.update_diff_cursor();
        server.apply_changes(device.get_changes(&[])).unwrap();
        let patches = server.diff_incremental();
        prop_assert_eq!(read_after(&server, &before, &patches).unwrap(), read(&server).unwrap());
    }

    /// Whatever the model writes, alone or concurrently with the server, passes the schema
    /// gate the server runs before applying a device's push.
    #[test]
    fn what_the_model_writes_passes_the_schema_gate(
        base in orden_trabajo(),
        edits in proptest::collection::vec((any::<bool>(), edicion()), 1..12),
    ) {
        let mut origin = new_document(&base, ActorId::random()).unwrap();
        let first: Vec<_> = origin.get_changes(&[]).iter().map(Change::decode).collect();
        prop_assert_eq!(schema::check_changes(&AutoCommit::new(), &first), Ok(()));
        let (mut server, mut device) = (origin.fork(), origin.fork());
        for (on_server, edit) in &edits {
            edit_replica(if *on_server { &mut server } else { &mut device }, edit);
        }
        let pushed = device.get_changes(&[]);
        let hashes: Vec<_> = pushed.iter().map(Change::hash).collect();
        let lacking = server.get_missing_deps(&hashes);
        let fresh: Vec<_> = pushed.iter().filter(|c| lacking.contains(&c.hash())).map(Change::decode).collect();
        prop_assert_eq!(schema::check_changes(&server, &fresh), Ok(()));
    }
}

/// The replica's whole state as text: its heads, every change it holds, and the work order
/// and conflicts it reads. (Automerge's own save is not canonical: it depends on the order
/// changes arrived in, so two converged replicas can save different bytes.)
fn state_bytes(doc: &mut AutoCommit) -> String {
    let mut heads = doc.get_heads();
    heads.sort();
    let mut changes: Vec<_> = doc.get_changes(&[]).iter().map(|c| c.hash()).collect();
    changes.sort();
    let state = (
        format!("{heads:?} {changes:?}"),
        read(doc).unwrap(),
        conflicts(doc).unwrap(),
    );
    serde_json::to_string(&state).unwrap()
}

/// A user's edit on one device: read the model, change it, write it back.
fn edit_replica(doc: &mut AutoCommit, edit: &Edicion) {
    let mut ot = read(doc).unwrap();
    edit.apply(&mut ot);
    write(doc, &ot).unwrap();
    doc.commit();
}

/// Sends every change `from` has to `to`, known ones included, in an order shuffled by `seed`.
fn deliver(docs: &mut [AutoCommit], to: usize, from: usize, seed: u64) {
    if to == from {
        return;
    }
    let mut changes: Vec<Change> = docs[from].get_changes(&[]);
    shuffle(&mut changes, seed);
    docs[to].apply_changes(changes).unwrap();
}

fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn a_same_field_conflict_keeps_both_values_until_a_person_picks_one() {
    let mut base = ot_with_step();
    base.descripcion_trabajo = "Original".into();
    let mut origin = new_document(&base, ActorId::random()).unwrap();
    let (mut a, mut b) = (origin.fork(), origin.fork());
    let step = *base.pasos.keys().next().unwrap();
    for (doc, text) in [
        (&mut a, "Versión de la tableta A"),
        (&mut b, "Versión de la oficina"),
    ] {
        let mut ot = read(doc).unwrap();
        ot.descripcion_trabajo = text.into();
        ot.pasos.get_mut(&step).unwrap().comentario = format!("{text}: paso");
        write(doc, &ot).unwrap();
        doc.commit();
    }
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    let found = conflicts(&a).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].campo, "descripcion_trabajo");
    assert_eq!(found[1].campo, format!("pasos.{step}.comentario"));
    let mut values: Vec<_> = found[0]
        .valores
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    values.sort();
    assert_eq!(values, ["Versión de la oficina", "Versión de la tableta A"]);
    assert_eq!(
        read(&a).unwrap().descripcion_trabajo,
        found[0].valores[0].as_str().unwrap(),
        "read shows the first value"
    );

    resolve(
        &mut b,
        "descripcion_trabajo",
        &serde_json::json!("Versión de la oficina"),
    )
    .unwrap();
    b.commit();
    a.merge(&mut b).unwrap();
    assert_eq!(
        read(&a).unwrap().descripcion_trabajo,
        "Versión de la oficina"
    );
    assert_eq!(
        conflicts(&a).unwrap().len(),
        1,
        "only the step comment is left"
    );
    assert!(resolve(&mut a, "no_existe", &serde_json::json!(1)).is_err());
}

#[test]
fn replicas_writing_the_same_value_leave_no_conflict() {
    let base = ot_with_step();
    let origin = new_document(&base, ActorId::random()).unwrap();
    let (mut hub, mut shore) = (origin.clone(), origin.clone());
    for doc in [&mut hub, &mut shore] {
        doc.set_actor(ActorId::random());
        let mut ot = read(doc).unwrap();
        ot.comentario = "Deshecho por el servidor".into();
        write(doc, &ot).unwrap();
        doc.commit();
    }
    hub.merge(&mut shore).unwrap();
    assert_eq!(hub.get_heads().len(), 2, "two concurrent writes");
    assert_eq!(conflicts(&hub).unwrap(), []);
}

fn ot_with_step() -> ote_shared::model::OrdenTrabajo {
    let mut ot = ote_shared::model::OrdenTrabajo::new(uuid::Uuid::new_v4());
    let paso = ote_shared::model::Paso::pendiente(uuid::Uuid::new_v4(), 1);
    ot.pasos.insert(paso.id, paso);
    ot
}

#[test]
fn an_empty_field_is_not_written_until_it_holds_something() {
    use automerge::{ROOT, ReadDoc};
    let mut ot = ot_with_step();
    let step = *ot.pasos.keys().next().unwrap();
    let mut doc = new_document(&ot, ActorId::random()).unwrap();
    let pasos = doc.get(ROOT, "pasos").unwrap().unwrap().1;
    let entry = doc.get(&pasos, step.to_string()).unwrap().unwrap().1;
    assert!(doc.get(ROOT, "fecha_inicio_real").unwrap().is_none());
    assert!(doc.get(&entry, "archivo").unwrap().is_none());
    assert!(doc.get(&entry, "id_paso").unwrap().is_some());

    ot.fecha_inicio_real = "2026-12-01".parse().ok();
    assert!(write(&mut doc, &ot).unwrap());
    doc.commit();
    assert_eq!(read(&doc).unwrap(), ot);
    ot.fecha_inicio_real = None;
    assert!(
        write(&mut doc, &ot).unwrap(),
        "emptying a field is a change"
    );
    doc.commit();
    assert_eq!(read(&doc).unwrap(), ot);
}

//! A fuzzer that runs on the stable toolchain (cargo-fuzz needs nightly): it mutates a corpus of
//! valid inputs and runs each through a target, the server's own code for what a device or an
//! upload sends. A target must answer every input with a value or an error: a panic, an abort
//! (a stack overflow), or an input that runs longer than [`HANG`] is a crash, and its input is
//! kept under `tests/fuzz/regressions/<target>/`, which `tests/tests/fuzz_regressions.rs` runs
//! on every test run.
//!
//! There is no coverage feedback (that needs instrumentation stable Rust does not offer);
//! instead an input that gives an outcome not seen before (`Ok`, or an error's first words)
//! joins the corpus, so mutations reach past the first check that refuses them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use automerge::ActorId;
use ote_server::imports::{Limits, Progress, anexo, mspdi};
use ote_server::sync::changes;
use ote_shared::document::{self, schema};
use ote_shared::model::{OrdenTrabajo, Paso};
use ote_shared::sync::wire::{self, SyncRequest};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Longest one input may run before it counts as a hang.
pub const HANG: Duration = Duration::from_secs(10);

/// A code path fed with arbitrary bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The sync request decoders, binary (postcard) and JSON.
    SyncRequest,
    /// The merge of arbitrary change bytes into a stored work order, as far as it runs without
    /// PostgreSQL: split, schema gate, apply, read, counts.
    Merge,
    /// The same merge, of changes made by a program of Automerge operations the input
    /// spells (puts, objects, lists, deletes, counters on any path): the schema gate's inputs.
    MergeOps,
    /// The MS Project XML (MSPDI) reader.
    Mspdi,
    /// The Anexo C workbook reader (zip guard included).
    Anexo,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 5] = [
        Target::SyncRequest,
        Target::Merge,
        Target::MergeOps,
        Target::Mspdi,
        Target::Anexo,
    ];

    /// Its name on the command line and in folder names.
    pub fn name(self) -> &'static str {
        match self {
            Target::SyncRequest => "sync-request",
            Target::Merge => "merge",
            Target::MergeOps => "merge-ops",
            Target::Mspdi => "mspdi",
            Target::Anexo => "anexo",
        }
    }

    /// The target named `name`.
    pub fn named(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs one input, answering its outcome's signature: `ok`, or the first words of the
    /// error. Panics, aborts or hangs are the bugs this looks for.
    pub fn run(self, input: &[u8]) -> String {
        match self {
            Target::SyncRequest => sync_request(input),
            Target::Merge => merge(input),
            Target::MergeOps => merge(&changes_spelled_by(input)),
            Target::Mspdi => {
                signature(mspdi::parse(input, &limits(), &Progress::default()).map(drop))
            }
            Target::Anexo => {
                signature(anexo::parse(input, &limits(), &Progress::default()).map(drop))
            }
        }
    }

    /// Valid inputs to start mutating from.
    pub fn seeds(self) -> Vec<Vec<u8>> {
        match self {
            Target::SyncRequest => {
                let request = sync_seed();
                vec![
                    wire::to_binary(&request),
                    serde_json::to_vec(&request).unwrap(),
                ]
            }
            Target::Merge => {
                let (mut doc, _) = stored();
                let heads = doc.get_heads();
                let mut edit = doc.fork().with_actor(ActorId::random());
                let mut ot = document::read(&edit).unwrap();
                ot.comentario = "edición del fuzzer".into();
                document::write(&mut edit, &ot).unwrap();
                edit.commit();
                let new =
                    document::new_document(&crate::field_work_order("OT-F2"), ActorId::random())
                        .unwrap()
                        .save_after(&[]);
                vec![edit.save_after(&heads), new, doc.save_after(&[])]
            }
            Target::MergeOps => vec![
                vec![1, 30, 0, 0, 0, 3, 1, 5, 0, 4, 0, 0],
                vec![1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 7, 2, 9, 4, 0, 0, 0],
                vec![0, 36, 3, 2, 2, 2, 0, 0, 5, 1, 3, 0],
            ],
            Target::Mspdi => {
                let fixtures = fixtures().join("mpxj");
                let tasks = [
                    (1, 1, "Movilización", 0, 2, &[][..]),
                    (2, 2, "Inspección", 2, 3, &[(1, 1, 4800)][..]),
                ];
                let mut seeds = vec![crate::workbooks::mspdi(&tasks).into_bytes()];
                for name in ["mspdirelations.xml", "task-links-project2019-mspdi.xml"] {
                    seeds.extend(std::fs::read(fixtures.join(name)));
                }
                seeds
            }
            Target::Anexo => vec![crate::workbooks::anexo(2).0, crate::workbooks::anexo_ods()],
        }
    }
}

/// Import limits small enough that one input runs in milliseconds.
fn limits() -> Limits {
    Limits {
        max_bytes: 8 * 1024 * 1024,
        max_rows: 20_000,
        max_inflated: 64 * 1024 * 1024,
        ..Limits::default()
    }
}

fn signature<T, E: std::fmt::Display>(outcome: Result<T, E>) -> String {
    match outcome {
        Ok(_) => "ok".into(),
        Err(e) => e
            .to_string()
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn sync_request(input: &[u8]) -> String {
    let binary = wire::from_binary::<SyncRequest>(input).is_some();
    let json = serde_json::from_slice::<SyncRequest>(input).is_ok();
    format!("binary {binary} json {json}")
}

fn merge(input: &[u8]) -> String {
    let mut budget = changes::MAX_INFLATED_BYTES;
    let chunks = match changes::split(input, &mut budget) {
        Ok(chunks) => chunks,
        Err(e) => return format!("{e:?}"),
    };
    let (mut doc, _) = stored();
    let Some(decoded) = changes::decode(chunks.iter().map(|c| &c.change)) else {
        return "decode".into();
    };
    if let Err(e) = schema::check_changes(&doc, &decoded) {
        return e.code().into();
    }
    // As the server applies them (see `ote_server::sync::merge`): a panic of Automerge's is
    // caught there and the push refused.
    let changes: Vec<automerge::Change> = chunks.into_iter().map(|c| c.change).collect();
    let applied =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.apply_changes(changes)));
    if !matches!(applied, Ok(Ok(()))) {
        return "apply".into();
    }
    match document::read(&doc) {
        Ok(ot) => signature(schema::check_counts(&ot)),
        Err(_) => "read".into(),
    }
}

/// Keys a program's operations use: the layout's own and some it lacks.
const KEYS: [&str; 40] = [
    "id",
    "id_tipo",
    "orden_trabajo",
    "descripcion_trabajo",
    "id_estatus_ot",
    "estatus",
    "monto_mxn",
    "fecha_inicio_real",
    "requiere_patio",
    "comentario",
    "prioridad",
    "num_reprogramacion",
    "ot_principal",
    "_schema",
    "pasos",
    "fotos",
    "historial",
    "empleados",
    "id_paso",
    "estatus_paso",
    "archivo",
    "titulo",
    "proceso",
    "creado",
    "usuario",
    "fecha",
    "estatus_anterior",
    "estatus_nuevo",
    "1",
    "2",
    "-5",
    "x",
    "",
    "00000000-0000-0000-0000-000000000065",
    "00000000-0000-0000-0000-000000000066",
    "00000000-0000-0000-0000-000000000007",
    "6a1f0e3c-0000-4000-8000-000000000000",
    "y",
    "z",
    "bitacora_llegada_base",
];

/// The changes a program of operations spells, made on a copy of the stored work order: each
/// four bytes are an operation, the object it works on, a key and a value.
fn changes_spelled_by(program: &[u8]) -> Vec<u8> {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc, ScalarValue};
    let (mut stored, _) = stored();
    let heads = stored.get_heads();
    let mut doc = stored.fork().with_actor(ActorId::random());
    let mut objects = vec![ROOT];
    if let Ok(Some((_, pasos))) = doc.get(ROOT, "pasos") {
        objects.extend(
            doc.keys(&pasos)
                .filter_map(|k| doc.get(&pasos, k).ok().flatten())
                .map(|(_, id)| id),
        );
        objects.push(pasos);
    }
    for op in program.chunks(4) {
        let [code, object, key, value] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0));
        let obj = objects[usize::from(object) % objects.len()].clone();
        let key = KEYS[usize::from(key) % KEYS.len()];
        let scalar = match value % 6 {
            0 => ScalarValue::Int(i64::from(value) - 128),
            1 => ScalarValue::Str("t".repeat(usize::from(value) * 200).into()),
            2 => ScalarValue::Null,
            3 => ScalarValue::Boolean(value > 128),
            4 => ScalarValue::F64(f64::from(value)),
            _ => ScalarValue::Str("2026-02-30".into()),
        };
        let kind =
            [ObjType::Map, ObjType::List, ObjType::Text, ObjType::Table][usize::from(value) % 4];
        // Errors (a map key on a list) are the program's; the next operation goes on.
        let _ = match code % 7 {
            0 => doc.put(&obj, key, scalar).map(drop),
            1 => doc.put_object(&obj, key, kind).map(|o| objects.push(o)),
            2 => doc.delete(&obj, key),
            3 => doc.insert(&obj, 0, scalar),
            4 => doc.increment(&obj, key, 1),
            5 => doc.insert_object(&obj, 0, kind).map(|o| objects.push(o)),
            _ => {
                doc.commit();
                Ok(())
            }
        };
    }
    doc.commit();
    doc.save_after(&heads)
}

/// A stored work order with steps, as a merge starts from.
fn stored() -> (automerge::AutoCommit, OrdenTrabajo) {
    thread_local! {
        static STORED: automerge::AutoCommit = {
            let mut ot = crate::field_work_order("OT-FUZZ");
            ot.id = uuid::Uuid::from_u128(7);
            for n in 1..=3 {
                let paso = Paso::pendiente(uuid::Uuid::from_u128(100 + n), n as i64);
                ot.pasos.insert(paso.id, paso);
            }
            ot.empleados.insert(1);
            document::new_document(&ot, ActorId::from(b"fuzz".as_slice())).unwrap()
        };
    }
    let doc = STORED.with(|d| d.clone());
    let ot = document::read(&doc).unwrap();
    (doc, ot)
}

fn sync_seed() -> SyncRequest {
    let (mut doc, ot) = stored();
    SyncRequest {
        device_id: "tableta-1".into(),
        cursor: 42,
        docs: vec![ote_shared::sync::DocPush {
            doc_id: ot.id,
            changes: doc.save_after(&[]),
            heads: doc.get_heads().iter().map(ToString::to_string).collect(),
        }],
        want_full: vec![uuid::Uuid::from_u128(9)],
    }
}

/// `../shared/fixtures`, the third-party test files beside the checkout.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures")
}

/// Where the inputs that crashed `target` are kept.
pub fn regressions(target: Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target.name())
}

/// A corpus that grows with every input of a new outcome, and the mutations made from it.
pub struct Corpus {
    inputs: Vec<Vec<u8>>,
    outcomes: HashSet<String>,
    rng: StdRng,
}

/// The most inputs kept, and the largest one made.
const MAX_CORPUS: usize = 4_096;
const MAX_INPUT: usize = 4 * 1024 * 1024;

impl Corpus {
    /// A corpus of `seeds`, mutated with a generator seeded by `seed`.
    pub fn new(seeds: Vec<Vec<u8>>, seed: u64) -> Corpus {
        Corpus {
            inputs: seeds,
            outcomes: HashSet::new(),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// How many inputs it holds.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Keeps `input` if its outcome is new.
    pub fn learn(&mut self, input: Vec<u8>, outcome: String) {
        if self.outcomes.insert(outcome) && self.inputs.len() < MAX_CORPUS {
            self.inputs.push(input);
        }
    }

    /// A new input: one of the corpus, mutated one to four times.
    pub fn mutated(&mut self) -> Vec<u8> {
        let pick = self.rng.random_range(0..self.inputs.len());
        let mut input = self.inputs[pick].clone();
        for _ in 0..self.rng.random_range(1..=4) {
            self.mutate(&mut input);
        }
        input.truncate(MAX_INPUT);
        input
    }

    fn mutate(&mut self, input: &mut Vec<u8>) {
        const INTERESTING: [u8; 8] = [0x00, 0x01, 0x7f, 0x80, 0xff, b'{', b'<', b'"'];
        let len = input.len().max(1);
        let at = self.rng.random_range(0..len).min(input.len());
        let last = input.len().saturating_sub(1);
        match self.rng.random_range(0..7) {
            0 if !input.is_empty() => input[at.min(last)] ^= 1 << self.rng.random_range(0..8),
            1 if !input.is_empty() => {
                input[at.min(last)] = INTERESTING[self.rng.random_range(0..INTERESTING.len())]
            }
            2 => {
                let n = self.rng.random_range(1..=16);
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.random()).collect();
                input.splice(at..at, bytes);
            }
            3 if !input.is_empty() => {
                let end = (at + self.rng.random_range(1..=64)).min(input.len());
                input.drain(at..end);
            }
            4 if !input.is_empty() => {
                // A block repeated: deep nesting and long runs come from this.
                let end = (at + self.rng.random_range(1..=32)).min(input.len());
                let block = input[at..end].to_vec();
                for _ in 0..self.rng.random_range(1..=64) {
                    input.splice(at..at, block.iter().copied());
                }
            }
            5 => {
                let other = &self.inputs[self.rng.random_range(0..self.inputs.len())];
                let from = self
                    .rng
                    .random_range(0..other.len().max(1))
                    .min(other.len());
                let tail = other[from..].to_vec();
                input.truncate(at);
                input.extend(tail);
            }
            _ => input.truncate(at),
        }
    }
}

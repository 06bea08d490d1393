//! Merging one pushed document, in one transaction: apply the device's changes, check the rules
//! on before and after, compensate what broke them, and save through [`OpenDocument`]
//! (projection, change log, audit); once committed, other processes hear of it through
//! [`crate::events::Notifier`].

use std::collections::{HashMap, HashSet};

use automerge::{AutoCommit, ChangeHash, Patch};
use ote_shared::document::{self, schema};
use ote_shared::model::{Cambio, OrdenTrabajo, cambios};
use ote_shared::rules::{self, Antes, Code, Contexto, Edicion, Violation};
use ote_shared::sync::{DocPull, DocPush, Notice};
use sqlx::PgConnection;
use uuid::Uuid;

use super::changes::Chunk;
use super::compensate;
use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Role;
use crate::state::AppState;
use crate::store::Version;
use crate::store::change_log::Origin;
use crate::store::open::OpenDocument;

/// What merging one document gives the device.
pub struct Outcome {
    /// The server's heads of this document (what it acknowledges having). What the device
    /// lacks of it comes with the pull, as the change-log rows since its cursor: sent as
    /// stored, where collecting them from the document would rebuild them from its ops.
    pub pull: DocPull,
    /// What the server undid or flagged.
    pub notices: Vec<Notice>,
    /// This merge's change-log row when it holds only the device's own changes: the pull
    /// leaves it out. A row with the server's compensation is pulled like any other.
    pub own_row: Option<i64>,
}

/// The message of a server's compensation change: a vessel hub's belongs to the merge it was
/// made in (see [`super::authors`]).
pub const COMPENSATION: &str = "compensación del servidor";

/// How many times a merge is tried under the row lock after an unlocked try found another
/// write in between. A locked try can only find that for a document that was new when it
/// looked and stored before it saved, which the next try then sees.
const LOCKED_TRIES: usize = 3;

/// Merges one document from `device`: without a lock first (see [`crate::store::open`]), then, if
/// another write came in between, under the document's row lock.
#[tracing::instrument(level = "debug", skip_all, fields(doc_id = %push.doc_id))]
pub async fn merge(
    state: &AppState,
    conn: &mut PgConnection,
    user: &CurrentUser,
    device: &str,
    push: &DocPush,
    chunks: &[Chunk<'_>],
) -> Result<Outcome, Error> {
    let _turn = state.cache.turn(push.doc_id).await;
    let starts_document = chunks.iter().any(Chunk::first);
    let open = OpenDocument::unlocked(conn, &state.cache, push.doc_id, starts_document).await?;
    if let Some(outcome) = merge_into(state, user, device, push, chunks, open).await? {
        return Ok(outcome);
    }
    for _ in 0..LOCKED_TRIES {
        let open = OpenDocument::locked(conn, &state.cache, push.doc_id).await?;
        if let Some(outcome) = merge_into(state, user, device, push, chunks, open).await? {
            return Ok(outcome);
        }
    }
    Err(Error::Internal(anyhow::anyhow!(
        "document {} kept changing under its merge",
        push.doc_id
    )))
}

/// Merges the push into the opened document and saves it; `None` when the document must be
/// merged again under its row lock: it was opened without one and another write came in
/// between, or the push settles a reprogramming's number, which is done with its chain locked.
/// A push to a work order its user may not see, or outside the document's schema, is refused
/// whole with a notice, before any of it is applied.
async fn merge_into(
    state: &AppState,
    user: &CurrentUser,
    device: &str,
    push: &DocPush,
    chunks: &[Chunk<'_>],
    mut open: OpenDocument<'_>,
) -> Result<Option<Outcome>, Error> {
    if let Some(before) = &open.before
        && !may_change(state, user, before, open.version()).await?
    {
        return refuse(state, push, open, Keep::Loaded, no_access(push.doc_id)).await;
    }
    let (fresh, resend_all) = applicable(&mut open.doc, chunks);
    let Some(decoded) = super::changes::decode(fresh.iter().map(|c| &c.change)) else {
        return refuse(state, push, open, Keep::Loaded, bad_changes(push.doc_id)).await;
    };
    if let Err(e) = schema::check_changes(&open.doc, &decoded) {
        return refuse(
            state,
            push,
            open,
            Keep::Loaded,
            schema_notice(push.doc_id, &e),
        )
        .await;
    }
    let Ok(patches) = apply(&mut open.doc, &fresh, open.before.is_some()) else {
        return refuse(state, push, open, Keep::Nothing, bad_changes(push.doc_id)).await;
    };
    if !resend_all {
        // Every fresh change applied: they are what this merge logs, as the device wrote them.
        open.new_changes = Some(fresh.iter().flat_map(|c| c.bytes).copied().collect());
    }
    if open.doc.get_heads() == open.old_heads {
        let stored = open.before.take().zip(open.version());
        let doc = open.rollback().await?;
        return Ok(Some(finish(
            state,
            push,
            doc,
            stored,
            resend_all,
            Vec::new(),
        )));
    }
    let read = match (&open.before, patches) {
        (Some(before), Some(patches)) => document::read_after(&open.doc, before, &patches),
        _ => document::read(&open.doc),
    };
    let after = match read {
        Ok(ot) if ot.id == push.doc_id => ot,
        _ => {
            return refuse(
                state,
                push,
                open,
                Keep::Nothing,
                invalid_document(push.doc_id),
            )
            .await;
        }
    };
    if let Err(e) = schema::check_counts(&after) {
        return refuse(
            state,
            push,
            open,
            Keep::Nothing,
            schema_notice(push.doc_id, &e),
        )
        .await;
    }
    if !open.is_locked() && rules::settles_number(open.before.as_ref(), &after) {
        return Ok(None);
    }
    let ctx = open.context(&after).await?;
    let was_stored = open.before.is_some();
    let Judged {
        violations,
        changed,
        fixed,
    } = judge(state, &mut open, user, &after, &ctx).await?;
    let numbered_by_device = after.num_reprogramacion.is_some();
    let mut compensated = fixed.as_ref().is_some_and(|f| *f != after);
    let mut fixed = match fixed {
        Some(fixed) if compensated => fixed,
        _ => after,
    };
    if !was_stored && fixed.pasos.is_empty() {
        open.add_template_steps(&mut fixed).await?;
        compensated |= !fixed.pasos.is_empty();
    }
    if !compensated {
        open.cambios = changed;
    } else {
        open.new_changes = None;
        document::write(&mut open.doc, &fixed).map_err(|e| Error::Internal(e.into()))?;
        open.doc.commit_with(
            automerge::transaction::CommitOptions::default().with_message(COMPENSATION),
        );
    }
    // A reprogramming made without a number leaves it to the server: settling it is nothing
    // to tell anyone. A number the device chose and another device took is.
    let settled_number =
        |v: &&Violation| v.code == Code::NumReprogramacionIncorrecto && !numbered_by_device;
    let notices: Vec<Notice> = violations
        .iter()
        .filter(|v| !settled_number(v))
        .map(|v| notice(push.doc_id, v, was_stored || v.code == Code::SinPermiso))
        .collect();
    let origin = Origin::device(user.id, device);
    let Some(saved) = open.save(&origin, "sync", &fixed, &notices).await? else {
        return Ok(None);
    };
    state.notifier.changed(push.doc_id);
    let seq = saved.version.last_seq;
    let stored = Some((fixed, saved.version));
    let mut outcome = finish(state, push, saved.doc, stored, resend_all, notices);
    outcome.own_row = (!compensated).then_some(seq);
    Ok(Some(outcome))
}

/// Whether `user` may change the stored work order `before`, as their devices receive them (see
/// [`crate::auth::Viewer`]): a field technician only one they created or are assigned to; a
/// vessel hub one it sees.
async fn may_change(
    state: &AppState,
    user: &CurrentUser,
    before: &OrdenTrabajo,
    version: Option<Version>,
) -> Result<bool, Error> {
    Ok(match user.role {
        Role::Campo => {
            version.and_then(|v| v.creado_por) == Some(user.id)
                || user
                    .empleado_id
                    .is_some_and(|e| before.empleados.contains(&e))
        }
        Role::Hub => {
            let viewer = crate::auth::Viewer::of(user);
            crate::work_orders::queries::id_of_doc(&state.pool, before.id, viewer)
                .await?
                .is_some()
        }
        _ => true,
    })
}

/// What a new work order's fields are judged against for its user's role ([`rules::baseline`]):
/// a field technician's reprogramming is judged against its principal only if they may see it;
/// one of a work order they may not see is judged against an empty one, and its type and
/// principal are refused.
async fn new_baseline(
    state: &AppState,
    user: &CurrentUser,
    after: &OrdenTrabajo,
) -> Result<OrdenTrabajo, Error> {
    let blank = OrdenTrabajo::new(after.id);
    let (Role::Campo, Some(principal)) = (user.role, after.ot_principal) else {
        return Ok(blank);
    };
    let viewer = crate::auth::Viewer::of(user);
    if crate::work_orders::queries::id_of_doc(&state.pool, principal, viewer)
        .await?
        .is_none()
    {
        return Ok(blank);
    }
    let Some(bytes) = crate::store::change_log::bytes(&state.pool, principal).await? else {
        return Ok(blank);
    };
    let (_, principal) = crate::store::open::load(&bytes)?;
    Ok(rules::baseline(after, Some(&principal)))
}

/// What the rules make of a merged work order.
struct Judged {
    /// Every rule it breaks.
    violations: Vec<Violation>,
    /// What differs from the stored work order (for a new one, from an empty one, if that is
    /// what it was judged against).
    changed: Option<Vec<Cambio>>,
    /// The work order with what broke a rule undone and its new history entries signed; `None`
    /// when there was nothing to do (most merges: copying and comparing a work order of thirty
    /// steps for nothing was a merge's cost too).
    fixed: Option<OrdenTrabajo>,
}

/// Judges `after`: the user's role (for a new work order, against [`new_baseline`]), the
/// history a device may not rewrite, other people's photos (looked up only when a field
/// technician's push touches stored photos), the rules; and undoes what broke them.
async fn judge(
    state: &AppState,
    open: &mut OpenDocument<'_>,
    user: &CurrentUser,
    after: &OrdenTrabajo,
    ctx: &Contexto,
) -> Result<Judged, Error> {
    let changed = open.before.as_ref().map(|b| cambios(b, after));
    let theirs = match &changed {
        Some(changed) if user.role == Role::Campo => {
            open.photos_of_others(user.id, changed).await?
        }
        _ => Vec::new(),
    };
    let autor = user.autor();
    let (violations, fixed, changed) = match (open.before.as_ref(), changed) {
        (Some(before), Some(changed)) => {
            let edicion = Edicion {
                antes: Antes::Guardada(before),
                despues: after,
                cambios: &changed,
            };
            let found = rules::judge(autor, &edicion, ctx, &theirs);
            let fixed = (!found.is_empty())
                .then(|| compensate::fix(compensate::Base::Stored(before), after, &found, ctx));
            (found, fixed, Some(changed))
        }
        _ => {
            let baseline = new_baseline(state, user, after).await?;
            let filled = cambios(&baseline, after);
            let edicion = Edicion {
                antes: Antes::Nueva,
                despues: after,
                cambios: &filled,
            };
            let found = rules::judge(autor, &edicion, ctx, &[]);
            let fixed = (!found.is_empty())
                .then(|| compensate::fix(compensate::Base::New(&baseline), after, &found, ctx));
            // Against an empty work order, what it filled is what its audit entry keeps: the
            // save need not work it out again (a new OT's diff is some 35 µs).
            let blank = baseline.root_fields() == OrdenTrabajo::new(after.id);
            (found, fixed, blank.then_some(filled))
        }
    };
    let before = open.before.as_ref();
    let unsigned = || compensate::unsigned_history(before, after, &user.username);
    let fixed = match fixed {
        None if unsigned() => Some(after.clone()),
        fixed => fixed,
    }
    .map(|mut fixed| {
        compensate::sign_history(before, &mut fixed, &user.username);
        fixed
    });
    Ok(Judged {
        violations,
        changed,
        fixed,
    })
}

/// What becomes of the opened document when a push is refused.
enum Keep {
    /// Kept loaded as it was: nothing was applied to it.
    Loaded,
    /// Dropped: changes were applied to it in memory.
    Nothing,
}

/// Refuses the push with `notice`: nothing of it is stored, and the device is told no heads,
/// so it keeps its changes pending.
async fn refuse(
    state: &AppState,
    push: &DocPush,
    mut open: OpenDocument<'_>,
    keep: Keep,
    notice: Notice,
) -> Result<Option<Outcome>, Error> {
    let stored = match keep {
        Keep::Loaded => open.before.take().zip(open.version()),
        Keep::Nothing => None,
    };
    let doc = open.rollback().await?;
    if let Some((ot, version)) = stored {
        state.cache.put(push.doc_id, version, doc, ot);
    }
    Ok(Some(Outcome {
        pull: DocPull {
            doc_id: push.doc_id,
            changes: Vec::new(),
            heads: Vec::new(),
            resend_all: false,
        },
        notices: vec![notice],
        own_row: None,
    }))
}

/// The answer for the device, keeping the document loaded for the next merge with `stored`
/// (the work order it reads as and the version it is stored as); without it the document was
/// not stored and is dropped.
fn finish(
    state: &AppState,
    push: &DocPush,
    mut doc: AutoCommit,
    stored: Option<(OrdenTrabajo, Version)>,
    resend_all: bool,
    notices: Vec<Notice>,
) -> Outcome {
    let heads = match stored {
        Some((ot, version)) => {
            let heads: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
            state.cache.put(push.doc_id, version, doc, ot);
            heads
        }
        None => Vec::new(),
    };
    Outcome {
        pull: DocPull {
            doc_id: push.doc_id,
            changes: Vec::new(),
            heads,
            resend_all,
        },
        notices,
        own_row: None,
    }
}

/// Applies the fresh changes; to a stored document, answering the patches they made, so that
/// reading it back reads only what they touched (see [`document::read_after`]).
fn apply(
    doc: &mut AutoCommit,
    fresh: &[&Chunk<'_>],
    stored: bool,
) -> Result<Option<Vec<Patch>>, Error> {
    if stored {
        doc.update_diff_cursor();
    }
    // automerge 0.12 panics applying some malformed changes its parser accepts (an actor it
    // never registered: found by the fuzzer, `tests/fuzz/regressions/merge`): such a push is
    // refused like any invalid change, and the half-applied document is dropped by the caller.
    let changes = fresh.iter().map(|c| c.change.clone());
    let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let applied = doc.apply_changes(changes);
        let patches = stored.then(|| doc.diff_incremental());
        (applied, patches)
    }));
    let Ok((applied, patches)) = applied else {
        return Err(Error::bad_request("cambios_invalidos", "Cambios inválidos"));
    };
    // Kept loaded, the document would go on logging patches nobody reads.
    doc.reset_diff_cursor();
    applied.map_err(|_| Error::bad_request("cambios_invalidos", "Cambios inválidos"))?;
    Ok(patches)
}

/// The pushed changes `doc` lacks whose dependencies it holds or that the push brings, in an
/// order Automerge can apply them; and whether any was left out for a missing dependency. Such
/// a change, applied, would wait inside the loaded document without being stored, and be lost
/// to a restart or another server process while the document later held it: it is left to
/// the device to send again (`resend_all`).
fn applicable<'c, 'a>(doc: &mut AutoCommit, chunks: &'c [Chunk<'a>]) -> (Vec<&'c Chunk<'a>>, bool) {
    let hashes: Vec<ChangeHash> = chunks.iter().map(Chunk::hash).collect();
    let lacking = doc.get_missing_deps(&hashes);
    let fresh: Vec<&Chunk<'a>> = chunks
        .iter()
        .filter(|c| lacking.contains(&c.hash()))
        .collect();
    let index: HashMap<ChangeHash, usize> = fresh
        .iter()
        .enumerate()
        .map(|(i, c)| (c.hash(), i))
        .collect();
    let outside: Vec<ChangeHash> = fresh
        .iter()
        .flat_map(|c| c.change.deps())
        .filter(|d| !index.contains_key(d))
        .copied()
        .collect();
    let absent: HashSet<ChangeHash> = doc.get_missing_deps(&outside).into_iter().collect();
    // Kahn's order over the push's own dependencies.
    let mut waiting = vec![0usize; fresh.len()];
    let mut blocked = vec![false; fresh.len()];
    let mut dependents = vec![Vec::new(); fresh.len()];
    for (i, chunk) in fresh.iter().enumerate() {
        for dep in chunk.change.deps() {
            match index.get(dep) {
                Some(&j) => {
                    waiting[i] += 1;
                    dependents[j].push(i);
                }
                None => blocked[i] |= absent.contains(dep),
            }
        }
    }
    let mut ready: Vec<usize> = (0..fresh.len())
        .filter(|&i| waiting[i] == 0 && !blocked[i])
        .collect();
    let mut order = Vec::with_capacity(fresh.len());
    while let Some(i) = ready.pop() {
        order.push(fresh[i]);
        for &k in &dependents[i] {
            waiting[k] -= 1;
            if waiting[k] == 0 && !blocked[k] {
                ready.push(k);
            }
        }
    }
    let left_out = order.len() < fresh.len();
    (order, left_out)
}

fn notice(doc_id: Uuid, v: &Violation, undone: bool) -> Notice {
    let message = if undone {
        format!("{}. El servidor deshizo este cambio.", v.message)
    } else {
        v.message.clone()
    };
    Notice {
        doc_id,
        code: v.code.as_str().to_owned(),
        field: v.field.clone(),
        message,
    }
}

fn no_access(doc_id: Uuid) -> Notice {
    Notice {
        doc_id,
        code: "sin_acceso".into(),
        field: String::new(),
        message:
            "No tiene acceso a esta orden de trabajo; sus cambios no se guardaron en el servidor"
                .into(),
    }
}

fn schema_notice(doc_id: Uuid, e: &schema::SchemaError) -> Notice {
    Notice {
        doc_id,
        code: e.code().into(),
        field: String::new(),
        message: format!("El servidor no guardó los cambios de esta orden de trabajo: {e}"),
    }
}

fn bad_changes(doc_id: Uuid) -> Notice {
    Notice {
        doc_id,
        code: "cambios_invalidos".into(),
        field: String::new(),
        message: "Los cambios de esta orden de trabajo no son válidos y no se guardaron".into(),
    }
}

fn invalid_document(doc_id: Uuid) -> Notice {
    Notice {
        doc_id,
        code: "documento_invalido".into(),
        field: String::new(),
        message:
            "El documento no contiene una orden de trabajo válida y no se guardó en el servidor"
                .into(),
    }
}

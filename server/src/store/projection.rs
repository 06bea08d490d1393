//! The relational rows of a work order, rewritten from its document after every merge: the
//! `work_orders` row, its steps, photos, employees and history.
//!
//! Every write is a data-modifying CTE of the save's one statement (see [`crate::store::open`]):
//! round trips, more than rows, were a small merge's cost on both sides of the socket. The
//! first, `wo`, gives the work order's id to the others and reads the save's `d` (the
//! document's row, written only if the document is still at the version the save started
//! from), so when `d` writes nothing, these write nothing either.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ote_shared::model::{Column, EventoHistorial, Foto, OrdenTrabajo, Paso, ROOT_FIELDS};
use sqlx::query_builder::Separated;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

/// Pushes onto `q` (a statement whose CTEs so far include `d`) the CTEs that write the rows of
/// `ot`: `wo`,
/// whose `id` is the work order's numeric id (made on first projection; `known_id` when the
/// caller already read it), then one CTE per kind of row that changed. With `before` (the state
/// the rows already show), only what changed is written: an edit of one field is one row.
/// Every row is keyed by the work order and the entry's id, so an id another work order uses
/// only ever writes a row of this one. `author` is who the save is for: a new photo's sender.
pub fn push_writes(
    q: &mut QueryBuilder<'_, Postgres>,
    before: Option<&OrdenTrabajo>,
    ot: &OrdenTrabajo,
    known_id: Option<i64>,
    author: Option<i64>,
) {
    let empty = OrdenTrabajo::new(ot.id);
    let old = before.unwrap_or(&empty);
    match known_id {
        Some(id) if before.is_some() && same_row(old, ot) => {
            q.push(", wo AS (SELECT ");
            q.push_bind(id);
            q.push("::bigint AS id FROM d)");
        }
        _ => push_upsert(q, ot),
    }
    push_steps(q, &Delta::of(&old.pasos, &ot.pasos));
    push_photos(q, &Delta::of(&old.fotos, &ot.fotos), author);
    if old.empleados != ot.empleados {
        push_employees(q, ot);
    }
    push_history(q, &Delta::of(&old.historial, &ot.historial).changed);
}

/// Whether two states of a work order have the same `work_orders` row.
fn same_row(a: &OrdenTrabajo, b: &OrdenTrabajo) -> bool {
    a.root_fields() == b.root_fields() && a.progreso() == b.progreso()
}

/// The entries of a keyed collection that are new or changed, and the ids that are gone.
struct Delta<'a, T> {
    changed: Vec<&'a T>,
    removed: Vec<Uuid>,
}

impl<'a, T: PartialEq> Delta<'a, T> {
    fn of(old: &BTreeMap<Uuid, T>, new: &'a BTreeMap<Uuid, T>) -> Self {
        Delta {
            changed: new
                .iter()
                .filter(|(id, v)| old.get(id) != Some(*v))
                .map(|(_, v)| v)
                .collect(),
            removed: old
                .keys()
                .filter(|id| !new.contains_key(id))
                .copied()
                .collect(),
        }
    }
}

/// The `work_orders` columns a projection writes: the model's [`ROOT_FIELDS`] (`id` is the
/// row's `doc_id`; the principal's document id is `ot_principal_doc` beside the principal's
/// numeric id, `ot_principal`), then the progress. The insert's column list, its values and the
/// update on conflict all come from this order, so a column cannot be bound in another's place.
static COLUMN_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&str> = ROOT_FIELDS
        .iter()
        .map(|f| match f.name {
            "id" => "doc_id",
            "ot_principal" => "ot_principal_doc",
            name => name,
        })
        .collect();
    names.extend(["ot_principal", "progreso"]);
    names
});

/// The insert's column list and the update's assignments, written once from [`COLUMN_NAMES`].
static UPSERT_SQL: LazyLock<(String, String)> = LazyLock::new(|| {
    let updates: Vec<String> = COLUMN_NAMES
        .iter()
        .filter(|n| **n != "doc_id")
        .map(|n| format!("{n} = EXCLUDED.{n}"))
        .collect();
    (COLUMN_NAMES.join(", "), updates.join(", "))
});

/// `wo`: the `work_orders` row, inserted or updated, returning its id.
fn push_upsert(q: &mut QueryBuilder<'_, Postgres>, ot: &OrdenTrabajo) {
    let (columns, updates) = &*UPSERT_SQL;
    q.push(", wo AS (INSERT INTO work_orders (");
    q.push(columns);
    q.push(") SELECT ");
    let mut v = q.separated(", ");
    for field in ROOT_FIELDS {
        bind(&mut v, (field.column)(ot));
    }
    // The principal's numeric id, looked up by the same statement.
    v.push("(SELECT id FROM work_orders WHERE doc_id = ")
        .push_bind_unseparated(ot.ot_principal)
        .push_unseparated(")");
    let progreso = rust_decimal::Decimal::from_f64_retain(ot.progreso()).unwrap_or_default();
    v.push_bind(progreso.round_dp(2));
    q.push(" FROM d ON CONFLICT (doc_id) DO UPDATE SET ");
    q.push(updates);
    q.push(", actualizado = now() RETURNING id)");
}

/// Binds a column's value as its SQL type.
fn bind(v: &mut Separated<'_, '_, Postgres, &'static str>, value: Column) {
    match value {
        Column::SmallInt(n) => v.push_bind(n),
        Column::Int(n) => v.push_bind(n),
        Column::BigInt(n) => v.push_bind(n),
        Column::Bool(b) => v.push_bind(b),
        Column::Text(t) => v.push_bind(t),
        Column::Date(d) => v.push_bind(d),
        Column::Decimal(d) => v.push_bind(d),
        Column::Uuid(u) => v.push_bind(u),
    };
}

/// `st_gone` and `st`: removed steps deleted, new and changed ones upserted, all in one
/// `UNNEST` (a new work order brings some thirty).
fn push_steps(q: &mut QueryBuilder<'_, Postgres>, delta: &Delta<'_, Paso>) {
    push_removed(
        q,
        "st_gone AS (DELETE FROM work_order_steps USING wo WHERE work_order_id = wo.id AND step_id",
        &delta.removed,
    );
    let steps = &delta.changed;
    if steps.is_empty() {
        return;
    }
    q.push(
        r#", st AS (INSERT INTO work_order_steps
            (step_id, work_order_id, id_paso, estatus_paso, fecha_entrega, fecha_inicio, fecha_termino, comentario, archivo)
           SELECT s, wo.id, p, e, fe, fi, ft, c, a::jsonb FROM wo, UNNEST("#,
    );
    let mut cols = q.separated(", ");
    cols.push_bind(column(steps, |p| p.id))
        .push_unseparated("::uuid[]")
        .push_bind(column(steps, |p| p.id_paso))
        .push_unseparated("::bigint[]")
        .push_bind(column(steps, |p| p.estatus_paso.code()))
        .push_unseparated("::smallint[]")
        .push_bind(column(steps, |p| p.fecha_entrega))
        .push_unseparated("::date[]")
        .push_bind(column(steps, |p| p.fecha_inicio))
        .push_unseparated("::date[]")
        .push_bind(column(steps, |p| p.fecha_termino))
        .push_unseparated("::date[]")
        .push_bind(column(steps, |p| p.comentario.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(steps, |p| {
            p.archivo
                .as_ref()
                .map(|a| serde_json::to_string(a).expect("serialisable"))
        }))
        .push_unseparated("::text[]");
    q.push(
        r#") AS t(s, p, e, fe, fi, ft, c, a)
           ON CONFLICT (work_order_id, step_id) DO UPDATE SET id_paso = EXCLUDED.id_paso, estatus_paso = EXCLUDED.estatus_paso,
             fecha_entrega = EXCLUDED.fecha_entrega, fecha_inicio = EXCLUDED.fecha_inicio,
             fecha_termino = EXCLUDED.fecha_termino, comentario = EXCLUDED.comentario, archivo = EXCLUDED.archivo)"#,
    );
}

/// A CTE deleting the rows of the entries gone from the document; `delete` is the CTE's start
/// up to the key column the ids are matched on.
fn push_removed(q: &mut QueryBuilder<'_, Postgres>, delete: &str, removed: &[Uuid]) {
    if removed.is_empty() {
        return;
    }
    q.push(", ").push(delete).push(" = ANY(");
    q.push_bind(removed.to_vec());
    q.push("))");
}

/// One field of every row, as the array `UNNEST` reads.
fn column<T, U>(rows: &[&T], field: impl Fn(&T) -> U) -> Vec<U> {
    rows.iter().map(|r| field(r)).collect()
}

/// `ph_gone` and `ph`: removed photos deleted, new and changed ones upserted.
fn push_photos(q: &mut QueryBuilder<'_, Postgres>, delta: &Delta<'_, Foto>, author: Option<i64>) {
    push_removed(
        q,
        "ph_gone AS (DELETE FROM work_order_photos USING wo WHERE work_order_id = wo.id AND photo_id",
        &delta.removed,
    );
    let fotos = &delta.changed;
    if fotos.is_empty() {
        return;
    }
    q.push(
        r#", ph AS (INSERT INTO work_order_photos
            (photo_id, work_order_id, proceso, titulo, sha256, nombre, tamano, tipo_mime, creado, subido_por)
           SELECT f, wo.id, p, t, h, n, s, m, c, "#,
    );
    q.push_bind(author);
    q.push(r#"::bigint FROM wo, UNNEST("#);
    let mut cols = q.separated(", ");
    cols.push_bind(column(fotos, |f| f.id))
        .push_unseparated("::uuid[]")
        .push_bind(column(fotos, |f| f.proceso.code()))
        .push_unseparated("::smallint[]")
        .push_bind(column(fotos, |f| f.titulo.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(fotos, |f| f.archivo.sha256.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(fotos, |f| f.archivo.nombre.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(fotos, |f| {
            i64::try_from(f.archivo.tamano).unwrap_or(i64::MAX)
        }))
        .push_unseparated("::bigint[]")
        .push_bind(column(fotos, |f| f.archivo.tipo_mime.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(fotos, |f| f.creado))
        .push_unseparated("::timestamptz[]");
    q.push(
        r#") AS x(f, p, t, h, n, s, m, c)
           ON CONFLICT (work_order_id, photo_id) DO UPDATE SET proceso = EXCLUDED.proceso, titulo = EXCLUDED.titulo,
             sha256 = EXCLUDED.sha256, nombre = EXCLUDED.nombre, tamano = EXCLUDED.tamano,
             tipo_mime = EXCLUDED.tipo_mime, creado = EXCLUDED.creado)"#,
    );
}

/// `em_gone` and `em`: the employee set made equal to the document's (the two touch different
/// rows, so they can share one statement).
fn push_employees(q: &mut QueryBuilder<'_, Postgres>, ot: &OrdenTrabajo) {
    let ids: Vec<i64> = ot.empleados.iter().copied().collect();
    q.push(
        ", em_gone AS (DELETE FROM work_order_empleados
            WHERE work_order_id = (SELECT id FROM wo) AND NOT (empleado_id = ANY(",
    );
    q.push_bind(ids.clone());
    q.push(
        "))), em AS (INSERT INTO work_order_empleados (work_order_id, empleado_id)
            SELECT wo.id, unnest(",
    );
    q.push_bind(ids);
    q.push("::bigint[]) FROM wo ON CONFLICT DO NOTHING)");
}

/// `hi`: new history events (an event never changes once written).
fn push_history(q: &mut QueryBuilder<'_, Postgres>, events: &[&EventoHistorial]) {
    if events.is_empty() {
        return;
    }
    q.push(
        r#", hi AS (INSERT INTO work_order_history
            (event_id, work_order_id, fecha, usuario, estatus_anterior, estatus_nuevo, comentario)
           SELECT e, wo.id, f, u, a, n, c FROM wo, UNNEST("#,
    );
    let mut cols = q.separated(", ");
    cols.push_bind(column(events, |e| e.id))
        .push_unseparated("::uuid[]")
        .push_bind(column(events, |e| e.fecha))
        .push_unseparated("::timestamptz[]")
        .push_bind(column(events, |e| e.usuario.clone()))
        .push_unseparated("::text[]")
        .push_bind(column(events, |e| e.estatus_anterior.code()))
        .push_unseparated("::smallint[]")
        .push_bind(column(events, |e| e.estatus_nuevo.code()))
        .push_unseparated("::smallint[]")
        .push_bind(column(events, |e| e.comentario.clone()))
        .push_unseparated("::text[]");
    q.push(") AS x(e, f, u, a, n, c) ON CONFLICT (work_order_id, event_id) DO NOTHING)");
}

//! A work order named by a path or a form field, by its number or its document id.

use uuid::Uuid;

use crate::Error;
use crate::auth::{CurrentUser, Viewer};
use crate::state::AppState;
use crate::work_orders::queries;

/// The numeric id of the work order `id` names, if it exists and the user may see it, else 404.
/// `id` is the numeric id the seeds use, or the document id (the app knows only that one for
/// a work order it created offline).
pub async fn visible_work_order(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<i64, Error> {
    let viewer = Viewer::of(user);
    let found = match (id.trim().parse::<i64>(), id.trim().parse::<Uuid>()) {
        (Ok(id), _) => queries::visible(&state.pool, id, viewer)
            .await?
            .then_some(id),
        (_, Ok(doc)) => queries::id_of_doc(&state.pool, doc, viewer).await?,
        _ => {
            return Err(Error::bad_request(
                "id_invalido",
                "El id de la OT debe ser un número o el id de su documento",
            ));
        }
    };
    found.ok_or(Error::NotFound)
}

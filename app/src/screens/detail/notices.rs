//! The server's notices of what it undid in a work order, and why.

use leptos::prelude::*;
use ote_shared::sync::Notice;
use uuid::Uuid;

use crate::context::Device;

/// What the server undid in this work order and why (its rules' Spanish messages), newest last,
/// each after the name of its field (`named`, in the same order; empty while the work order
/// loads); "Entendido" forgets them (and the list's badge goes).
#[component]
pub(super) fn Avisos(id: Uuid, avisos: Vec<Notice>, named: Vec<String>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Device>());
    let older = avisos.len().saturating_sub(5);
    let items = avisos
        .into_iter()
        .zip(named.into_iter().map(Some).chain(std::iter::repeat(None)))
        .skip(older)
        .map(|(n, field)| {
            let field = field.map(|f| format!("{f}: "));
            view! { <li data-codigo=n.code><strong>{field}</strong>{n.message}</li> }
        })
        .collect_view();
    let error = RwSignal::new(None::<String>);
    let dismiss = move |_| {
        d.with_value(|d| {
            d.save(
                error,
                "que se leyeron los avisos",
                move |store| async move { store.dismiss_notices(id).await.map(|()| true) },
            )
        })
    };
    view! {
        <section class="avisos" role="status">
            <h3>"El servidor deshizo cambios de esta orden"</h3>
            <ul>{items}</ul>
            <button class="entendido" on:click=dismiss>"Entendido"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

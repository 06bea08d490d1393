//! The app's URLs: each screen has one, so a work order can be linked, the tablet's back button
//! goes back a screen, and a deep link opens offline too (the service worker answers every
//! navigation with the cached shell). [`Screen`] is the typed URL; [`Navigator`] goes to one.

use std::rc::Rc;

use leptos::prelude::*;
use uuid::Uuid;

/// A screen, as its URL names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// The work-order list: `/`.
    #[default]
    List,
    /// One work order: `/ot/{id}`.
    Detail(Uuid),
    /// The form: a new work order (`/ot/nueva`) or an existing one (`/ot/{id}/editar`).
    Form(Option<Uuid>),
    /// Progress charts and late work orders: `/tablero`.
    Dashboard,
    /// Anexo C and schedule imports, of all work orders (`/importaciones`) or one
    /// (`/ot/{id}/importaciones`).
    Imports(Option<Uuid>),
    /// One work order's printable report: `/ot/{id}/reporte`.
    Report(Uuid),
    /// Users and API keys (admin): `/usuarios`.
    Users,
    /// The catalogs (admin, oficina): `/catalogos`.
    Catalogs,
    /// The activity log (admin, oficina): `/actividad`.
    Activity,
    /// The signed-in user's own account (their password): `/cuenta`.
    Account,
}

impl Screen {
    /// The screen's URL path.
    pub fn path(self) -> String {
        match self {
            Screen::List => "/".to_owned(),
            Screen::Detail(id) => format!("/ot/{id}"),
            Screen::Form(None) => "/ot/nueva".to_owned(),
            Screen::Form(Some(id)) => format!("/ot/{id}/editar"),
            Screen::Dashboard => "/tablero".to_owned(),
            Screen::Imports(None) => "/importaciones".to_owned(),
            Screen::Imports(Some(id)) => format!("/ot/{id}/importaciones"),
            Screen::Report(id) => format!("/ot/{id}/reporte"),
            Screen::Users => "/usuarios".to_owned(),
            Screen::Catalogs => "/catalogos".to_owned(),
            Screen::Activity => "/actividad".to_owned(),
            Screen::Account => "/cuenta".to_owned(),
        }
    }

    /// The screen a URL path names, if any.
    pub fn parse(path: &str) -> Option<Screen> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
        Some(match parts[..] {
            [] => Screen::List,
            ["tablero"] => Screen::Dashboard,
            ["importaciones"] => Screen::Imports(None),
            ["usuarios"] => Screen::Users,
            ["catalogos"] => Screen::Catalogs,
            ["actividad"] => Screen::Activity,
            ["cuenta"] => Screen::Account,
            ["ot", "nueva"] => Screen::Form(None),
            ["ot", id] => Screen::Detail(id.parse().ok()?),
            ["ot", id, "editar"] => Screen::Form(Some(id.parse().ok()?)),
            ["ot", id, "importaciones"] => Screen::Imports(Some(id.parse().ok()?)),
            ["ot", id, "reporte"] => Screen::Report(id.parse().ok()?),
            _ => return None,
        })
    }
}

/// The router's navigation to a path.
type Navigate = Rc<dyn Fn(&str)>;

/// The screen shown and the way to another: going to one is a new entry in the browser's
/// history, as a link would make.
#[derive(Clone, Copy)]
pub struct Navigator {
    navigate: StoredValue<Navigate, LocalStorage>,
    shown: Memo<Option<Screen>>,
}

impl Navigator {
    /// The router's navigation and location, taken inside `<Router>`.
    pub fn from_router() -> Navigator {
        let navigate = leptos_router::hooks::use_navigate();
        let go: Navigate = Rc::new(move |path| navigate(path, Default::default()));
        let location = leptos_router::hooks::use_location();
        Navigator {
            navigate: StoredValue::new_local(go),
            shown: Memo::new(move |_| location.pathname.with(|p| Screen::parse(p))),
        }
    }

    /// The screen the URL names (tracked), `None` for a URL that names none.
    pub fn shown(&self) -> Option<Screen> {
        self.shown.get()
    }

    /// Shows `screen`.
    pub fn go(&self, screen: Screen) {
        let path = screen.path();
        self.navigate.with_value(|navigate| navigate(&path));
    }
}

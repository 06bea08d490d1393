//! The screens' URLs read back as the screens they name.

use ote_app::routes::Screen;
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_screen_reads_back_from_its_path() {
    let id = Uuid::from_u128(7);
    for screen in [
        Screen::List,
        Screen::Detail(id),
        Screen::Form(None),
        Screen::Form(Some(id)),
        Screen::Dashboard,
        Screen::Imports(None),
        Screen::Imports(Some(id)),
        Screen::Report(id),
        Screen::Users,
        Screen::Catalogs,
        Screen::Activity,
        Screen::Account,
    ] {
        assert_eq!(Screen::parse(&screen.path()), Some(screen));
    }
}

#[wasm_bindgen_test]
fn a_path_that_names_no_screen_is_none() {
    assert_eq!(Screen::parse("/ot/no-es-un-id"), None);
    assert_eq!(Screen::parse("/ajustes"), None);
}

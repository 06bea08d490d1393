//! The OTE app: Leptos in the browser, built by Trunk into `dist/`.
//!
//! For now the shell: the title bar with the connection state. The work-order screens, the
//! IndexedDB store and background sync build on it.

mod shell;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shell::App);
}

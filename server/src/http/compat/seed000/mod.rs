//! Seed 000/001's `/operaciones/ot/...` routes: reads and DataTables lists, the writes, the
//! `{exito, tipo_aviso, detalles}` envelope every answer and error takes, and the caller as
//! `@login_required` refuses them (`login_required`; the sign-in pages are `compat::accounts`).

pub mod datatables;
pub mod envelope;
pub mod imports;
pub mod login_required;
pub mod operaciones;
pub mod operaciones_writes;
pub mod requests;

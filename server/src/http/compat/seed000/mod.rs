//! Seed 000/001's `/operaciones/ot/...` routes: reads and DataTables lists, the writes, and
//! the `{exito, tipo_aviso, detalles}` envelope every answer and error takes.

pub mod datatables;
pub mod envelope;
pub mod imports;
pub mod operaciones;
pub mod operaciones_writes;
pub mod requests;

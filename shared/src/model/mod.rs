//! The domain model: the work order with everything it holds, and the server-owned catalogs.
//!
//! Field names are the seeds' (`orden_trabajo`, `id_frente`, ...). Steps, photos and history
//! entries are keyed by their own UUIDs, never by position, so concurrent additions on two
//! devices never collide.

mod catalog;
mod diff;
mod files;
mod history;
mod path;
mod step;
mod work_order;

pub use catalog::{Empleado, Item, PasoPlantilla, TipoSitio};
pub use diff::{Cambio, aplicar, cambios};
pub use files::{Archivo, Foto, sha256_hex};
pub use history::EventoHistorial;
pub use path::{Coleccion, FieldPath};
pub use step::{FechaPaso, Paso};
pub use work_order::{Column, Kind, OrdenTrabajo, ROOT_FIELDS, RootField};

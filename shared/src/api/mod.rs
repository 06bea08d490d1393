//! The HTTP API's request and response types: the server answers with them, the app reads
//! them, and (feature `openapi`) the server's OpenAPI document is derived from them, so the
//! document describes what is really sent.
//!
//! - [`profile`]: signing in and the signed-in user.
//! - [`accounts`]: managing users and API keys (admin).
//! - [`activity`]: the activity log of writes and sign-ins.
//! - [`catalogs`]: every catalog a form names things with; [`catalog_edit`]: the office's
//!   edits of them.
//! - [`datos_ot`]: one work order as seed 001's `obtener_datos_ot` gives it, key for key.
//! - [`errors`]: the body of every refusal.
//! - [`history`]: a work order's audit trail.
//! - [`imports`]: what was imported: records, Anexo C items, schedule versions and tasks.
//! - [`upstream`]: a vessel hub's link with shore.
//! - [`patch`]: edits that name only what they change (absent, cleared or set).
//! - [`work_orders`]: one work order as the REST API shows it, and the list's rows and pages.
//! - [`work_order_edit`]: what creates, edits and reprograms a work order, or changes its status.

pub mod accounts;
pub mod activity;
pub mod catalog_edit;
pub mod catalogs;
pub mod datos_ot;
pub mod errors;
pub mod history;
pub mod imports;
pub mod patch;
pub mod profile;
pub mod upstream;
pub mod work_order_edit;
pub mod work_orders;

pub use accounts::{
    CambioClave, CambioCuenta, ClaveApi, ClaveApiNueva, ClaveNueva, Cuenta, NuevaCuenta,
};
pub use activity::{Accion, EntradaActividad, PaginaActividad};
pub use catalog_edit::{
    CambioEntrada, EntradaCatalogo, Inactiva, NuevaEntrada, OrdenPasos, TipoCatalogo,
};
pub use catalogs::{Catalogos, Cliente, PteHeader, Responsable, Sitio, Sitios};
pub use datos_ot::DatosOt;
pub use errors::ErrorBody;
pub use history::EntradaHistorial;
pub use imports::{
    ComparacionVersiones, Conteos, ConteosAnexo, ConteosCronograma, EstadoImportacion,
    FaseImportacion, Importacion, PaginaImportaciones, PartidaAnexo, Predecesora, RowError,
    SinConteos, Subida, TareaCronograma, TareaMovida, TareaResumen, TipoImportacion,
    VersionCronograma,
};
pub use patch::{CambioPaso, Patch, PatchValue};
pub use profile::{Credenciales, Perfil, Usuario};
pub use work_order_edit::{CambioEstatus, CamposOt};
pub use work_orders::{
    FilaOrden, FotoVista, OrdenInicial, OrdenTrabajoFila, OrdenTrabajoVista, PaginaOrdenes,
    PasoVista, SitioOt,
};

//! Seed 002's integration API, `/api/v2/ordenes_servicio/`.

pub mod ordenes_servicio;

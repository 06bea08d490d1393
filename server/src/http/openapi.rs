//! The OpenAPI document of the whole API, `GET /api/openapi.json`: every route's handler carries
//! its `#[utoipa::path]`, and each module's router registers the handler and its documentation
//! together (`utoipa_axum::routes!`), so the document cannot list a route the server lacks.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use super::AppState;
use ote_shared::api::ErrorBody;

/// The document's header, shared schemas and security schemes; the paths come from the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "OTE",
        description = "Órdenes de trabajo submarinas: la API REST (`/api/v1`), la sincronización de \
            los dispositivos (`/api/sync`), las rutas compatibles de los sistemas anteriores \
            (`/operaciones/ot/...`, `/api/v2/ordenes_servicio/`) y las importaciones. Errores: \
            `{code, message}` con un código estable; las rutas `/operaciones/ot/` responden con \
            el sobre `{exito, tipo_aviso, detalles, codigo}`, un error de negocio con 200 y \
            `exito: false` como la semilla, y aceptan la sesión de `/accounts/login/` (cookie \
            `sessionid`, cabecera `X-CSRFToken`). Los cuerpos JSON también se aceptan como \
            formulario (`application/x-www-form-urlencoded`), como los envían los clientes de \
            las semillas."
    ),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    security(("api_key" = []), ("session" = [])),
    tags(
        (name = "auth", description = "Sesión de navegador y usuario actual"),
        (name = "accounts", description = "Inicio de sesión al estilo Django para los clientes de la semilla 000 (páginas HTML)"),
        (name = "work-orders", description = "Órdenes de trabajo, pasos, catálogos e historial"),
        (name = "sync", description = "Sincronización de dispositivos, archivos y eventos"),
        (name = "catalogs", description = "Edición de catálogos (administradores y oficina)"),
        (name = "users", description = "Usuarios y claves de API (administradores)"),
        (name = "activity", description = "Registro de actividad: escrituras e inicios de sesión"),
        (name = "imports", description = "Anexo C y programas de MS Project"),
        (name = "operaciones", description = "Rutas compatibles del sistema anterior (semilla 000)"),
        (name = "ordenes_servicio", description = "API de integraciones (semilla 002)"),
    )
)]
pub struct ApiDoc;

/// The two ways to authenticate: an integration's key, or the browser's session cookie (whose
/// writes also send the session's `X-CSRF-Token`).
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("Api-key"))),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The error answers every authenticated route can give, for `responses(...)`.
pub struct Errors;

impl utoipa::IntoResponses for Errors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let errors = [
            (
                "400",
                "Datos inválidos o una regla incumplida (nada cambió)",
            ),
            ("401", "Sin credenciales válidas"),
            (
                "403",
                "El rol no permite la operación, o falta el token CSRF",
            ),
            ("404", "No existe o no es visible para el usuario"),
        ];
        json_responses(&errors, "ErrorBody")
    }
}

/// Documented answers, `(status, description)`, each a JSON body of the schema `schema`.
pub fn json_responses(
    answers: &[(&str, &str)],
    schema: &str,
) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    answers
        .iter()
        .map(|(status, description)| {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(schema)))
                .build();
            let response = ResponseBuilder::new()
                .description(*description)
                .content("application/json", content)
                .build();
            ((*status).to_owned(), response.into())
        })
        .collect()
}

/// `GET /api/openapi.json`, the document rendered once.
pub fn router(document: &utoipa::openapi::OpenApi) -> Router<AppState> {
    let json: Arc<str> = document
        .to_json()
        .expect("the OpenAPI document serialises")
        .into();
    Router::new().route(
        "/api/openapi.json",
        get(move || async move { ([(CONTENT_TYPE, "application/json")], json.to_string()) }),
    )
}

/// A multipart upload of one file.
#[derive(Serialize, ToSchema)]
pub struct ArchivoSubido {
    /// The file.
    #[schema(format = Binary)]
    pub archivo: String,
}

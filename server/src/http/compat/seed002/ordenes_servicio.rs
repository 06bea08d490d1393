//! Seed 002's integration API, `/api/v2/ordenes_servicio/`: the list (`status` filter, `page`
//! and `page_size`, `count/next/previous/results`), one work order, its PATCH and
//! `adjuntar_imagen/` (a base64 image). Authenticated like the rest, usually by `Api-key`.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::header::HOST;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use chrono::Utc;
use ote_shared::api::Patch;
use ote_shared::codes::{EstatusOt, Proceso};
use ote_shared::model::Foto;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

use crate::Error;
use crate::auth::Viewer;
use crate::auth::{CurrentUser, Role};
use crate::blobs::MAX_BLOB_BYTES;
use crate::http::form::Body;
use crate::http::form::path_id;
use crate::http::openapi::Errors;
use crate::http::route::Route;
use crate::http::upload::store_blob;
use crate::paging::MAX_PER_PAGE;
use crate::state::AppState;
use crate::work_orders::commands;
use crate::work_orders::edit;
use crate::work_orders::ordenes_servicio::{self, Edicion, Imagen, Orden};

const LIST: &str = "/api/v2/ordenes_servicio/";

/// The seed 002 routes, each also without its trailing slash (not documented twice).
pub fn router() -> OpenApiRouter<AppState> {
    let image_body = DefaultBodyLimit::max(MAX_BLOB_BYTES / 3 * 4 + 64 * 1024);
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one, edit))
        .routes(routes!(attach_image).layer(image_body))
        .route("/api/v2/ordenes_servicio", get(list))
        .route("/api/v2/ordenes_servicio/{id}", get(one).patch(edit))
        .route(
            "/api/v2/ordenes_servicio/{id}/adjuntar_imagen",
            post(attach_image).layer(image_body),
        )
}

/// One page of the list, as seed 002 pages it.
#[derive(Serialize, ToSchema)]
struct Listado {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<Orden>,
}

/// The work orders the caller may see, newest first, paged as Django REST framework does.
#[utoipa::path(get, path = "/api/v2/ordenes_servicio/", tag = "ordenes_servicio", operation_id = "v2_listar",
    params(("status" = Option<i64>, Query, description = "1 Abierta (nuestra Activa), 2 En proceso, 3 Terminada, 4 Cancelada, 5 Confirmada"),
        ("page" = Option<i64>, Query, description = "Página, desde 1"),
        ("page_size" = Option<i64>, Query, description = "Renglones por página, 1 a 200 (50)")),
    responses((status = 200, body = Listado), Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Listado>, Error> {
    let query = ListQuery::parse(query.as_deref().unwrap_or(""))?;
    let base = base_url(&headers);
    let status = query.status.and_then(EstatusOt::from_code);
    let viewer = Viewer::of(&user);
    let mut db = state.reads.connection_for(user.id).await?;
    let listado = db
        .run(async |c| {
            ordenes_servicio::list(c, status, query.page, query.page_size, viewer, &base).await
        })
        .await?;
    let has_next = query.page * query.page_size < listado.count;
    Ok(Json(Listado {
        count: listado.count,
        next: has_next.then(|| query.link(&base, query.page + 1)),
        previous: (query.page > 1).then(|| query.link(&base, query.page - 1)),
        results: listado.results,
    }))
}

/// The list's query string.
struct ListQuery {
    status: Option<i64>,
    page: i64,
    page_size: i64,
}

impl ListQuery {
    fn parse(query: &str) -> Result<ListQuery, Error> {
        let mut q = ListQuery {
            status: None,
            page: 1,
            page_size: 50,
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            let number = || {
                value.parse::<i64>().map_err(|_| {
                    Error::bad_request("filtro_invalido", format!("«{key}» debe ser un número"))
                })
            };
            match key.as_ref() {
                _ if value.is_empty() => {}
                "status" => q.status = Some(number()?),
                "page" => q.page = number()?,
                "page_size" => q.page_size = number()?,
                _ => {}
            }
        }
        if q.status.is_some_and(|s| EstatusOt::from_code(s).is_none()) {
            return Err(Error::bad_request(
                "filtro_invalido",
                "«status» debe ser 1 (Abierta), 2 (En proceso), 3 (Terminada), 4 (Cancelada) o 5 (Confirmada)",
            ));
        }
        crate::paging::offset(q.page, q.page_size, MAX_PER_PAGE)?;
        Ok(q)
    }

    /// The address of `page` with the same filter; page 1 without `page`, as Django REST
    /// framework writes it.
    fn link(&self, base: &str, page: i64) -> String {
        let mut params = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = self.status {
            params.append_pair("status", &s.to_string());
        }
        if self.page_size != 50 {
            params.append_pair("page_size", &self.page_size.to_string());
        }
        if page > 1 {
            params.append_pair("page", &page.to_string());
        }
        let params = params.finish();
        if params.is_empty() {
            format!("{base}{LIST}")
        } else {
            format!("{base}{LIST}?{params}")
        }
    }
}

/// `scheme://host` of the request, so `next`, `previous` and photo URLs are absolute as the
/// seed's are; empty (relative URLs) when the request names no host.
fn base_url(headers: &HeaderMap) -> String {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match header(HOST.as_str()) {
        Some(host) if !host.is_empty() => {
            let scheme = header("x-forwarded-proto").unwrap_or("http");
            format!("{scheme}://{host}")
        }
        _ => String::new(),
    }
}

/// One work order with its `sucursal`, `cliente`, `empleados` and `archivos`.
#[utoipa::path(get, path = "/api/v2/ordenes_servicio/{id}/", tag = "ordenes_servicio", operation_id = "v2_obtener",
    params(("id" = i64, Path, description = "Id numérico de la OT")),
    responses((status = 200, body = Orden), Errors))]
async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Orden>, Error> {
    let id = path_id(&id)?;
    read(&state, &user, &headers, id).await.map(Json)
}

async fn read(
    state: &AppState,
    user: &CurrentUser,
    headers: &HeaderMap,
    id: i64,
) -> Result<Orden, Error> {
    ordenes_servicio::get(&state.pool, id, Viewer::of(user), &base_url(headers))
        .await?
        .ok_or(Error::NotFound)
}

/// Edits `status`, `prioridad`, `descripción` and the bitácora timestamps (ISO 8601 with offset,
/// kept as given), any of them, under the same rules as every write; `comentario` explains a
/// status change that needs one. The answer is the work order as `GET` shows it.
#[utoipa::path(patch, path = "/api/v2/ordenes_servicio/{id}/", tag = "ordenes_servicio", operation_id = "v2_editar",
    params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body(content = Edicion, content_type = "application/json"),
    responses((status = 200, body = Orden), Errors))]
async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    headers: HeaderMap,
    Path(id): Path<String>,
    Body(edicion): Body<Edicion>,
) -> Result<Json<Orden>, Error> {
    user.require(Role::records)?;
    let id = path_id(&id)?;
    let req = route.request(&user, "editar");
    commands::edit_service_order(&state, &req, id, edicion).await?;
    read(&state, &user, &headers, id).await.map(Json)
}

/// A photo as `adjuntar_imagen` answers it.
#[derive(Serialize, ToSchema)]
struct Adjunta {
    id: i64,
    url: String,
    titulo: String,
    creado: String,
}

/// Attaches a photo of the service to the work order.
#[utoipa::path(post, path = "/api/v2/ordenes_servicio/{id}/adjuntar_imagen/", tag = "ordenes_servicio",
    params(("id" = i64, Path, description = "Id numérico de la OT")),
    request_body = Imagen,
    responses((status = 201, body = Adjunta), Errors))]
async fn attach_image(
    State(state): State<AppState>,
    user: CurrentUser,
    route: Route,
    headers: HeaderMap,
    Path(id): Path<String>,
    Body(imagen): Body<Imagen>,
) -> Result<Response, Error> {
    user.require(Role::records)?;
    let id = path_id(&id)?;
    // An unknown work order is a 404 before anything, the image included, is stored.
    edit::doc_id(&state, &user, id).await?;
    let (proceso, titulo) = photo_fields(imagen.proceso, imagen.titulo)?;
    let imagen = imagen.imagen.change().flatten().unwrap_or_default();
    let (bytes, mime) = decode_image(&imagen)?;
    let archivo = store_blob(&state, &user, &titulo, mime, bytes.into()).await?;
    let foto = Foto {
        id: Uuid::new_v4(),
        proceso,
        titulo,
        archivo,
        creado: Utc::now(),
    };
    let req = route.request(&user, "adjuntar_imagen");
    commands::add_photo(&state, &req, id, foto.clone()).await?;
    let answer = Adjunta {
        id: ordenes_servicio::photo_id(&state.pool, id, foto.id)
            .await?
            .ok_or(Error::NotFound)?,
        url: format!("{}/api/blobs/{}", base_url(&headers), foto.archivo.sha256),
        titulo: foto.titulo,
        creado: ordenes_servicio::timestamp(foto.creado),
    };
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// The `proceso` and `titulo` of a photo; the title defaults to the proceso's name.
fn photo_fields(
    proceso: Patch<Proceso>,
    titulo: Patch<String>,
) -> Result<(Proceso, String), Error> {
    let Patch::Set(proceso) = proceso else {
        return Err(Error::bad_request(
            "campo_invalido",
            "Falta «proceso»: 1 (antes), 2 (durante) o 3 (después del servicio)",
        ));
    };
    let titulo = titulo.change().flatten();
    Ok((
        proceso,
        titulo.unwrap_or_else(|| proceso.label().to_owned()),
    ))
}

/// The bytes of a base64 image (plain or a `data:` URL) and its type, told by its first bytes.
fn decode_image(imagen: &str) -> Result<(Vec<u8>, &'static str), Error> {
    let data = match imagen.trim().split_once(";base64,") {
        Some((prefix, data)) if prefix.starts_with("data:") => data,
        _ => imagen,
    };
    let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if data.is_empty() {
        return Err(Error::bad_request(
            "imagen_invalida",
            "Falta «imagen» (la imagen en base64)",
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| Error::bad_request("imagen_invalida", "«imagen» no es base64 válido"))?;
    if bytes.len() > MAX_BLOB_BYTES {
        return Err(Error::bad_request(
            "archivo_demasiado_grande",
            format!("La imagen excede {} MiB", MAX_BLOB_BYTES / (1024 * 1024)),
        ));
    }
    let mime = image_type(&bytes).ok_or_else(|| {
        Error::bad_request(
            "imagen_invalida",
            "«imagen» no es una imagen JPEG, PNG, GIF, WebP ni HEIC",
        )
    })?;
    Ok((bytes, mime))
}

/// The image type of `bytes` by its magic number.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let at = |range: std::ops::Range<usize>| bytes.get(range).unwrap_or_default();
    match () {
        _ if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => Some("image/jpeg"),
        _ if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        _ if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") => Some("image/gif"),
        _ if at(0..4) == b"RIFF" && at(8..12) == b"WEBP" => Some("image/webp"),
        _ if at(4..8) == b"ftyp" && [&b"heic"[..], b"heix", b"mif1"].contains(&at(8..12)) => {
            Some("image/heic")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_told_by_their_first_bytes() {
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"%PDF-1.7"), None);
        assert_eq!(image_type(b""), None);
    }

    #[test]
    fn base64_images_decode_plain_or_as_data_urls() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let b64 = base64::engine::general_purpose::STANDARD.encode(png);
        assert_eq!(decode_image(&b64).unwrap(), (png.to_vec(), "image/png"));
        let url = format!("data:image/png;base64,{b64}");
        assert_eq!(decode_image(&url).unwrap().0, png.to_vec());
        assert_eq!(decode_image("%%%").unwrap_err().code(), "imagen_invalida");
        let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7");
        assert_eq!(decode_image(&pdf).unwrap_err().code(), "imagen_invalida");
    }

    #[test]
    fn links_keep_the_filter_and_drop_page_one() {
        let q = ListQuery::parse("status=2&page=2").unwrap();
        assert_eq!(
            q.link("http://h", 1),
            "http://h/api/v2/ordenes_servicio/?status=2"
        );
        assert_eq!(
            q.link("http://h", 3),
            "http://h/api/v2/ordenes_servicio/?status=2&page=3"
        );
        assert_eq!(
            ListQuery::parse("status=9").err().unwrap().code(),
            "filtro_invalido"
        );
    }
}

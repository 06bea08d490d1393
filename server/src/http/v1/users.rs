//! Users and API keys, for administrators: `/api/v1/users` (list, add, change role or
//! activity, reset a password) and `/api/v1/api-keys` (list, make, revoke). A password or key
//! is answered once and kept only as a hash.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use ote_shared::api::{CambioCuenta, ClaveApi, ClaveApiNueva, ClaveNueva, Cuenta, NuevaCuenta};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::users;
use crate::auth::{CurrentUser, Role, api_keys};
use crate::http::extract::UserManager;
use crate::http::form::{Body, path_id};
use crate::http::openapi::Errors;
use crate::state::AppState;

/// The account routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(change))
        .routes(routes!(reset_password))
        .routes(routes!(list_keys))
        .routes(routes!(add_key))
        .routes(routes!(revoke_key))
}

/// Every user with their role, employee, whether active and their last sign-in.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", operation_id = "usuarios",
    responses((status = 200, body = Vec<Cuenta>), Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Cuenta>>, Error> {
    user.require(Role::manages_users)?;
    Ok(Json(users::list(&state.pool).await?))
}

/// Adds a user; without a password, one is generated and answered once.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", operation_id = "crear_usuario", request_body = NuevaCuenta,
    responses((status = 201, body = ClaveNueva), Errors))]
async fn add(
    State(state): State<AppState>,
    _: UserManager,
    Body(nueva): Body<NuevaCuenta>,
) -> Result<(StatusCode, Json<ClaveNueva>), Error> {
    let generated = nueva.password.is_none().then(users::generate_password);
    let password = nueva
        .password
        .as_deref()
        .or(generated.as_deref())
        .unwrap_or_default();
    let id = users::add(&state.pool, &nueva.usuario, nueva.rol, password).await?;
    if let Some(empleado) = nueva.empleado_id {
        // The user is made already: a missing employee is said, and the user kept unlinked.
        users::link_empleado(&state.pool, &nueva.usuario, empleado).await?;
    }
    let cuenta = users::get(&state.pool, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(ClaveNueva {
            cuenta,
            password: generated,
        }),
    ))
}

/// Changes a user's role, or deactivates or reactivates them: a deactivated user's sessions end
/// at once and their keys stop on their next request.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", operation_id = "cambiar_usuario", request_body = CambioCuenta,
    params(("id" = i64, Path, description = "Id del usuario")),
    responses((status = 200, body = Cuenta), Errors))]
async fn change(
    State(state): State<AppState>,
    _: UserManager,
    Path(id): Path<String>,
    Body(cambio): Body<CambioCuenta>,
) -> Result<Json<Cuenta>, Error> {
    let id = path_id(&id)?;
    if let Some(rol) = cambio.rol {
        users::set_role(&state.pool, id, rol).await?;
    }
    if let Some(activo) = cambio.activo {
        users::set_active(&state.pool, id, activo).await?;
    }
    state.keys.forget_all();
    Ok(Json(users::get(&state.pool, id).await?))
}

/// Gives a user a new generated password, answered once.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", operation_id = "restablecer_clave",
    params(("id" = i64, Path, description = "Id del usuario")),
    responses((status = 200, body = ClaveNueva), Errors))]
async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ClaveNueva>, Error> {
    user.require(Role::manages_users)?;
    let id = path_id(&id)?;
    let password = users::set_password(&state.pool, id, None).await?;
    let cuenta = users::get(&state.pool, id).await?;
    Ok(Json(ClaveNueva { cuenta, password }))
}

/// Which keys to list.
#[derive(Deserialize, IntoParams)]
struct KeysQuery {
    /// Only this user's.
    usuario: Option<String>,
}

/// The API keys, newest first, with their last use: never the keys themselves.
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "users", operation_id = "claves_api", params(KeysQuery),
    responses((status = 200, body = Vec<ClaveApi>), Errors))]
async fn list_keys(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<KeysQuery>,
) -> Result<Json<Vec<ClaveApi>>, Error> {
    user.require(Role::manages_users)?;
    Ok(Json(
        api_keys::list(&state.pool, query.usuario.as_deref()).await?,
    ))
}

/// Makes a key for a user, answered once.
#[utoipa::path(post, path = "/api/v1/users/{id}/api-keys", tag = "users", operation_id = "crear_clave_api",
    params(("id" = i64, Path, description = "Id del usuario")),
    responses((status = 201, body = ClaveApiNueva), Errors))]
async fn add_key(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ClaveApiNueva>), Error> {
    user.require(Role::manages_users)?;
    let cuenta = users::get(&state.pool, path_id(&id)?).await?;
    let nueva = api_keys::create_listed(&state.pool, &cuenta.usuario).await?;
    Ok((StatusCode::CREATED, Json(nueva)))
}

/// Revokes a key: it stops on its next request.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "users", operation_id = "revocar_clave_api",
    params(("id" = i64, Path, description = "Id de la clave")),
    responses((status = 200, body = ClaveApi), Errors))]
async fn revoke_key(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ClaveApi>, Error> {
    user.require(Role::manages_users)?;
    let revoked = api_keys::revoke(&state.pool, path_id(&id)?).await?;
    state.keys.forget_all();
    Ok(Json(revoked))
}

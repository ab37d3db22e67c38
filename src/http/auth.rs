//! Signing in and knowing who asks: `POST /api/session` checks a password and opens a session
//! (an HttpOnly, SameSite=Strict cookie for the web, the same token in the body for scripts'
//! `Authorization: Bearer`), `DELETE /api/session` closes it, `GET /api/me` says who you are.
//! `CurrentUser` is the extractor every other handler takes; permissions are decided by
//! `crate::auth`, never here.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{AppendHeaders, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::body::JsonBody;
use super::error::ApiError;
use crate::auth::{self, User};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "dossier_session";

/// The signed-in user of a request (401 `unauthenticated` without a valid session).
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = token_from(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        let user = state
            .store
            .session_user(&auth::token_digest(&token))
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser(user))
    }
}

/// The bearer token, else the session cookie.
fn token_from(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        return value
            .strip_prefix("Bearer ")
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_string())
        .filter(|t| !t.is_empty())
}

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
}

/// `POST /api/session {"username", "password"}` → 200 `{"token", "user"}` and the cookie.
pub async fn login(
    State(state): State<AppState>,
    JsonBody(login): JsonBody<Login>,
) -> Result<Response, ApiError> {
    let creds = state.store.credentials(&login.username).await?;
    let password = login.password;
    // argon2 takes tens of milliseconds of CPU: off the async threads.
    let user = tokio::task::spawn_blocking(move || match creds {
        Some(c) if auth::verify_password(&password, &c.password_hash) => Some(c.user),
        Some(_) => None,
        None => {
            auth::dummy_verify(&password);
            None
        }
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?
    .ok_or(ApiError::BadCredentials)?;
    let token = auth::new_token();
    let ttl_secs = state.session_hours.saturating_mul(3600);
    let ttl_ms = i64::try_from(ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    state
        .store
        .create_session(&auth::token_digest(&token), user.id, ttl_ms)
        .await?;
    tracing::info!(user = %user.username, role = %user.role, "signed in");
    let cookie = format!("{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={ttl_secs}");
    let cookie = HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    Ok((
        AppendHeaders([(SET_COOKIE, cookie)]),
        Json(json!({"token": token, "user": user})),
    )
        .into_response())
}

/// `DELETE /api/session`: the token stops working; the cookie is cleared.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = token_from(&headers).ok_or(ApiError::Unauthenticated)?;
    state.store.delete_session(&auth::token_digest(&token)).await?;
    let clear = HeaderValue::from_static("dossier_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((
        AppendHeaders([(SET_COOKIE, clear)]),
        Json(json!({"status": "signed_out"})),
    )
        .into_response())
}

/// `GET /api/me`.
pub async fn me(CurrentUser(user): CurrentUser) -> Json<User> {
    Json(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_wins_over_the_cookie_and_cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; dossier_session=abc; b=2"));
        assert_eq!(token_from(&h).as_deref(), Some("abc"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer xyz"));
        assert_eq!(token_from(&h).as_deref(), Some("xyz"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Basic xyz"));
        assert_eq!(
            token_from(&h),
            None,
            "a non-bearer Authorization is not a session"
        );
    }
}

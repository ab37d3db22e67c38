//! Request-body extractors whose rejections are `ApiError`s, so a malformed body gets the same
//! `{"code", "message"}` shape as every other error: `invalid_json` (400) for a body that does
//! not parse or lacks a field, `unsupported_media_type` (415) without `application/json`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// `axum::Json`, rejecting with `ApiError`.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType),
            Err(e) => Err(ApiError::InvalidJson(e.body_text())),
        }
    }
}

/// A JSON body that may be left out entirely (no bytes): then `T::default()`.
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let empty_body = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() == b"0")
            || (!req.headers().contains_key(axum::http::header::CONTENT_TYPE)
                && !req.headers().contains_key(axum::http::header::TRANSFER_ENCODING)
                && !req.headers().contains_key(axum::http::header::CONTENT_LENGTH));
        if empty_body {
            return Ok(OptionalJson(T::default()));
        }
        JsonBody::<T>::from_request(req, state)
            .await
            .map(|JsonBody(v)| OptionalJson(v))
    }
}

//! The one API error type. Only this file knows HTTP status codes: handlers return
//! `ApiError`, which renders as `{"code": "snake_case_code", "message": "…"}`. Codes are
//! stable (clients key on them); messages are for people. A 500 never shows its cause to the
//! client: the cause is logged once, here.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::pipeline::PipelineError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The multipart form has no `file` field.
    #[error("the form has no `file` field: send the dossier as multipart/form-data field `file`")]
    MissingFile,
    /// The request is not a readable multipart form.
    #[error("the request is not a valid multipart form: {0}")]
    BadMultipart(String),
    /// The upload is over the configured limit.
    #[error("the upload is over the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// The file was received but cannot be checked (not a PDF, encrypted, damaged, …).
    #[error("{0}")]
    Unreadable(#[source] PipelineError),
    /// No session, or an unknown, expired or forged one.
    #[error("sign in first: no valid session cookie or bearer token")]
    Unauthenticated,
    #[error("unknown user name or wrong password")]
    BadCredentials,
    /// Signed in, but the role may not do this.
    #[error("your role ({0}) may not do this")]
    Forbidden(String),
    /// A JSON body that does not parse or lacks a field.
    #[error("invalid JSON body: {0}")]
    InvalidJson(String),
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// A field of the request is missing or has a bad value.
    #[error("{message}")]
    InvalidField { field: &'static str, message: String },
    /// The thing asked for does not exist, or is outside the reader's units.
    #[error("no {what} with this id")]
    NotFound { what: &'static str, code: &'static str },
    /// The request collides with the current state (a concurrent decision, a decision that
    /// does not fit); `current` is the state now, so the client can show it.
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        current: Option<serde_json::Value>,
    },
    /// The file is stored but this page cannot be shown.
    #[error("{0}")]
    PageUnavailable(String),
    /// The database does not answer.
    #[error("the database is unavailable")]
    Unavailable(#[source] StoreError),
    /// Anything else: a bug or an outage. The cause is logged, not returned.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

#[derive(Serialize)]
struct Body {
    code: &'static str,
    message: String,
    /// The offending field, for `invalid_field`.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    /// The current state, for `conflict`.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<serde_json::Value>,
}

impl ApiError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::InvalidField {
            field,
            message: message.into(),
        }
    }

    /// Only roles in `allowed` pass.
    pub fn require(user: &crate::auth::User, allowed: bool) -> Result<(), ApiError> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::Forbidden(user.role.id().to_string()))
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MissingFile | ApiError::BadMultipart(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthenticated | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::InvalidJson(_) | ApiError::InvalidField { .. } => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PageUnavailable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MissingFile => "missing_file",
            ApiError::BadMultipart(_) => "bad_multipart",
            ApiError::TooLarge { .. } => "file_too_large",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::BadCredentials => "bad_credentials",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::InvalidJson(_) => "invalid_json",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::InvalidField { .. } => "invalid_field",
            ApiError::NotFound { code, .. } => code,
            ApiError::Conflict { code, .. } => code,
            ApiError::PageUnavailable(_) => "page_image_unavailable",
            ApiError::Unreadable(_) => "unreadable_file",
            ApiError::Unavailable(_) => "database_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => tracing::error!(error = format!("{cause:#}"), "request failed"),
            ApiError::Unavailable(cause) => tracing::error!(error = %cause, "database unavailable"),
            _ => {}
        }
        let body = Body {
            code: self.code(),
            message: self.to_string(),
            field: match &self {
                ApiError::InvalidField { field, .. } => Some(field),
                _ => None,
            },
            current: match &self {
                ApiError::Conflict { current, .. } => current.clone(),
                _ => None,
            },
        };
        (self.status(), Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Connect { .. } | StoreError::Unavailable(_) => ApiError::Unavailable(e),
            e => ApiError::Internal(anyhow::Error::new(e)),
        }
    }
}

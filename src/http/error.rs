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
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MissingFile | ApiError::BadMultipart(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
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

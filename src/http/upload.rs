//! `POST /api/dossiers`: an officer's upload. The file is streamed to the content-addressed
//! store while it is hashed (never held whole in memory), its type is sniffed from its first
//! bytes, and only when it is complete on disk are the rows written, in one transaction with
//! the job that will check it. Then `202 {"id", "version", "status": "queued"}`; the same
//! file uploaded again for the same case is `200` with `"duplicate": true`. A dropped
//! connection or a refused upload leaves neither a file nor a row.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Field, Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;

use super::AppState;
use super::auth::CurrentUser;
use super::error::ApiError;
use crate::blobs::Incoming;
use crate::ingest;
use crate::pipeline::PipelineError;
use crate::store::dossiers::{Created, NewUpload};

/// The longest text field (case number, name, unit, officer), in characters.
const MAX_TEXT: usize = 200;

#[derive(Default)]
struct Form {
    file: Option<(String, Incoming)>,
    case_number: Option<String>,
    case_name: Option<String>,
    unit: Option<String>,
    officer: Option<String>,
}

pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    ApiError::require(&user, user.role.can_upload())?;
    let mut multipart = multipart.map_err(|e| ApiError::BadMultipart(e.body_text()))?;
    let limit = state.limits.max_file_bytes;
    let form = read_form(&state, &mut multipart, limit).await?;

    let case_number = required_text("case_number", form.case_number)?;
    let unit_id = match (
        form.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()),
        user.unit_id,
    ) {
        (Some(code), _) if Some(code) != user.unit.as_deref() => {
            return Err(ApiError::Forbidden(format!(
                "{}, uploading for unit {code}",
                user.role
            )));
        }
        (_, Some(id)) => id,
        (_, None) => return Err(ApiError::invalid("unit", "your account belongs to no unit")),
    };
    let (file_name, incoming) = form.file.ok_or(ApiError::MissingFile)?;
    // The type comes from the first bytes; ingest's own checks give the messages.
    let kind = match ingest::ingest(&file_name, incoming.head().to_vec(), &state.limits) {
        Ok(head) => head.kind,
        Err(e) => return Err(ApiError::Unreadable(PipelineError::Ingest(e))),
    };
    let stored = incoming
        .commit()
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("cannot store the upload")))?;
    let officer = form
        .officer
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| user.username.clone());
    let created = state
        .store
        .create_upload(&NewUpload {
            unit_id,
            case_number: &case_number,
            case_name: form.case_name.as_deref().unwrap_or(""),
            sha256: &stored.sha256,
            size: stored.size,
            kind: kind.name(),
            file_name: &file_name,
            officer: officer.trim(),
            uploaded_by: user.id,
            max_attempts: state.job_max_attempts,
        })
        .await?;
    tracing::info!(
        dossier = created.id,
        version = created.version,
        duplicate = created.duplicate,
        "uploaded"
    );
    if created.duplicate {
        return Ok((StatusCode::OK, Json(created)));
    }
    state.wake.notify_one();
    Ok((StatusCode::ACCEPTED, Json(created)))
}

async fn read_form(state: &AppState, multipart: &mut Multipart, limit: u64) -> Result<Form, ApiError> {
    let to_api = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge { limit }
        } else {
            ApiError::BadMultipart(e.body_text())
        }
    };
    let mut form = Form::default();
    while let Some(mut field) = multipart.next_field().await.map_err(to_api)? {
        match field.name().unwrap_or("") {
            "file" => {
                let name = file_name(field.file_name())?;
                let mut incoming = state.blobs.incoming().await.map_err(|e| {
                    ApiError::Internal(anyhow::Error::new(e).context("cannot store the upload"))
                })?;
                while let Some(chunk) = field.chunk().await.map_err(to_api)? {
                    if incoming.size() + chunk.len() as u64 > limit {
                        return Err(ApiError::TooLarge { limit });
                    }
                    incoming.write(&chunk).await.map_err(|e| {
                        ApiError::Internal(anyhow::Error::new(e).context("cannot store the upload"))
                    })?;
                }
                form.file = Some((name, incoming));
            }
            "case_number" => form.case_number = Some(text(field, "case_number").await?),
            "case_name" => form.case_name = Some(text(field, "case_name").await?),
            "unit" => form.unit = Some(text(field, "unit").await?),
            "officer" => form.officer = Some(text(field, "officer").await?),
            _ => {}
        }
    }
    Ok(form)
}

async fn text(field: Field<'_>, name: &'static str) -> Result<String, ApiError> {
    let value = field
        .text()
        .await
        .map_err(|e| ApiError::BadMultipart(e.body_text()))?;
    if value.chars().count() > MAX_TEXT || value.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            name,
            format!("{name} must be at most {MAX_TEXT} characters, without control characters"),
        ));
    }
    Ok(value.trim().to_string())
}

fn required_text(name: &'static str, value: Option<String>) -> Result<String, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid(name, format!("the form has no `{name}` field")))
}

/// The uploaded file's name, kept for display only. A name that tries to climb or name a
/// folder (`../x.pdf`, `C:\x.pdf`, `/etc/x`) is refused: it is a forged request, not a name.
fn file_name(raw: Option<&str>) -> Result<String, ApiError> {
    let name = raw.unwrap_or("upload").trim();
    let bad = name.is_empty()
        || name.len() > 255
        || name.contains(['/', '\\', '\0'])
        || name == ".."
        || name.starts_with("..")
        || name.chars().any(char::is_control);
    if bad {
        return Err(ApiError::invalid(
            "file",
            "the file name must be a plain name, without folders or '..'",
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_with_folders_or_dots_are_refused() {
        assert_eq!(file_name(Some("卷宗.pdf")).unwrap(), "卷宗.pdf");
        for bad in ["../../etc/passwd", "a/b.pdf", "C:\\x.pdf", "..", "x\u{0}.pdf", ""] {
            assert!(file_name(Some(bad)).is_err(), "{bad:?}");
        }
    }
}

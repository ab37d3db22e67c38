//! The reviewers' web pages, served by `dossier serve` itself: one HTML shell and its
//! scripts and stylesheet, embedded in the binary (`src/http/web/`), no build step. The pages
//! are a small single-page app over the JSON API (hash routes: `#/upload`, `#/dossiers`,
//! `#/dossiers/{id}`, `#/stats`, `#/digests`, …); they sign in with the same session cookie,
//! so they can do nothing the API would not let the user do.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};

/// Scripts only from this origin (no inline code), images from here or drawn in the page.
const CSP: &str = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; \
                   script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/// (name under `/assets/`, content type, body)
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "errors.js",
        "text/javascript; charset=utf-8",
        include_str!("web/errors.js"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("web/app.js"),
    ),
    (
        "api.js",
        "text/javascript; charset=utf-8",
        include_str!("web/api.js"),
    ),
    (
        "labels.js",
        "text/javascript; charset=utf-8",
        include_str!("web/labels.js"),
    ),
    (
        "upload.js",
        "text/javascript; charset=utf-8",
        include_str!("web/upload.js"),
    ),
    (
        "list.js",
        "text/javascript; charset=utf-8",
        include_str!("web/list.js"),
    ),
    (
        "dossier.js",
        "text/javascript; charset=utf-8",
        include_str!("web/dossier.js"),
    ),
    (
        "compare.js",
        "text/javascript; charset=utf-8",
        include_str!("web/compare.js"),
    ),
    (
        "stats.js",
        "text/javascript; charset=utf-8",
        include_str!("web/stats.js"),
    ),
    (
        "digests.js",
        "text/javascript; charset=utf-8",
        include_str!("web/digests.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("web/style.css"),
    ),
];

/// `GET /`: the page shell; the scripts draw the rest.
pub async fn index() -> Response {
    asset_response("text/html; charset=utf-8", include_str!("web/index.html"))
}

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => asset_response(content_type, body),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

fn asset_response(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            // Small files, and a new binary must never be paired with old scripts.
            (CACHE_CONTROL, "no-cache"),
            (CONTENT_SECURITY_POLICY, CSP),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_the_pages_import_is_served() {
        let served: Vec<&str> = ASSETS.iter().map(|(n, _, _)| *n).collect();
        let sources = ASSETS
            .iter()
            .map(|(_, _, b)| *b)
            .chain([include_str!("web/index.html")]);
        for src in sources {
            for part in src.split("/assets/").skip(1).chain(src.split("from './").skip(1)) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                    .collect();
                assert!(
                    served.contains(&name.as_str()),
                    "{name} is referenced but not served"
                );
            }
        }
    }
}

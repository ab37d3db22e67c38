//! `/api/openapi.json` is served, parses, and documents exactly the routes the service has.

use std::collections::BTreeSet;

use hyper::StatusCode;

use crate::helpers::spawn_app;

/// Every route of the router, as (method, OpenAPI path).
const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/api/openapi.json"),
    ("post", "/api/check"),
    ("post", "/api/session"),
    ("delete", "/api/session"),
    ("get", "/api/me"),
    ("post", "/api/dossiers"),
    ("get", "/api/dossiers"),
    ("get", "/api/dossiers/{id}"),
    ("get", "/api/dossiers/{id}/pages/{page}.png"),
    ("post", "/api/dossiers/{id}/defects"),
    ("post", "/api/dossiers/{id}/confirm"),
    ("get", "/api/dossiers/{id}/log"),
    ("post", "/api/defects/{id}/confirm"),
    ("post", "/api/defects/{id}/reject"),
    ("post", "/api/defects/{id}/undo"),
    ("get", "/api/stats"),
    ("get", "/api/stats/export"),
    ("get", "/api/digests"),
];

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_no_other() {
    let app = spawn_app().await;
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.json["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = r.json["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, routed);
    // Every documented operation answers something other than 404/405 for its method.
    for (method, path) in ROUTES {
        let concrete = path.replace("{id}", "1").replace("{page}", "1");
        let req = crate::helpers::TestApp::request(method.to_uppercase().parse().unwrap(), &concrete, None)
            .body(Default::default())
            .unwrap();
        let status = app.send(req).await.status;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            status != StatusCode::NOT_FOUND || path.contains("{id}"),
            "{method} {path}: {status}"
        );
    }
}

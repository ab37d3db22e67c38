//! `/api/stats`, `/api/stats/export` and `/api/digests` over HTTP: scoped by the caller's role
//! and unit, the exports as files, the archive closed to officers.

use dossier::store::seed::{SeedDefect, SeedDossier};
use hyper::StatusCode;

use crate::helpers::spawn_app;

/// One October dossier in each of U1 and U2 with `n` confirmed defects of 1 point each.
fn month(n1: usize, n2: usize) -> Vec<SeedDossier> {
    // 2026-10-15 12:00 +08:00.
    let checked = 1_792_036_800_000;
    [("U1", n1), ("U2", n2)]
        .into_iter()
        .map(|(unit, n)| SeedDossier {
            unit: unit.into(),
            case_number: format!("{unit}-1"),
            version: 1,
            officer: format!("{unit}民警"),
            checked_at_ms: checked,
            defects: (0..n)
                .map(|k| SeedDefect {
                    origin: "machine",
                    category: "missing_signature".into(),
                    rule: "signature.interviewee_each_page".into(),
                    status: "confirmed",
                    deduction: 1.0,
                    created_at_ms: checked,
                    updated_at_ms: checked + k as i64,
                })
                .collect(),
        })
        .collect()
}

#[tokio::test]
async fn statistics_are_scoped_to_the_callers_unit_and_exported_as_files() {
    let app = spawn_app().await;
    app.store.seed(&month(2, 5)).await.unwrap();
    let officer = app.user("officer1", "officer", Some("U1")).await;
    let leader = app.user("leader", "leader", None).await;

    let all = app.get("/api/stats?month=2026-10", Some(&leader)).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.json);
    assert_eq!(all.json["totals"]["confirmed"], 7);
    assert_eq!(all.json["units"].as_array().unwrap().len(), 2);
    assert_eq!(all.json["red_cards"][0]["officer"], "U2民警");

    // An officer sees their unit, whatever unit they ask for.
    let own = app.get("/api/stats?month=2026-10", Some(&officer)).await;
    assert_eq!(own.json["totals"]["confirmed"], 2);
    let other = app.get("/api/stats?month=2026-10&unit=U2", Some(&officer)).await;
    assert_eq!(other.json["totals"]["confirmed"], 0);

    let bad = app.get("/api/stats?month=2026-13", Some(&leader)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/api/stats?month=2026-10", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let xlsx = app
        .get("/api/stats/export?month=2026-10&format=xlsx", Some(&leader))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    let csv = app
        .get(
            "/api/stats/export?month=2026-10&format=csv&view=units",
            Some(&leader),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = String::from_utf8(csv.bytes.to_vec()).unwrap();
    assert!(text.contains("检查案卷数"), "{text}");
    assert_eq!(text.lines().count(), 3, "a header and a line per unit: {text}");

    // The digest archive: not for officers.
    assert_eq!(
        app.get("/api/digests", Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    let archive = app.get("/api/digests", Some(&leader)).await;
    assert_eq!(archive.status, StatusCode::OK);
    assert!(archive.json["items"].is_array());
}

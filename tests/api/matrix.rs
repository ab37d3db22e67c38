//! Every role × every endpoint × own unit / other unit, against what DESIGN.md promises:
//! officers and unit legal officers see only their unit (another unit's dossier is a 404, as
//! if it did not exist); the bureau, leaders and admins see all; only legal officers review;
//! only officers and unit legal officers upload; no session is a 401 everywhere.

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

const ROLES: [&str; 5] = ["officer", "unit_legal", "bureau_legal", "leader", "admin"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Endpoint {
    List,
    Detail,
    PageImage,
    Log,
    Upload,
    Confirm,
    Reject,
    Undo,
    AddDefect,
    BulkConfirm,
}

const ENDPOINTS: [Endpoint; 10] = [
    Endpoint::List,
    Endpoint::Detail,
    Endpoint::PageImage,
    Endpoint::Log,
    Endpoint::Upload,
    Endpoint::Confirm,
    Endpoint::Reject,
    Endpoint::Undo,
    Endpoint::AddDefect,
    Endpoint::BulkConfirm,
];

/// The status the contract promises.
fn expected(role: &str, same_unit: bool, e: Endpoint) -> StatusCode {
    let unit_bound = matches!(role, "officer" | "unit_legal");
    let sees = !unit_bound || same_unit;
    let reviews = matches!(role, "unit_legal" | "bureau_legal");
    match e {
        Endpoint::List => StatusCode::OK,
        Endpoint::Detail | Endpoint::PageImage | Endpoint::Log if sees => StatusCode::OK,
        Endpoint::Upload if unit_bound => StatusCode::ACCEPTED,
        Endpoint::Upload => StatusCode::FORBIDDEN,
        _ if !sees => StatusCode::NOT_FOUND,
        Endpoint::Confirm | Endpoint::Reject | Endpoint::Undo | Endpoint::BulkConfirm if reviews => {
            StatusCode::OK
        }
        Endpoint::AddDefect if reviews => StatusCode::CREATED,
        _ => StatusCode::FORBIDDEN,
    }
}

struct Fixture {
    dossier: i64,
    defect: i64,
}

async fn call(app: &TestApp, token: Option<&str>, e: Endpoint, f: &Fixture, n: usize) -> (StatusCode, usize) {
    let (d, x) = (f.dossier, f.defect);
    let r = match e {
        Endpoint::List => app.get("/api/dossiers", token).await,
        Endpoint::Detail => app.get(&format!("/api/dossiers/{d}"), token).await,
        Endpoint::PageImage => app.get(&format!("/api/dossiers/{d}/pages/1.png"), token).await,
        Endpoint::Log => app.get(&format!("/api/dossiers/{d}/log"), token).await,
        Endpoint::Upload => {
            // A new file each time, so no upload is a duplicate.
            let pdf = crate::support::pdf(&[crate::support::PageContent::Text(&[&format!("upload {n}")])]);
            app.multipart(
                "/api/dossiers",
                token,
                &[("case_number", &format!("M-{n}"))],
                Some(("m.pdf", &pdf)),
            )
            .await
        }
        Endpoint::Confirm => {
            app.json(
                Method::POST,
                &format!("/api/defects/{x}/confirm"),
                token,
                &json!({}),
            )
            .await
        }
        Endpoint::Reject => {
            app.json(
                Method::POST,
                &format!("/api/defects/{x}/reject"),
                token,
                &json!({"reason": "r"}),
            )
            .await
        }
        Endpoint::Undo => {
            app.json(Method::POST, &format!("/api/defects/{x}/undo"), token, &json!({}))
                .await
        }
        Endpoint::AddDefect => {
            let body = json!({"category": "missing_field", "page": 1, "message": "m"});
            app.json(Method::POST, &format!("/api/dossiers/{d}/defects"), token, &body)
                .await
        }
        Endpoint::BulkConfirm => {
            app.json(
                Method::POST,
                &format!("/api/dossiers/{d}/confirm"),
                token,
                &json!({"ids": [x]}),
            )
            .await
        }
    };
    let listed = r.json["total"].as_u64().unwrap_or(0) as usize;
    (r.status, listed)
}

/// `legal` takes `action` on the fixture defect; it must succeed.
async fn legal_acts(app: &TestApp, legal: &str, f: &Fixture, action: &str, why: &str) {
    let path = format!("/api/defects/{}/{action}", f.defect);
    let r = app.json(Method::POST, &path, Some(legal), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{why}: {}", r.json);
}

/// Before the call: `Undo` needs a decision to revert.
async fn prepare(app: &TestApp, legal: &str, f: &Fixture, e: Endpoint) {
    if e == Endpoint::Undo {
        legal_acts(app, legal, f, "confirm", "prepare").await;
    }
}

/// After the call: the fixture defect goes back to `open`, so the next caller meets the same
/// state — a permitted decision is undone, and so is the decision a refused undo left.
async fn reset(app: &TestApp, legal: &str, f: &Fixture, e: Endpoint, status: StatusCode) {
    let decided =
        matches!(e, Endpoint::Confirm | Endpoint::Reject | Endpoint::BulkConfirm) && status.is_success();
    let undo_refused = e == Endpoint::Undo && !status.is_success();
    if decided || undo_refused {
        legal_acts(app, legal, f, "undo", "reset").await;
    }
}

#[tokio::test]
async fn every_role_meets_exactly_its_permissions_on_every_endpoint_in_both_units() {
    let app = spawn_app().await;
    let mut tokens = Vec::new();
    for unit in ["unit_a", "unit_b"] {
        for role in ROLES {
            let unit_arg = matches!(role, "officer" | "unit_legal").then_some(unit);
            let name = format!("{role}_{unit}");
            tokens.push((role, unit, app.user(&name, role, unit_arg).await));
        }
    }
    let token = |role: &str, unit: &str| {
        tokens
            .iter()
            .find(|(r, u, _)| *r == role && *u == unit)
            .map(|(_, _, t)| t.clone())
            .unwrap()
    };
    let legal_a = token("unit_legal", "unit_a");

    // Unit A's dossier, with a machine defect to decide on.
    if crate::support::generated_fixtures().is_none() {
        eprintln!("NOTICE: no generated fixtures (scripts/test.sh makes them): matrix test skipped");
        return;
    }
    let (pdf, _) = crate::helpers::dossier_pdf();
    let up = app
        .upload(&token("officer", "unit_a"), "A-1", "a.pdf", &pdf)
        .await;
    let dossier = up.json["id"].as_i64().unwrap();
    let checked = app.wait_checked(&legal_a, dossier).await;
    let defect = checked["defects"][0]["id"]
        .as_i64()
        .expect("the fixture has a defect");
    let f = Fixture { dossier, defect };
    let mut n = 0;
    let mut failures = Vec::new();
    for e in ENDPOINTS {
        let (status, _) = call(&app, None, e, &f, n).await;
        if status != StatusCode::UNAUTHORIZED {
            failures.push(format!("{e:?} without a session: {status}"));
        }
        for (role, unit, tok) in tokens.clone() {
            n += 1;
            let same = unit == "unit_a";
            prepare(&app, &legal_a, &f, e).await;
            let (status, listed) = call(&app, Some(&tok), e, &f, n).await;
            let want = expected(role, same, e);
            if status != want {
                failures.push(format!("{e:?} as {role} of {unit}: got {status}, want {want}"));
            }
            if e == Endpoint::List && matches!(role, "officer" | "unit_legal") && !same && listed != 0 {
                failures.push(format!("{role} of unit_b lists {listed} dossiers of unit_a"));
            }
            reset(&app, &legal_a, &f, e, status).await;
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The unit-wide time conflict (`timing.unit_overlap`): an investigator in transcripts of two
//! cases of one unit at overlapping times is found when the second is checked — not across
//! units, not for ranges that only touch, not against a version since superseded — on SQLite
//! and on PostgreSQL.

use dossier::store::Backend;
use hyper::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app_with};
use crate::support::{PageContent, pdf};

/// A one-page dossier: one interrogation record of `subject` from `start` to `end` (「H时M分」
/// on 2024-03-05) by 张建国 and `partner`, recorded by 王芳.
fn transcript(subject: &str, start: &str, end: &str, partner: &str) -> Vec<u8> {
    let time = format!("时间：2024年3月5日{start}至2024年3月5日{end}");
    let officers = format!("讯问人（签名）：张建国、{partner} 工作单位：城东派出所");
    let person = format!("被讯问人：{subject} 性别：男 年龄：34 出生日期：1990年1月2日");
    let lines = [
        "讯问笔录（第一次）",
        time.as_str(),
        "地点：城东派出所执法办案中心第三讯问室",
        officers.as_str(),
        "记录人（签名）：王芳 工作单位：城东派出所",
        person.as_str(),
        "问：我们是城东派出所的民警，现依法对你进行讯问。",
        "答：知道了。",
        "第1页 共1页",
    ];
    pdf(&[PageContent::Chinese(&lines)])
}

/// Uploads and waits for the check; returns the stored dossier.
async fn checked(app: &TestApp, token: &str, case: &str, bytes: &[u8]) -> Value {
    let r = app.upload(token, case, &format!("{case}.pdf"), bytes).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let d = app.wait_checked(token, r.json["id"].as_i64().unwrap()).await;
    assert_eq!(d["status"], "done", "{d}");
    d
}

/// The dossier's `timing.unit_overlap` defects, as stored (with ids) and as reported.
fn unit_overlaps(d: &Value) -> Vec<Value> {
    let stored: Vec<Value> = d["defects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "timing.unit_overlap")
        .cloned()
        .collect();
    let reported = d["report"]["defects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "timing.unit_overlap")
        .count();
    assert_eq!(stored.len(), reported, "{d}");
    stored
}

async fn an_overlap_across_dossiers_of_one_unit_is_found_after_the_second_upload(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let east = app.user("east", "officer", Some("chengdong")).await;
    let west = app.user("west", "officer", Some("chengxi")).await;

    let first = checked(
        &app,
        &east,
        "C-1",
        &transcript("赵小虎", "10时00分", "11时30分", "李明"),
    )
    .await;
    assert_eq!(
        first["report"]["documents"][0]["fields"]["investigators"][0], "张建国",
        "the test PDF is read as a transcript: {first}"
    );
    assert!(unit_overlaps(&first).is_empty(), "{first}");

    // 张建国 questions another suspect of another case from 11:00: overlaps C-1 by 30 minutes.
    let second = checked(
        &app,
        &east,
        "C-2",
        &transcript("钱大勇", "11时00分", "12时00分", "孙强"),
    )
    .await;
    let found = unit_overlaps(&second);
    assert_eq!(found.len(), 1, "{second}");
    let d = &found[0];
    assert_eq!(d["category"], "time_conflict");
    assert_eq!(d["status"], "open");
    assert_eq!(d["page"], 1);
    assert!(d["message"].as_str().unwrap().contains("张建国"), "{d}");
    assert!(d["evidence"].as_str().unwrap().contains("C-1第1页"), "{d}");
    assert!(d["basis"].as_str().unwrap().contains("第九十条"), "{d}");
    assert!(d["deduction"].as_f64().unwrap() > 0.0);

    // From 12:00, when C-2 ends: the ranges touch, which is lawful.
    let touching = checked(
        &app,
        &east,
        "C-3",
        &transcript("孙二", "12时00分", "13时00分", "周立"),
    )
    .await;
    assert!(unit_overlaps(&touching).is_empty(), "{touching}");

    // Another unit's dossier at the same hour as C-1 and C-2: not the same unit's calendar.
    let elsewhere = checked(
        &app,
        &west,
        "W-1",
        &transcript("吴五", "10时30分", "11时15分", "郑六"),
    )
    .await;
    assert!(unit_overlaps(&elsewhere).is_empty(), "{elsewhere}");

    // C-1 re-submitted with its time corrected to 8:00–9:30: its first version no longer
    // counts, so a new case at 9:45 conflicts with nothing in this unit.
    let corrected = checked(
        &app,
        &east,
        "C-1",
        &transcript("赵小虎", "8时00分", "9时30分", "李明"),
    )
    .await;
    assert_eq!(corrected["version"], 2, "{corrected}");
    assert!(unit_overlaps(&corrected).is_empty(), "{corrected}");
    let later = checked(
        &app,
        &east,
        "C-4",
        &transcript("冯七", "9时45分", "10时45分", "陈八"),
    )
    .await;
    assert!(unit_overlaps(&later).is_empty(), "{later}");
}

#[tokio::test]
async fn an_overlap_across_dossiers_of_one_unit_is_found_after_the_second_upload_on_sqlite() {
    an_overlap_across_dossiers_of_one_unit_is_found_after_the_second_upload(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_overlap_across_dossiers_of_one_unit_is_found_after_the_second_upload_on_postgres() {
    an_overlap_across_dossiers_of_one_unit_is_found_after_the_second_upload(Backend::Postgres).await;
}

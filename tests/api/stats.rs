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

/// The JSON field behind each count column of an export sheet, in column order.
const COUNT_FIELDS: [&str; 12] = [
    "dossiers",
    "flagged",
    "added",
    "confirmed",
    "rejected",
    "open",
    "rectified",
    "unrectified",
    "deduction",
    "average_deduction",
    "score",
    "false_flag_rate",
];

const COUNT_HEADERS: [&str; 12] = [
    "检查案卷数",
    "机器标记",
    "人工补充",
    "确认",
    "驳回",
    "待审",
    "已整改",
    "未整改",
    "扣分合计",
    "案均扣分",
    "百分制得分",
    "误报率",
];

/// The XLSX export read back by a spreadsheet reader (calamine): one sheet per view under its
/// Chinese name and headers, and every count, deduction, average, score and rate a numeric
/// cell equal to what `GET /api/stats` says of the same month, an empty cell where it says
/// null.
#[tokio::test]
async fn the_xlsx_export_has_a_sheet_per_view_whose_figures_are_numeric_cells_equal_to_the_json() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    let app = spawn_app().await;
    let mut data = month(2, 5);
    // A rejected and an open flag, so that rates and several columns are not all zero.
    for (status, k) in [("rejected", 10), ("open", 11)] {
        let mut d = data[0].defects[0].clone();
        d.status = status;
        d.updated_at_ms += k;
        data[0].defects.push(d);
    }
    app.store.seed(&data).await.unwrap();
    let leader = app.user("leader", "leader", None).await;
    let json = app.get("/api/stats?month=2026-10", Some(&leader)).await.json;
    let xlsx = app
        .get("/api/stats/export?month=2026-10&format=xlsx", Some(&leader))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes.to_vec()))
        .expect("the export opens as an XLSX workbook");

    // (sheet, the key columns' headers, the JSON rows it shows, whether it ends with 红牌)
    let totals = vec![json["totals"].clone()];
    let list = |key: &str| json[key].as_array().cloned().unwrap_or_default();
    let sheets: [(&str, &[&str], Vec<serde_json::Value>, bool); 8] = [
        ("汇总", &["月份"], totals, false),
        ("单位", &["单位代码", "单位"], list("units"), false),
        ("民警", &["单位代码", "单位", "主办民警"], list("officers"), true),
        ("类别", &["类别代码", "类别"], list("categories"), false),
        ("规则", &["规则", "类别"], list("rules"), false),
        ("初次与二次送评", &["送评"], list("passes"), false),
        ("红牌", &["单位代码", "单位", "主办民警"], list("red_cards"), true),
        ("趋势", &["月份"], list("trend"), false),
    ];
    assert_eq!(
        book.sheet_names(),
        sheets.iter().map(|s| s.0.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(list("trend").len(), 12);
    assert!(!list("red_cards").is_empty(), "U2's officer averages 5 points");
    let mut numbers = 0;
    for (sheet, keys, rows, red_card_column) in &sheets {
        let range = book.worksheet_range(sheet).expect(sheet);
        let mut headers: Vec<&str> = keys.iter().chain(COUNT_HEADERS.iter()).copied().collect();
        if *red_card_column {
            headers.push("红牌");
        }
        for (col, want) in headers.iter().enumerate() {
            assert_eq!(
                range.get_value((0, col as u32)),
                Some(&Data::String(want.to_string())),
                "{sheet}: header {col}"
            );
        }
        assert_eq!(range.height(), rows.len() + 1, "{sheet}: a line per JSON row");
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (j, field) in COUNT_FIELDS.iter().enumerate() {
                let col = (keys.len() + j) as u32;
                let cell = range.get_value((r, col));
                let what = format!("{sheet} row {r} {field}");
                match row[*field].as_f64() {
                    None => {
                        assert!(row[*field].is_null(), "{what}: {}", row[*field]);
                        assert!(matches!(cell, None | Some(Data::Empty)), "{what}: {cell:?}");
                    }
                    Some(want) => {
                        let got = match cell {
                            Some(Data::Float(v)) => *v,
                            Some(Data::Int(v)) => *v as f64,
                            other => panic!("{what} is not a number: {other:?}"),
                        };
                        assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");
                        numbers += 1;
                    }
                }
            }
        }
    }
    assert!(numbers > 100, "{numbers} numeric cells compared");
}

//! `fields.blank_header` over small synthetic transcripts: a printed header label left
//! blank is flagged on the first page at the label; a struck-out item, a hand-signed officer
//! slot and a label the form does not print are not.

use super::*;
use crate::geom::Rect;
use crate::page::Page;
use crate::page_testkit::{after, page, signature_image};
use crate::structure::structure;

const TIME: &str = "时间：2024年3月5日10时20分至2024年3月5日11时40分";
const PLACE: &str = "地点：城东派出所办案区第二讯问室";
const OFFICERS: &str = "讯问人：张建国、李明 工作单位：城东派出所";
const RECORDER: &str = "记录人：李明";
const SUBJECT: &str = "被讯问人：赵小虎 性别：男";

/// A one-page 讯问笔录 (on page 2, after a cover page) with the given header lines.
fn transcript(header: &[&str]) -> Page {
    let mut lines = vec!["讯问笔录（第一次）"];
    lines.extend_from_slice(header);
    lines.extend_from_slice(&["问：你的基本情况？", "答：我叫赵小虎。", "第1页 共1页"]);
    page(2, &lines)
}

fn blank_fields(first: Page) -> Vec<(String, usize, String)> {
    let cover = page(1, &["卷宗封面", "案件名称：赵小虎盗窃案"]);
    let d = structure(vec![cover, first]);
    run(&d, &RuleConfig::default())
        .into_iter()
        .filter(|d| d.rule == "fields.blank_header")
        .map(|d| (d.rule, d.page, d.message))
        .collect()
}

#[test]
fn a_complete_header_has_no_blank_field() {
    let p = transcript(&[TIME, PLACE, OFFICERS, RECORDER, SUBJECT]);
    assert_eq!(blank_fields(p), []);
}

#[test]
fn a_blank_place_is_flagged_at_its_label() {
    let p = transcript(&[TIME, "地点：", OFFICERS, RECORDER, SUBJECT]);
    assert_eq!(
        blank_fields(p),
        [(
            "fields.blank_header".to_string(),
            2,
            "第2页讯问笔录「地点」一栏未填写".to_string()
        )]
    );
}

#[test]
fn a_blank_place_in_underscores_is_flagged_with_the_label_box() {
    let p = transcript(&[TIME, "地点：______________", OFFICERS, RECORDER, SUBJECT]);
    let cover = page(1, &["卷宗封面"]);
    let d = structure(vec![cover, p]);
    let defects: Vec<_> = run(&d, &RuleConfig::default())
        .into_iter()
        .filter(|d| d.rule == "fields.blank_header")
        .collect();
    assert_eq!(defects.len(), 1);
    let label = after(&d.pages[1], "地点", 0.0);
    // The box is the label's: it ends where the label does.
    assert!((defects[0].bbox[2] * 595.0 - (label.x0 - 4.0)).abs() < 1.0);
    assert_eq!(defects[0].category, crate::defect::Category::MissingField);
}

#[test]
fn a_blank_end_time_is_flagged() {
    let p = transcript(&[
        "时间：2024年3月5日10时20分至    年  月  日  时  分",
        PLACE,
        OFFICERS,
        RECORDER,
        SUBJECT,
    ]);
    assert_eq!(
        blank_fields(p),
        [(
            "fields.blank_header".to_string(),
            2,
            "第2页讯问笔录「时间（止）」一栏未填写".to_string()
        )]
    );
}

#[test]
fn a_blank_end_in_the_zi_qi_zhi_form_is_flagged() {
    // 「自…起至…止」: the printed 止 closes the empty end.
    let p = transcript(&[
        "起止时间：自2024年3月5日10时20分起至    年  月  日  时  分止",
        PLACE,
        OFFICERS,
        RECORDER,
        SUBJECT,
    ]);
    let found = blank_fields(p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("（止）"), "{found:?}");
}

#[test]
fn on_a_scan_a_blank_field_is_flagged_but_not_one_holding_ink_ocr_did_not_read() {
    let mut p = transcript(&[TIME, PLACE, OFFICERS, "记录人：        工作单位：同上", SUBJECT]);
    crate::page_testkit::scanned(std::slice::from_mut(&mut p));
    let found = blank_fields(p.clone());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, "第2页讯问笔录「记录人」一栏未填写");
    // The recorder's name written by hand and not read: ink in the value's area.
    let a = after(&p, "记录人：", 40.0);
    p.strokes.extend(crate::page_testkit::signature_strokes(Rect::new(
        a.x0 + 2.0,
        a.y0 + 7.0,
        a.x1,
        a.y1 - 5.0,
    )));
    assert_eq!(blank_fields(p), []);
}

#[test]
fn on_a_scan_the_blobs_where_a_tables_rules_cross_are_no_value() {
    let mut p = transcript(&[TIME, PLACE, OFFICERS, "记录人：        工作单位：同上", SUBJECT]);
    crate::page_testkit::scanned(std::slice::from_mut(&mut p));
    // What the rule lines leave at the empty cell's two ends: 3 and 2 segments (seed 2042
    // s025 p9).
    let a = after(&p, "记录人：", 40.0);
    let blob = |x0: f32, segments: u32| crate::page::Stroke {
        bbox: Rect::new(x0, a.y0 + 4.0, x0 + 12.0, a.y1 - 4.0),
        freeform: true,
        segments,
        color: [0.1, 0.1, 0.15],
    };
    p.strokes.extend([blob(a.x0 + 2.0, 3), blob(a.x1 - 14.0, 2)]);
    assert_eq!(blank_fields(p.clone()).len(), 1);
    // One character written there is a value.
    p.strokes.push(blob(a.x0 + 20.0, 9));
    assert_eq!(blank_fields(p), []);
}

#[test]
fn the_next_rows_garbled_label_does_not_continue_a_blank_value() {
    let p = transcript(&[
        TIME,
        PLACE,
        OFFICERS,
        "记录人：        工作单位：同上",
        "被询问: “性别:男",
    ]);
    let found = blank_fields(p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "第2页讯问笔录「记录人」一栏未填写");
}

#[test]
fn a_struck_out_item_is_not_blank() {
    for struck in ["地点：/", "地点：——", "地点：无"] {
        let p = transcript(&[TIME, struck, OFFICERS, RECORDER, SUBJECT]);
        assert_eq!(blank_fields(p), [], "{struck}");
    }
}

#[test]
fn an_investigator_signed_by_hand_in_the_header_is_not_blank() {
    let mut p = transcript(&[
        TIME,
        PLACE,
        "讯问人（签名）：              工作单位：城东派出所",
        RECORDER,
        SUBJECT,
    ]);
    let a = after(&p, "讯问人（签名）：", 80.0);
    p.images.push(signature_image(a));
    assert_eq!(blank_fields(p), []);
}

#[test]
fn an_unsigned_blank_investigator_is_flagged() {
    let p = transcript(&[
        TIME,
        PLACE,
        "讯问人（签名）：              工作单位：城东派出所",
        RECORDER,
        SUBJECT,
    ]);
    let found = blank_fields(p);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, "第2页讯问笔录「讯问人」一栏未填写");
}

#[test]
fn a_header_without_a_place_label_is_not_flagged() {
    let p = transcript(&[TIME, OFFICERS, RECORDER, SUBJECT]);
    assert_eq!(blank_fields(p), []);
}

#[test]
fn a_value_in_the_level_line_of_a_wrapped_cell_is_not_blank() {
    let mut p = transcript(&[TIME, PLACE, "", RECORDER, SUBJECT]);
    // 「询问民警（签」 / 「名）」 around the value 「张建国」, level with the label.
    p.lines
        .push(crate::page_testkit::line_at(72.0, 132.0, "讯问民警（签"));
    p.lines
        .push(crate::page_testkit::line_at(200.0, 134.0, "张建国 李明"));
    p.lines.push(crate::page_testkit::line_at(72.0, 146.0, "名）"));
    p.lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    assert_eq!(blank_fields(p), []);
}

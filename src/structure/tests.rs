//! Splitting pages into documents.

use super::*;
use crate::page_testkit::page;

fn kinds(d: &Dossier) -> Vec<(DocKind, usize, usize)> {
    d.documents
        .iter()
        .map(|d| (d.kind, d.first_page, d.last_page))
        .collect()
}

#[test]
fn splits_by_title_and_keeps_continuation_pages() {
    let pages = vec![
        page(1, &["刑 事 案 件 卷 宗", "案件名称：赵小虎盗窃案"]),
        page(2, &["卷内文件目录", "1 受案登记表 3", "2 讯问笔录 4-5"]),
        page(3, &["受案登记表", "报案人：……"]),
        page(
            4,
            &[
                "讯问笔录",
                "时间：2024年3月5日10时20分至11时",
                "问：……",
                "第1页 共2页",
            ],
        ),
        page(5, &["答：……", "第2页 共2页"]),
        page(6, &["询问笔录", "问：……", "第1页 共1页"]),
    ];
    let d = structure(pages);
    assert_eq!(
        kinds(&d),
        [
            (DocKind::CaseCover, 1, 1),
            (DocKind::TableOfContents, 2, 2),
            (DocKind::CaseAcceptance, 3, 3),
            (DocKind::InterrogationRecord, 4, 5),
            (DocKind::InquiryRecord, 6, 6),
        ]
    );
}

#[test]
fn a_repeated_title_on_a_numbered_continuation_page_does_not_split() {
    let pages = vec![
        page(1, &["讯问笔录", "问：……", "第1页 共2页"]),
        page(2, &["讯问笔录", "答：……", "第2页 共2页"]),
        page(3, &["讯问笔录", "问：……", "第1页 共1页"]),
    ];
    assert_eq!(
        kinds(&structure(pages)),
        [
            (DocKind::InterrogationRecord, 1, 2),
            (DocKind::InterrogationRecord, 3, 3)
        ]
    );
}

#[test]
fn an_untitled_page_numbered_one_starts_a_new_document() {
    let pages = vec![
        page(1, &["讯问笔录", "问：……", "第1页 共1页"]),
        page(2, &["某某情况说明", "……", "第1页 共1页"]),
    ];
    assert_eq!(
        kinds(&structure(pages)),
        [(DocKind::InterrogationRecord, 1, 1), (DocKind::Other, 2, 2)]
    );
}

#[test]
fn the_shared_form_is_typed_by_its_subject_label() {
    let pages = vec![page(1, &["询问/讯问笔录", "被讯问人：赵小虎", "问：……"])];
    assert_eq!(kinds(&structure(pages)), [(DocKind::InterrogationRecord, 1, 1)]);
}

#[test]
fn a_title_whose_first_character_ocr_garbled_is_typed_by_its_header() {
    let pages = vec![
        page(1, &["俩问笔录", "被讯问人：石涛", "问：……", "第1页 共1页"]),
        page(2, &["询问笔录", "被询问人：张三", "问：……", "第1页 共1页"]),
    ];
    assert_eq!(
        kinds(&structure(pages)),
        [
            (DocKind::InterrogationRecord, 1, 1),
            (DocKind::InquiryRecord, 2, 2)
        ]
    );
}

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
fn a_page_numbered_past_its_total_after_a_finished_document_opens_the_next() {
    let pages = vec![
        page(1, &["讯问笔录", "被讯问人：赵小虎", "问：……", "第1页 共3页"]),
        page(2, &["答：……", "第2页 共3页"]),
        page(3, &["答：……", "第3页 共3页"]),
        // The title garbled, 第1页 read 第4页.
        page(4, &["可笔录", "问：……", "第4页 共2页"]),
        page(5, &["答：……", "第2页 共2页"]),
    ];
    let d = structure(pages);
    assert_eq!(
        kinds(&d),
        [(DocKind::InterrogationRecord, 1, 3), (DocKind::Other, 4, 5)]
    );
    assert_eq!(d.documents[1].page_numbers.first().map(|n| n.index), Some(1));
    // Within an unfinished document the same footer is the document's own (a wrong total,
    // a defect of its own).
    let pages = vec![
        page(1, &["讯问笔录", "被讯问人：赵小虎", "问：……", "第1页 共3页"]),
        page(2, &["答：……", "第2页 共3页"]),
        page(3, &["答：……", "第4页 共2页"]),
    ];
    assert_eq!(kinds(&structure(pages)), [(DocKind::InterrogationRecord, 1, 3)]);
}

#[test]
fn a_scanned_footer_misread_in_a_doubtful_digit_is_not_read() {
    // 「第2页/共3页」 with 页 read as 5 at 0.92 (seed 2048 s002 p11); 「第3页 共3页」 with the
    // total read 5 at 0.91 (seed 2049 s006 p11).
    let numbers = |middle: &str, conf: f32| {
        let mut pages = vec![
            page(1, &["讯问笔录", "被讯问人：赵小虎", "问：……", "第1页 共3页"]),
            page(2, &["答：……", middle]),
            page(3, &["答：……", "第3页 共3页"]),
        ];
        crate::page_testkit::scanned(&mut pages);
        for g in pages[1].lines[1].glyphs.iter_mut() {
            g.conf = if g.ch.is_ascii_digit() { conf } else { 0.99 };
        }
        let d = structure(pages);
        d.documents[0]
            .page_numbers
            .iter()
            .map(|n| (n.page, n.index, n.total))
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers("第25/共3页", 0.92), [(1, 1, 3), (3, 3, 3)]);
    assert_eq!(numbers("第2页 共5页", 0.91), [(1, 1, 3), (3, 3, 3)]);
    // Read sure, the same footers are the document's own, defects to report.
    assert_eq!(numbers("第25/共3页", 0.99), [(1, 1, 3), (2, 25, 3), (3, 3, 3)]);
    // A number within the total is kept however it was read: a page torn out or a page
    // numbered twice reads so.
    assert_eq!(numbers("第3页 共3页", 0.91), [(1, 1, 3), (2, 3, 3), (3, 3, 3)]);
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

#[test]
fn a_garbled_titles_transcript_is_an_interrogation_by_its_own_labels() {
    let pages = vec![
        // The subject's label with 人 lost.
        page(1, &["俩问笔录", "被讯问 性别男", "问：……", "第1页 共1页"]),
        // No subject's label read; the place's and officers' labels are an interrogation's.
        page(
            2,
            &[
                "俩问笔录",
                "讯问地点 某派出所办公室",
                "讯问民警 胡强、张亮",
                "问：……",
                "第1页 共1页",
            ],
        ),
        // An inquiry's labels beside: the shared form, undecided, stays an inquiry.
        page(
            3,
            &[
                "俩问笔录",
                "讯问地点 某派出所",
                "询问人 胡强、张亮",
                "问：……",
                "第1页 共1页",
            ],
        ),
        page(
            4,
            &["询问/讯问笔录", "被讯问/询问人：赵小虎", "问：……", "第1页 共1页"],
        ),
    ];
    assert_eq!(
        kinds(&structure(pages)),
        [
            (DocKind::InterrogationRecord, 1, 1),
            (DocKind::InterrogationRecord, 2, 2),
            (DocKind::InquiryRecord, 3, 3),
            (DocKind::InquiryRecord, 4, 4)
        ]
    );
}

#[test]
fn a_transcript_whose_title_and_subject_ocr_garbled_is_an_interrogation_by_its_questions() {
    // Seed 2062 s034 p8: 「房问笔录」, the subject's label read 「被: 性:」.
    let transcript = |asks: [&str; 2]| {
        let pages = vec![page(
            1,
            &[
                "房问笔录",
                "地点: 南通市公安局通州区分局花园派出所民警办公室",
                "侦查员(签名):沈伟、付阳明",
                "被: 性: 年;55",
                asks[0],
                "答: 听清楚。",
                asks[1],
                "答: 我看过了， 清楚。",
                "第1页 共2页",
            ],
        )];
        kinds(&structure(pages))[0].0
    };
    assert_eq!(
        transcript([
            "问; 我们是刑事侦查大队的侦查员，今天依法对你进行讯问，明白吗?",
            "问: 你对今天讯问你的侦查人员和记录人是否申请回避?",
        ]),
        DocKind::InterrogationRecord
    );
    // Questions that speak of an inquiry too, or one 讯 OCR may have made of 询: an inquiry.
    assert_eq!(
        transcript([
            "问; 我们是刑事侦查大队的侦查员，今天依法对你进行询问，明白吗?",
            "问:你对今天讯问你的侦查人员是否申请回避?",
        ]),
        DocKind::InquiryRecord
    );
    assert_eq!(
        transcript([
            "问; 今天依法对你进行讯问，明白吗?",
            "问:这是《证人诉讼权利义务告知书》，你能看懂吗?"
        ]),
        DocKind::InquiryRecord
    );
}

#[test]
fn a_record_titled_legibly_enough_with_a_questioning_label_is_a_transcript_without_officers() {
    // The officers' label garbled and their names lost.
    let header = |title: &'static str, place: &'static str, officers: &'static str| {
        page(
            1,
            &[
                title,
                "时间 2024年2月20日14时54分至2024年2月20日16时52分",
                place,
                officers,
                "问：……",
                "第1页 共1页",
            ],
        )
    };
    let d = structure(vec![header(
        "起加笔录",
        "讯问地点 绵阳市第一人民医院住院部882病房",
        "讯问民警(，茹。 。 。",
    )]);
    assert_eq!(kinds(&d), [(DocKind::InterrogationRecord, 1, 1)]);
    // One of the title's two characters lost (seed 2059 s020 p8: 「可笔录」), the officers'
    // names read as their garbled signatures.
    let d = structure(vec![header(
        "可笔录",
        "地点:浙江省绍兴市越城区建设路566号",
        "讯问人(签名):次新磊交新各、复",
    )]);
    assert_eq!(kinds(&d), [(DocKind::InterrogationRecord, 1, 1)]);
    // An identification record has no questioning label: not a transcript.
    let d = structure(vec![header(
        "辨认笔录",
        "辨认地点 城东派出所",
        "辨认人(，茹。 。 。",
    )]);
    assert_eq!(kinds(&d), [(DocKind::Other, 1, 1)]);
}

#[test]
fn a_transcript_whose_title_ocr_garbled_past_any_pattern_is_known_by_its_header() {
    // A notice without page numbers, then a transcript whose title OCR read as 「了和讯加笔录」:
    // its header (time range, officers, place, the person questioned) starts it all the same.
    let notice = || page(1, &["犯罪嫌疑人诉讼权利义务告知书", "根据……", "被告知人：赵小虎"]);
    // The notice, then a transcript of two pages whose first page starts with `header`.
    let typed = |header: &[&str]| {
        let mut first = header.to_vec();
        first.extend(["问：……", "第1页 共2页"]);
        kinds(&structure(vec![
            notice(),
            page(2, &first),
            page(3, &["答：……", "第2页 共2页"]),
        ]))
    };
    let started = [
        (DocKind::RightsNotice, 1, 1),
        (DocKind::InterrogationRecord, 2, 3),
    ];
    assert_eq!(
        typed(&[
            "了和讯加笔录",
            "讯问时间2024年3月5日10时20分至11时40分",
            "讯问地点 XX市公安局执法办案中心第三讯问室",
            "讯问民警（签名）：王五、李四 工作单位 XX派出所",
            "记录人（签名）：李四",
            "犯罪嫌疑人 赵小虎 性别 男",
        ]),
        started
    );
    // The same with the range's end garbled too (「孔回笔录」, 「至2016年6月27晶545分」): the
    // start, the officers and the place still make a header.
    assert_eq!(
        typed(&[
            "孔回笔录",
            "时间 2016年6月27日4时30分至2016年6月27晶545分",
            "地点 洛阳市看守所讯问室",
            "讯问民警（签名） 方海成、高志 工作单位 洛阳市公安局洛龙区分局刑侦大队",
            "记录员（签名） 高志 工作单位 同上",
            "被讯问人 贺超 性别 男",
        ]),
        started
    );
    // The date's marks lost too (「自2024126日11时53分」: 2024-12-06 or 2024-01-26, seed 2056
    // s039 p7) under a title still legible as a record: the officers, the place and the
    // questioning label OCR left (「讯问民 。」) make the header.
    let unread_time = |title: &'static str| {
        typed(&[
            title,
            "起 。 自2024126日11时53分起至 同日14时35",
            "地点 保定市公安局莲池区分局执法办案中心5号讯问室，",
            "“ 讯问民 。 蔡宁斌、毛红云 工作单位 保定市公安局莲池区分局",
            "记录人 毛红云 工作单位 同上",
            "” 被讯问人 邹林德 性别 男 年龄 46",
        ])
    };
    assert_eq!(unread_time("讯回笔永"), started);
    // 录 read as two characters, the month of both times lost (seed 2072 s008 p13: a victim's
    // inquiry taken for the last pages of the suspect's first interrogation before it, whose
    // missing notification exchange then went unflagged).
    assert_eq!(
        typed(&[
            "询问 笔了未",
            "询问时间2017年?月29日23时8分至2017年?月30日0时0分",
            "地点绍兴市公安局上虞区分局解放路派出所询问室",
            "询问民警:奢阳鹏、王婷",
            "工作单位 绍兴市公安局上虞区分局刑侦大队",
            "被询问人汪艳 性别女 年龄35",
        ]),
        [(DocKind::RightsNotice, 1, 1), (DocKind::InquiryRecord, 2, 3),]
    );
    // The place left blank and the subject's label garbled (「犯罪嫌疑“许」, seed 2065 s006
    // p11, title 「人蕊问毛录」): the subject's ID number stands for the person questioned.
    let unread_subject = |id_line: &'static str| {
        typed(&[
            "人蕊问毛录",
            "讯问时间 2026年04月03日05时40分至06时56分",
            "地点",
            "侦查员 任波奢、郭雷文 工作单位 南通市公安局通州区分局",
            "记录员 郭雷文 工作单位 同上",
            "犯罪嫌疑“许 性别 女 年龄 46",
            id_line,
        ])
    };
    assert_eq!(unread_subject("出生日期 1979-12-02 320612197912025660"), started);
    assert_eq!(
        unread_subject("出生日期 1979-12-02"),
        [(DocKind::RightsNotice, 1, 3)]
    );
    // Without a title legible as a record, an unread time leaves the page to the notice.
    assert_eq!(unread_time("讯回"), [(DocKind::RightsNotice, 1, 3)]);
    // A page of questions and answers that merely mentions a time and an officer starts
    // nothing: the header is what is above the first question.
    let pages = vec![
        notice(),
        page(
            2,
            &[
                "问：你何时到的？",
                "答：时间2024年3月5日10时20分至11时40分，侦查员：王五在场。",
                "地点：派出所",
            ],
        ),
    ];
    assert_eq!(kinds(&structure(pages)), [(DocKind::RightsNotice, 1, 2)]);
}

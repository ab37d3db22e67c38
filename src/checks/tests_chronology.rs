//! The case's milestones against its transcripts: questioned before the report came in, or
//! after the summoned person had left — each with the lawful near-miss beside it.

use super::*;
use crate::page::Page;
use crate::page_testkit::page;
use crate::structure::structure;

fn dossier(parts: Vec<Vec<Page>>) -> Dossier {
    let mut pages: Vec<Page> = parts.into_iter().flatten().collect();
    for (i, p) in pages.iter_mut().enumerate() {
        p.number = i + 1;
    }
    structure(pages)
}

fn found(d: &Dossier, rule: &str) -> Vec<usize> {
    run(d, &RuleConfig::default())
        .into_iter()
        .filter(|x| x.rule == rule)
        .map(|x| x.page)
        .collect()
}

const BEFORE: &str = "timing.before_report";
const AFTER: &str = "timing.after_leaving";

/// A 受案登记表 whose time row reads `row` (label and value, as a table row reads).
fn acceptance(row: &str) -> Vec<Page> {
    vec![page(
        1,
        &[
            "受案登记表",
            "报案人 钱七 性别 男 出生日期 1980年1月2日",
            "报案方式 110指令",
            row,
            "接报地点 城东派出所",
            "简要案情 报案人称其电动车被盗。",
        ],
    )]
}

/// A one-page transcript of 赵小虎 over `time`, with extra header lines.
fn transcript(title: &str, time: &str, header: &[&str]) -> Vec<Page> {
    let t = format!("时间：{time}");
    let label = if title == "讯问笔录" {
        "被讯问人"
    } else {
        "被询问人"
    };
    let s = format!("{label}：赵小虎 性别：男 出生日期：1990年1月2日");
    let mut lines: Vec<&str> = vec![
        title,
        &t,
        "地点：城东派出所办案区第二讯问室",
        "讯问人：张建国、李明 记录人：李明",
        &s,
    ];
    lines.extend_from_slice(header);
    lines.extend_from_slice(&["问：你的基本情况？", "答：如上。", "第1页 共1页"]);
    vec![page(1, &lines)]
}

fn summons(arrive: &str, leave: &str) -> Vec<Page> {
    let a = format!("被传唤人到达时间：{arrive} 被传唤人：");
    let l = format!("被传唤人离开时间：{leave} 被传唤人：");
    vec![page(
        1,
        &[
            "传唤证",
            "根据《中华人民共和国刑事诉讼法》第一百一十九条之规定，兹传唤涉嫌盗窃的犯罪嫌疑人赵小虎（性别男，出生日期1990年1月2日）于2024年3月5日9时00分到城东派出所办案区接受讯问。",
            &a,
            &l,
        ],
    )]
}

#[test]
fn a_transcript_before_the_report_came_in_is_a_conflict() {
    let d = dossier(vec![
        acceptance("接报时间 2024年3月5日8时20分"),
        transcript("询问笔录", "2024年3月4日15时00分至2024年3月4日15时40分", &[]),
        transcript("询问笔录", "2024年3月5日8时20分至2024年3月5日9时00分", &[]),
    ]);
    assert_eq!(found(&d, BEFORE), vec![2]);
    let defect = run(&d, &RuleConfig::default())
        .into_iter()
        .find(|x| x.rule == BEFORE)
        .unwrap();
    assert_eq!(defect.category, Category::TimeConflict);
    assert!(
        defect.message.contains("2024年3月5日8时20分"),
        "{}",
        defect.message
    );
}

#[test]
fn a_report_whose_time_no_clock_shows_still_gives_its_day() {
    // Seed 2059 s013 p3: 21时46分 read 「24时46分」. The day still stands: a transcript on an
    // earlier day came before the report, one on the same day may not have.
    let with = |time: &str| {
        dossier(vec![
            acceptance("接报时间 2023年12月31日24时46分"),
            transcript("询问笔录", time, &[]),
        ])
    };
    let d = with("2023年12月26日10时00分至2023年12月26日10时51分");
    assert_eq!(found(&d, BEFORE), vec![2]);
    let defect = run(&d, &RuleConfig::default())
        .into_iter()
        .find(|x| x.rule == BEFORE)
        .unwrap();
    assert!(
        defect.message.contains("接报案时间2023年12月31日，"),
        "{}",
        defect.message
    );
    assert!(found(&with("2023年12月31日10时00分至2023年12月31日10时51分"), BEFORE).is_empty());
}

#[test]
fn on_a_scan_a_report_whose_clock_ocr_doubted_dates_no_transcript_of_that_day() {
    // Seed 2082 s004 p3: 「11时10分」 read 「14时10分」, the 4 at 0.91, set a transcript begun
    // at 11:44 before the report. A transcript a day before it still came first.
    let report = "报案方式110指令 接报时间 2020年2月5日14时10分";
    let found_with = |time: &str, four: f32| {
        let mut pages = acceptance(report);
        pages.extend(transcript("询问笔录", time, &[]));
        crate::page_testkit::scanned(&mut pages);
        crate::page_testkit::read_unsurely(&mut pages, "接报时间", |c| if c == '4' { four } else { 0.99 });
        found(&dossier(vec![pages]), BEFORE)
    };
    let same_day = "2020年2月5日11时44分至2020年2月5日12时34分";
    assert!(found_with(same_day, 0.91).is_empty());
    assert_eq!(found_with(same_day, 0.99), vec![2]);
    assert_eq!(
        found_with("2020年2月4日11时44分至2020年2月4日12时34分", 0.91),
        vec![2]
    );
}

#[test]
fn report_labels_are_read_in_their_several_wordings() {
    for row in [
        "报案时间：2024年3月5日8时20分",
        "接警时间 2024-03-05 08:20",
        "接报时 2024年3月5日8时20分",
    ] {
        let d = dossier(vec![
            acceptance(row),
            transcript("询问笔录", "2024年3月5日8时00分至2024年3月5日8时40分", &[]),
        ]);
        assert_eq!(found(&d, BEFORE), vec![2], "{row}");
    }
}

#[test]
fn the_registration_time_only_counts_a_day_earlier() {
    // The victim questioned on the spot at 8:00, the 受案 registration typed up at 10:00.
    let same_day = dossier(vec![
        acceptance("受案时间 2024年3月5日10时00分"),
        transcript("询问笔录", "2024年3月5日8时00分至2024年3月5日8时40分", &[]),
    ]);
    assert!(found(&same_day, BEFORE).is_empty());
    let day_before = dossier(vec![
        acceptance("受案时间 2024年3月5日10时00分"),
        transcript("询问笔录", "2024年3月4日8时00分至2024年3月4日8时40分", &[]),
    ]);
    assert_eq!(found(&day_before, BEFORE), vec![2]);
}

#[test]
fn the_time_of_the_offence_is_not_the_report() {
    let d = dossier(vec![
        acceptance("发案时间 2024年3月6日20时00分"),
        transcript("询问笔录", "2024年3月5日8时00分至2024年3月5日8时40分", &[]),
    ]);
    assert!(found(&d, BEFORE).is_empty());
}

#[test]
fn questioning_after_the_summoned_suspect_left_is_a_conflict() {
    let d = dossier(vec![
        summons("2024年3月5日9时05分", "2024年3月5日11时00分"),
        transcript("讯问笔录", "2024年3月5日9时30分至2024年3月5日11时30分", &[]),
    ]);
    assert_eq!(found(&d, AFTER), vec![2]);
    let defect = run(&d, &RuleConfig::default())
        .into_iter()
        .find(|x| x.rule == AFTER)
        .unwrap();
    assert!(defect.message.contains("已离开"), "{}", defect.message);
}

#[test]
fn ending_as_the_suspect_leaves_or_on_another_day_is_lawful() {
    let at_leaving = dossier(vec![
        summons("2024年3月5日9时05分", "2024年3月5日11时00分"),
        transcript("讯问笔录", "2024年3月5日9时30分至2024年3月5日11时00分", &[]),
    ]);
    assert!(found(&at_leaving, AFTER).is_empty());
    let another_day = dossier(vec![
        summons("2024年3月5日9时05分", "2024年3月5日11时00分"),
        transcript("讯问笔录", "2024年3月9日9时30分至2024年3月9日11时30分", &[]),
    ]);
    assert!(found(&another_day, AFTER).is_empty());
}

#[test]
fn on_a_scan_a_start_whose_minutes_ocr_read_with_a_digit_too_many_is_in_doubt() {
    // Seed 2059 s034 p9: 11时55分 read 「11时355分」, taken as 11时35分, ten minutes before
    // the arrival at 11时45分.
    let parts = |time: &str| {
        vec![
            summons("2024年3月5日11时45分", "2024年3月5日16时00分"),
            transcript("讯问笔录", time, &[]),
        ]
    };
    let mut garbled = parts("2024年3月5日11时355分至13时43分");
    garbled.iter_mut().for_each(|p| crate::page_testkit::scanned(p));
    assert!(found(&dossier(garbled), AFTER).is_empty());
    // Read whole, the start before the arrival is the conflict, scanned or not.
    assert_eq!(
        found(&dossier(parts("2024年3月5日11时35分至13时43分")), AFTER),
        vec![2]
    );
    let mut read = parts("2024年3月5日11时35分至13时43分");
    read.iter_mut().for_each(|p| crate::page_testkit::scanned(p));
    assert_eq!(found(&dossier(read), AFTER), vec![2]);
}

#[test]
fn the_transcripts_own_arrival_line_bounds_it_too() {
    let d = dossier(vec![transcript(
        "讯问笔录",
        "2024年3月5日9时00分至2024年3月5日11时30分",
        &["（口头传唤的被讯问人于3月5日9时10分到达，3月5日12时0分离开，本人签名：）"],
    )]);
    // Started before the stated arrival, ended inside: questioned before arriving.
    assert_eq!(found(&d, AFTER), vec![1]);
}

#[test]
fn on_a_scan_a_doubt_in_the_year_both_ends_share_does_not_move_them_off_the_arrival_line() {
    // Seed 2066 s018 p5: 「2022年11月8日14时0分至2022年11月8日16时23分」, its first 2 at 0.88,
    // past the leaving at 11月8日15时53分 that the arrival line dates in the same year.
    let read = |unsure: usize| {
        let time = "2024年3月5日9时30分至2024年3月5日12时30分";
        let mut t = transcript(
            "讯问笔录",
            time,
            &["（口头传唤的被讯问人于3月5日9时10分到达，3月5日12时0分离开，本人签名：）"],
        );
        let line = t[0].lines.iter_mut().find(|l| l.text.contains(time)).unwrap();
        let first = line.text.chars().position(|c| c.is_ascii_digit()).unwrap();
        for (i, g) in line.glyphs.iter_mut().enumerate() {
            g.conf = if i == first + unsure { 0.88 } else { 0.99 };
        }
        found(&scanned_dossier(vec![t]), AFTER)
    };
    assert_eq!(read(0), vec![1]);
    // A doubt in the end's hour (its 1, position 24 of the digits and marks) may be the
    // crossing's.
    assert!(read(24).is_empty());
}

#[test]
fn a_witness_is_not_held_to_the_suspects_summons() {
    let d = dossier(vec![
        summons("2024年3月5日9时05分", "2024年3月5日11时00分"),
        transcript(
            "询问笔录",
            "2024年3月5日10时30分至2024年3月5日11时30分",
            &["证人 了解情况"],
        ),
    ]);
    assert!(found(&d, AFTER).is_empty());
}

#[test]
fn on_a_scan_an_arrival_read_before_the_appointed_time_counts_from_that_time() {
    // Appointed for 9时00分; the arrival read as 0时00分 (a digit lost), leaving at 13时.
    let pages = || summons("2024年3月5日0时00分", "2024年3月5日13时00分");
    let duration = "timing.criminal_summons_duration";
    // Typed, the arrival is what happened: thirteen hours.
    assert_eq!(found(&dossier(vec![pages()]), duration), vec![1]);
    let mut scan = pages();
    crate::page_testkit::scanned(&mut scan);
    assert_eq!(found(&dossier(vec![scan]), duration), Vec::<usize>::new());
    // A scanned arrival after the appointed time is the arrival.
    let mut late = summons("2024年3月5日9时30分", "2024年3月5日22时00分");
    crate::page_testkit::scanned(&mut late);
    assert_eq!(found(&dossier(vec![late]), duration), vec![1]);
}

#[test]
fn an_arrival_whose_glued_date_reads_two_ways_counts_from_the_later_reading_before_leaving() {
    // Seed 2069 s027 p6: 「2023年12月7日」 read 「2023127日」 (1月27日 or 12月7日), leaving on
    // 12月8日 at 4时59分: held 15 h 14 min from the later reading, the earlier one no summons.
    let duration = "timing.criminal_summons_duration";
    let with = |leave: &str| {
        let mut pages = summons("2023127日13时45分", leave);
        crate::page_testkit::scanned(&mut pages);
        found(&dossier(vec![pages]), duration)
    };
    assert_eq!(with("2023年12月8日4时59分"), vec![1]);
    // Left the same evening: lawful by the later reading, whatever the earlier would make it.
    assert_eq!(with("2023年12月7日20时10分"), Vec::<usize>::new());
}

#[test]
fn on_a_scan_an_arrival_a_lone_1_of_which_may_be_11_counts_from_the_later_reading() {
    // Seed 2059 s039 p6: 11时35分 read 「1时35分」, leaving at 15时05分, and the appointed
    // time's 接受讯问 under the seal, so no appointed time to count from.
    let duration = "timing.criminal_summons_duration";
    let pages = || {
        vec![page(
            1,
            &[
                "传唤证",
                "兹传唤涉嫌开设赌场的犯罪嫌疑人孔涛于2020年3月15日11时35分到青年路派出所办案区#",
                "被传唤人到达时间，20203月15日1时35分 被，甩",
                "被传唤人离开时间，20203月15日15时5分 议传导人，孔",
            ],
        )]
    };
    // Typed, the arrival is what happened: thirteen and a half hours.
    assert_eq!(found(&dossier(vec![pages()]), duration), vec![1]);
    let mut scan = pages();
    crate::page_testkit::scanned(&mut scan);
    assert_eq!(found(&dossier(vec![scan]), duration), Vec::<usize>::new());
    // A 1 with another digit before it is no lone 1: 21时35分 to 15时05分 the next day.
    let mut long = vec![page(
        1,
        &[
            "传唤证",
            "被传唤人到达时间：2020年3月14日21时35分",
            "被传唤人离开时间：2020年3月15日15时5分",
        ],
    )];
    crate::page_testkit::scanned(&mut long);
    assert_eq!(found(&dossier(vec![long]), duration), vec![1]);
}

#[test]
fn on_a_scan_an_arrival_whose_every_unit_ocr_lost_is_read_from_its_digits() {
    // Seed 2073 s010 p6: 「被传唤人到达时间:201799925」 (2017年9月9日9时25分), left the next
    // morning at 6时58分: twenty-one and a half hours, unread.
    let duration = "timing.criminal_summons_duration";
    let pages = |arrival: &str| {
        let mut p = summons(arrival, "2017910日6时58分");
        crate::page_testkit::scanned(&mut p);
        found(&dossier(vec![p]), duration)
    };
    assert_eq!(pages("201799925"), vec![1]);
    // Digits that split two ways (9月1日5时25分 or 9月10日5时25分) count from the latest
    // reading before the leaving: no summons longer than the digits must make it.
    assert_eq!(pages("2017910525"), Vec::<usize>::new());
}

#[test]
fn a_leaving_time_whose_first_character_ocr_misread_is_read() {
    let duration = "timing.criminal_summons_duration";
    let pages = vec![page(
        1,
        &[
            "传唤证",
            "兹传唤犯罪嫌疑人赵小虎于2024年3月5日9时00分到城东派出所接受讯问。",
            "被传唤人到达时间：2024年3月5日9时00分 被传唤人：",
            "被传唤人见开时间：2024年3月5日22时00分 被传唤人：",
        ],
    )];
    assert_eq!(found(&dossier(vec![pages]), duration), vec![1]);
}

#[test]
fn a_summons_time_whose_label_lost_or_misread_a_word_is_read() {
    // Seeds 2026 s016 p7, 2044 s016 p4, 2049 s016 p6: 「离开时间」 read as 「离开」, its date's
    // 年 and 月 lost; 2049 s007 p4: 「到达时间」 read as 「到这时间」; 2057 s030 p6: as 「被传唤时间」;
    // 2059 s026 p6: 「离开时间」 as 「离时间」.
    let duration = "timing.criminal_summons_duration";
    let summons = |arrival: &str, leaving: &str| {
        vec![page(
            1,
            &[
                "传唤证",
                "兹传唤犯罪嫌疑人赵小虎于2024年6月27日14时35分到城东派出所接受讯问。",
                arrival,
                leaving,
            ],
        )]
    };
    let cases = [
        (
            "被传唤人到达时间:2024年06月27日14时35分 被传唤人:",
            "被传唤人离开:20240628日11时35分 被传唤人;",
        ),
        (
            "被传唤人到这时间 ，2024627日14时35分 被传唤人:",
            "被传唤人离开时间，2024年6月28日11时35分",
        ),
        // Seed 2057 s030 p6: 「人到达」 lost, and every 年 and 月.
        (
            "被传唤时间:2024627日14时35分 被传唤人:",
            "被传唤人离开时间:2024628日11时35分 被传吹人: b9",
        ),
        // Seed 2059 s026 p6: 「离开时间」 read 「离时间;」.
        (
            "被传唤人到达时间:20246月27日14时35分 被传唤人:寺欣莹",
            "被传唤人离时间;20246月28日11时35分 被传唤人: 郝欣莹",
        ),
    ];
    for (arrival, leaving) in cases {
        assert_eq!(
            found(&dossier(vec![summons(arrival, leaving)]), duration),
            vec![1],
            "{arrival} / {leaving}"
        );
    }
    // Within twelve hours, nothing.
    let short = summons(
        "被传唤人到这时间 2024年6月27日14时35分",
        "被传唤人离开:20240627日22时35分",
    );
    assert_eq!(found(&dossier(vec![short]), duration), Vec::<usize>::new());
}

/// `parts` as a scanned dossier's pages.
fn scanned_dossier(mut parts: Vec<Vec<Page>>) -> Dossier {
    for part in &mut parts {
        crate::page_testkit::scanned(part);
    }
    dossier(parts)
}

#[test]
fn on_a_scan_an_hour_read_with_a_digit_too_many_orders_nothing() {
    // Seed 2062 s032 p20: 31日11时0分 read 「31月114时0分」, taken as 14时, after the end at
    // 12时16分.
    let end = "timing.end_before_start";
    let timed = |time: &str| vec![transcript("询问笔录", time, &[])];
    let garbled = "2024年3月31月114时0分至2024年3月31月12时16分";
    assert!(found(&scanned_dossier(timed(garbled)), end).is_empty());
    // Read whole, an end before the start is flagged on a scan too.
    let read = "2024年3月31日14时0分至2024年3月31日12时16分";
    assert_eq!(found(&scanned_dossier(timed(read)), end), vec![1]);
}

#[test]
fn on_a_scan_a_doubt_in_the_year_both_ends_share_orders_nothing_else() {
    // Seed 2065 s010 p6: 「2016年10月28日11时6分至2016年10月28日9时51分」, its first 2 at 0.93
    // and every other digit at 0.99.
    let end = "timing.end_before_start";
    let read = |time: &str, unsure: usize| {
        let mut t = transcript("询问笔录", time, &[]);
        let line = t[0].lines.iter_mut().find(|l| l.text.contains(time)).unwrap();
        let first = line.text.chars().position(|c| c.is_ascii_digit()).unwrap();
        for (i, g) in line.glyphs.iter_mut().enumerate() {
            g.conf = if i == first + unsure { 0.93 } else { 0.99 };
        }
        found(&scanned_dossier(vec![t]), end)
    };
    let backwards = "2016年10月28日11时6分至2016年10月28日9时51分";
    assert_eq!(read(backwards, 0), vec![1]);
    // The doubt in the day (its 8, position 9 of the digits and marks) may be the order's.
    assert!(read(backwards, 9).is_empty());
    // Seed 2064 s009 p13: 「5时34分」 read 「3时34分」 at 0.98, its year's 2 at 0.94: one digit
    // print confuses would set the order right, so the doubt in the year stands.
    assert!(read("2023年11月1日4时40分至2023年11月1日3时34分", 0).is_empty());
}

#[test]
fn on_a_scan_an_eleven_read_as_one_is_no_conflict_where_eleven_fits() {
    // 「11时27分」 read 「1时27分」 (seed 2046 s038 p12): typed, the end is before the start.
    let end = "timing.end_before_start";
    let timed = |time: &str| vec![transcript("询问笔录", time, &[])];
    let eleven = "2015年4月12日10时37分至2015年4月12日1时27分";
    assert_eq!(found(&dossier(timed(eleven)), end), vec![1]);
    assert!(found(&scanned_dossier(timed(eleven)), end).is_empty());
    // Both 11s of 「2022年11月11日」 read as one 1 (seed 2084 s034 p11): the end is the start's
    // day once month and day are both 11.
    let pair = "2022年11月11日9时48分至2022年1月1日11时3分";
    assert_eq!(found(&dossier(timed(pair)), end), vec![1]);
    assert!(found(&scanned_dossier(timed(pair)), end).is_empty());
    // An end in January before a start in January is no November a day after it.
    let january = "2020年1月10日12时55分至2020年1月10日11时35分";
    assert_eq!(found(&scanned_dossier(timed(january)), end), vec![1]);
    // The start's 年 and 月 lost (seed 2052 s010 p6): both ends are still dated.
    let glued = "20250412日10时07分至202504月11日11时52分";
    assert_eq!(found(&scanned_dossier(timed(glued)), end), vec![1]);
    // 「2024年11月10日」 read 「1月10日」 (seed 2050 s025 p10), after a report of 11月7日.
    let reported = |row: &str| {
        vec![
            acceptance(row),
            transcript("询问笔录", "2024年1月10日16时08分至2024年1月10日18时44分", &[]),
        ]
    };
    let november = "受案时间 2024年11月7日15时23分";
    assert_eq!(found(&dossier(reported(november)), BEFORE), vec![2]);
    assert!(found(&scanned_dossier(reported(november)), BEFORE).is_empty());
    // A start a month or more before the report stays early, however its 1 is read.
    let march = "受案时间 2024年3月7日15时23分";
    assert_eq!(found(&scanned_dossier(reported(march)), BEFORE), vec![2]);
    // 「11时05分」 read 「1时05分」 on the arrival line (seed 2047 s015 p5): twelve hours typed,
    // two once the 1 is 11, which still comes before the questioning at 11时20分.
    let duration = "timing.criminal_summons_duration";
    let arrival = |questioned: &str| {
        vec![transcript(
            "讯问笔录",
            questioned,
            &["（口头传唤的被讯问人于5月17日1时05分到达，5月17日13时13分离开，本人签名：）"],
        )]
    };
    let at_11 = "2018年5月17日11时20分至2018年5月17日13时00分";
    assert_eq!(found(&dossier(arrival(at_11)), duration), vec![1]);
    assert!(found(&scanned_dossier(arrival(at_11)), duration).is_empty());
    // Questioned from 2时: the suspect was there before 11时, the arrival is 1时05分.
    let at_2 = "2018年5月17日2时00分至2018年5月17日13时00分";
    assert_eq!(found(&scanned_dossier(arrival(at_2)), duration), vec![1]);
}

#[test]
fn on_a_scan_a_start_read_early_by_a_doubtful_digit_is_no_conflict() {
    // 「2025年08月19日」 read 「05」 with the 5 at 0.92 (seed 2052 s038 p11).
    let parts = |conf: f32| {
        let mut t = transcript("讯问笔录", "2025年05月19日13时12分至14时58分", &[]);
        for g in t[0].lines[1].glyphs.iter_mut() {
            if g.ch == '5' {
                g.conf = conf;
            }
        }
        vec![acceptance("接报时间 2025年8月18日10时52分"), t]
    };
    assert!(found(&scanned_dossier(parts(0.92)), BEFORE).is_empty());
    assert_eq!(found(&scanned_dossier(parts(0.99)), BEFORE), vec![2]);
}

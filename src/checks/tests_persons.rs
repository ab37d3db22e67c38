//! One person's times: a person questioned in two overlapping transcripts, and consecutive
//! summonses of one person — each with the lawful near-misses beside it.

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

fn found(d: &Dossier, config: &RuleConfig, rule: &str) -> Vec<usize> {
    run(d, config)
        .into_iter()
        .filter(|x| x.rule == rule)
        .map(|x| x.page)
        .collect()
}

/// A one-page 讯问笔录 of `subject` by `officers` (the 讯问人 and 记录人 line) over `time`, with extra header and body lines.
fn transcript(time: &str, officers: &str, subject: &str, header: &[&str], body: &[&str]) -> Vec<Page> {
    let t = format!("时间：{time}");
    let s = format!("被讯问人：{subject} 性别：男 出生日期：1990年1月2日");
    let mut lines: Vec<&str> = vec!["讯问笔录", &t, "地点：城东派出所办案区第二讯问室", officers];
    lines.push(&s);
    lines.extend_from_slice(header);
    lines.push("问：你的基本情况？");
    lines.push("答：如上。");
    lines.extend_from_slice(body);
    lines.push("第1页 共1页");
    vec![page(1, &lines)]
}

fn consecutive(d: &Dossier) -> Vec<usize> {
    found(d, &RuleConfig::default(), CONSECUTIVE)
}

const A: &str = "讯问人：张建国、李明 记录人：李明";
const B: &str = "讯问人：王强、刘洋 记录人：刘洋";
const SUBJECT_OVERLAP: &str = "timing.subject_overlap";
const CONSECUTIVE: &str = "timing.consecutive_summons";

#[test]
fn one_suspect_in_two_overlapping_transcripts_is_a_conflict() {
    let d = dossier(vec![
        transcript(
            "2024年3月5日10时00分至2024年3月5日11时30分",
            A,
            "赵小虎",
            &[],
            &[],
        ),
        transcript(
            "2024年3月5日11时00分至2024年3月5日12时00分",
            B,
            "赵小虎",
            &[],
            &[],
        ),
    ]);
    let c = RuleConfig::default();
    assert_eq!(found(&d, &c, SUBJECT_OVERLAP), vec![2]);
    let defect = run(&d, &c)
        .into_iter()
        .find(|x| x.rule == SUBJECT_OVERLAP)
        .unwrap();
    assert_eq!(defect.category, Category::TimeConflict);
    assert!(
        defect.message.starts_with("赵小虎在第1页和第2页"),
        "{}",
        defect.message
    );
}

#[test]
fn touching_transcripts_or_different_suspects_do_not_conflict() {
    let touching = dossier(vec![
        transcript(
            "2024年3月5日10时00分至2024年3月5日11时30分",
            A,
            "赵小虎",
            &[],
            &[],
        ),
        transcript(
            "2024年3月5日11时30分至2024年3月5日12时00分",
            B,
            "赵小虎",
            &[],
            &[],
        ),
    ]);
    assert_eq!(
        found(&touching, &RuleConfig::default(), SUBJECT_OVERLAP),
        Vec::<usize>::new()
    );
    let others = dossier(vec![
        transcript(
            "2024年3月5日10时00分至2024年3月5日11时30分",
            A,
            "赵小虎",
            &[],
            &[],
        ),
        transcript(
            "2024年3月5日11时00分至2024年3月5日12时00分",
            B,
            "钱大勇",
            &[],
            &[],
        ),
    ]);
    assert_eq!(
        found(&others, &RuleConfig::default(), SUBJECT_OVERLAP),
        Vec::<usize>::new()
    );
}

#[test]
fn a_name_misread_by_a_character_is_the_same_suspect_where_the_id_numbers_agree() {
    // Seed 2060 s004: 「袁庆兵」 on the first transcript, 「喜庆兵」 on the second, one ID.
    let id = |n: &str| format!("身份证件种类及号码：居民身份证{n}");
    let pair = |second: &str, first_id: &str, second_id: &str| {
        dossier(vec![
            transcript(
                "2023年9月19日14时43分至2023年9月19日16时14分",
                A,
                "袁庆兵",
                &[&id(first_id)],
                &[],
            ),
            transcript(
                "2023年9月19日15时23分至2023年9月19日15时44分",
                B,
                second,
                &[&id(second_id)],
                &[],
            ),
        ])
    };
    let c = RuleConfig::default();
    let same = pair("喜庆兵", "620502199104275890", "620502199104275890");
    assert_eq!(found(&same, &c, SUBJECT_OVERLAP), vec![2]);
    // Names a character apart with different numbers are two people.
    let two = pair("喜庆兵", "620502199104275890", "620502199203154413");
    assert!(found(&two, &c, SUBJECT_OVERLAP).is_empty());
    // And the same number under names further apart is no reading to trust.
    let far = pair("钱大勇", "620502199104275890", "620502199104275890");
    assert!(found(&far, &c, SUBJECT_OVERLAP).is_empty());
}

#[test]
fn a_suspect_whose_name_ocr_lost_is_known_by_the_same_valid_id_number() {
    // Seed 2074 s005 p13: the second header's name unread, its number read whole.
    let id = |n: &str| format!("身份证件种类及号码：居民身份证{n}");
    let pair = |first_id: &str, second_id: &str| {
        dossier(vec![
            transcript(
                "2022年9月17日9时30分至2022年9月17日10时49分",
                A,
                "韦德德",
                &[&id(first_id)],
                &[],
            ),
            transcript(
                "2022年9月17日9时46分至2022年9月17日10时25分",
                B,
                "",
                &[&id(second_id)],
                &[],
            ),
        ])
    };
    let c = RuleConfig::default();
    let same = pair("511302199502044275", "511302199502044275");
    assert_eq!(found(&same, &c, SUBJECT_OVERLAP), vec![2]);
    let two = pair("511302199502044275", "620502199104275890");
    assert!(found(&two, &c, SUBJECT_OVERLAP).is_empty());
    // A number failing its check digit is misread somewhere: no identity to go by.
    let misread = pair("511302199502044276", "511302199502044276");
    assert!(found(&misread, &c, SUBJECT_OVERLAP).is_empty());
}

const FIRST_ARRIVAL: &str = "（口头传唤的被讯问人于3月5日9时30分到达，3月5日12时10分离开，本人签名：）";

/// Two summonses of `second_subject` (the first of 赵小虎), the second arriving at `arrival`.
fn two_summonses(second_subject: &str, arrival: &str, leaving: &str, time: &str, body: &[&str]) -> Dossier {
    let line = format!("（口头传唤的被讯问人于{arrival}到达，{leaving}离开，本人签名：）");
    second_summons_noted(second_subject, &line, time, body)
}

/// Two summonses, the first of 赵小虎, the second of `second_subject` with the arrival note
/// `note` as its header has it.
fn second_summons_noted(second_subject: &str, note: &str, time: &str, body: &[&str]) -> Dossier {
    dossier(vec![
        transcript(
            "2024年3月5日10时00分至2024年3月5日12时00分",
            A,
            "赵小虎",
            &[FIRST_ARRIVAL],
            &[],
        ),
        transcript(time, A, second_subject, &[note], body),
    ])
}

#[test]
fn a_second_summons_within_twelve_hours_of_the_first_is_a_warning() {
    let d = two_summonses(
        "赵小虎",
        "3月5日19时50分",
        "3月5日22时10分",
        "2024年3月5日20时00分至2024年3月5日22时00分",
        &[],
    );
    let c = RuleConfig::default();
    assert_eq!(found(&d, &c, CONSECUTIVE), vec![2]);
    let defect = run(&d, &c).into_iter().find(|x| x.rule == CONSECUTIVE).unwrap();
    assert_eq!(defect.category, Category::ExcessiveDuration);
    assert_eq!(defect.severity, Severity::Warning);
    assert!(defect.message.contains("间隔7小时40分"), "{}", defect.message);
    // The threshold is the unit's to set.
    let mut lax = RuleConfig::default();
    lax.timing.consecutive_gap_hours = 6;
    assert_eq!(found(&d, &lax, CONSECUTIVE), Vec::<usize>::new());
}

#[test]
fn an_arrival_note_whose_yu_ocr_lost_is_read_from_its_month_and_day() {
    // Seed 2072 s010 p8: 「(口头//动投案询问10月18日15时36分到达，…离开」, 传唤, 主, 的被 and
    // the 人于 before the arrival lost; the second summons went unread.
    let second =
        |note: &str| second_summons_noted("赵小虎", note, "2024年3月5日20时00分至2024年3月5日22时00分", &[]);
    let c = RuleConfig::default();
    let note = "（口头//动投案询问3月5日19时50分到达，3月5日22时10分离开，本人签名：）";
    assert_eq!(found(&second(note), &c, CONSECUTIVE), vec![2]);
    // Without a day no arrival is read from a time alone.
    let note = "（口头//动投案询问19时50分到达，22时10分离开，本人签名：）";
    assert!(found(&second(note), &c, CONSECUTIVE).is_empty());
}

#[test]
fn a_second_summons_whose_name_ocr_lost_is_of_the_person_its_number_names() {
    // Seed 2070 s035 p8: 「被询问人 何 性别 男」 for 何建东, the number read right in both
    // headers; the arrival note's 「被询问人于4月7日…」 was taken for the name (「于月」).
    let id = "身份证件种类及号码：居民身份证430502199509085459";
    let line = "（口头传唤的被讯问人于3月5日19时50分到达，3月5日22时10分离开，本人签名：）";
    let pair = |second: &str, second_id: &str| {
        dossier(vec![
            transcript(
                "2024年3月5日10时00分至2024年3月5日12时00分",
                A,
                "赵小虎",
                &[FIRST_ARRIVAL, id],
                &[],
            ),
            transcript(
                "2024年3月5日20时00分至2024年3月5日22时00分",
                A,
                second,
                &[line, second_id],
                &[],
            ),
        ])
    };
    assert_eq!(consecutive(&pair("赵", id)), vec![2]);
    // Or a character of it misread (「区涛德」 for 蔡涛德, seed 2076 s017 p10).
    assert_eq!(consecutive(&pair("区小虎", id)), vec![2]);
    // Another number is another person, whatever was lost or misread of the name.
    let other = "身份证件种类及号码：居民身份证11010519491231002X";
    assert!(consecutive(&pair("赵", other)).is_empty());
    assert!(consecutive(&pair("区小虎", other)).is_empty());
}

#[test]
fn a_gap_of_twelve_hours_or_more_is_lawful() {
    let d = two_summonses(
        "赵小虎",
        "3月6日0时10分",
        "3月6日2时10分",
        "2024年3月6日0时20分至2024年3月6日2时00分",
        &[],
    );
    assert!(consecutive(&d).is_empty());
}

#[test]
fn a_release_recorded_between_the_summonses_is_lawful() {
    let d = two_summonses(
        "赵小虎",
        "3月5日19时50分",
        "3月5日22时10分",
        "2024年3月5日20时00分至2024年3月5日22时00分",
        &[
            "问：上次传唤结束后你去了哪里？",
            "答：3月5日12时10分民警将我释放，我回家了。",
        ],
    );
    assert!(consecutive(&d).is_empty());
}

#[test]
fn summonses_of_different_people_are_not_consecutive() {
    let d = two_summonses(
        "钱大勇",
        "3月5日12时30分",
        "3月5日14时10分",
        "2024年3月5日12时40分至2024年3月5日14时00分",
        &[],
    );
    assert!(consecutive(&d).is_empty());
}

#[test]
fn two_interrogations_in_one_summons_are_one_summons() {
    let d = two_summonses(
        "赵小虎",
        "3月5日9时30分",
        "3月5日12时10分",
        "2024年3月5日11时00分至2024年3月5日12时00分",
        &[],
    );
    assert!(consecutive(&d).is_empty());
}

#[test]
fn a_written_summons_counts_with_the_person_it_names() {
    let summons = |who: &str| {
        let text = format!(
            "根据《中华人民共和国刑事诉讼法》第一百一十九条之规定，兹传唤涉嫌盗窃的犯罪嫌疑人{who}（性别男，出生日期1990年1月2日）到城东派出所接受讯问。"
        );
        let lines = [
            "传唤证",
            text.as_str(),
            "被传唤人到达时间：2024年3月5日19时50分",
            "被传唤人离开时间：2024年3月5日22时10分",
        ];
        vec![page(1, &lines)]
    };
    let first = || {
        transcript(
            "2024年3月5日10时00分至2024年3月5日12时00分",
            A,
            "赵小虎",
            &[FIRST_ARRIVAL],
            &[],
        )
    };
    let d = dossier(vec![first(), summons("赵小虎")]);
    assert_eq!(found(&d, &RuleConfig::default(), CONSECUTIVE), vec![2]);
    let d = dossier(vec![first(), summons("钱大勇")]);
    assert!(consecutive(&d).is_empty());
}

#[test]
fn a_shared_officer_makes_one_flag_not_two() {
    // Same suspect and same officers at overlapping times: the officer overlap says it all.
    let d = dossier(vec![
        transcript(
            "2024年3月5日10时00分至2024年3月5日11时30分",
            A,
            "赵小虎",
            &[],
            &[],
        ),
        transcript(
            "2024年3月5日11时00分至2024年3月5日12时00分",
            A,
            "赵小虎",
            &[],
            &[],
        ),
    ]);
    let c = RuleConfig::default();
    assert_eq!(found(&d, &c, "timing.officer_overlap"), vec![2]);
    assert!(found(&d, &c, SUBJECT_OVERLAP).is_empty());
}

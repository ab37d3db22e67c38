//! `time_conflict` against the case's own milestones: a transcript cannot be taken before the
//! police heard of the case, nor go on after the summoned person had left.
//!
//! - **Before the report.** The 受案登记表 records when the report came in (接报/报案/接警时间):
//!   nobody can be questioned about a case before it was reported, so a transcript starting
//!   earlier is a wrong date or a back-dated record (法院解释2021 arts 90(1), 95(1): 时间有误或者
//!   存在矛盾). Some units' forms only print 受案时间, which may be entered after the first
//!   statements of the same day (a victim questioned on the spot, the registration typed up that
//!   afternoon); against it only a transcript on an earlier calendar day is flagged.
//! - **After leaving.** A summons has a stated end: the 传唤证's 离开时间, or the transcript's own
//!   「…到达，…离开」 line. A transcript of that person that starts inside the span and ends after
//!   it (or starts before the arrival and ends inside) records questioning of someone who, by the
//!   dossier's own account, was not there. Ending exactly at the leaving time is lawful; a
//!   transcript wholly outside the span belongs to another occasion and is left alone, and so is
//!   one of a person held (拘留) by then, whose custody did not end when the summons did.

use std::sync::LazyLock;

use chrono::{NaiveDateTime, NaiveTime};
use regex::Regex;

use crate::checks::persons::{custodies, subject};
use crate::checks::timing::{day, fmt, range, range_in_doubt, read_in_doubt, short};
use crate::checks::{Finding, Rule, RuleConfig, is_suspect_inquiry};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier};
use crate::structure::labels::compile;
use crate::text::datetime::{elevens, stamps};
use crate::text::fold::compact;

pub const BEFORE_REPORT: Rule = Rule {
    id: "timing.before_report",
    category: Category::TimeConflict,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十条第一项、第九十五条第一项：笔录填写的时间有误或者存在矛盾的；《公安机关办理刑事案件程序规定》（2020）第一百七十一条：对接受的案件，应当迅速进行审查；《公安机关受理行政案件和刑事案件工作规定》：接报案件应当登记接报时间。",
};
pub const AFTER_LEAVING: Rule = Rule {
    id: "timing.after_leaving",
    category: Category::TimeConflict,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十五条第一项：讯问笔录填写的讯问时间、讯问地点有误或者存在矛盾的；《公安机关办理刑事案件程序规定》（2020）第一百九十九条：被传唤人到达和离开的时间应当在传唤证上或讯问笔录中注明。",
};

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    let mut out = before_report(d);
    out.extend(after_leaving(d));
    out
}

/// When the police heard of the case, as the 受案登记表 says it.
pub(crate) struct Reported {
    pub at: NaiveDateTime,
    /// The label names the registration (受案时间), not the report: only an earlier day counts.
    pub registration_only: bool,
    /// Only the day was read: the form gives no time, or one no clock shows (「24时46分」 for
    /// 21时46分, seed 2059 s013 p3). Only an earlier day counts then too.
    pub day_only: bool,
    /// On a scan, a digit of the clock on the label's line read in doubt (`page::DIGIT_DOUBT`):
    /// 「11时10分」 read 「14时10分」, its 4 at 0.91 (seed 2082 s004 p3).
    pub clock_in_doubt: bool,
    pub page: usize,
    pub document: usize,
    pub evidence: String,
}

/// 接报/报案/接警/报警时间, tolerant of a dropped 时 or 间 (OCR), and 受案时间 apart. 发案时间
/// (when the offence happened) is deliberately not here: it precedes the report.
static REPORT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:接报|报案|接警|报警|接处警)(?:时间|时|间)|(受案)(?:时间|时|间)"));

pub(crate) fn reported(d: &Dossier) -> Option<Reported> {
    let doc = d.documents_of(DocKind::CaseAcceptance).next()?;
    let lines: Vec<(usize, &crate::page::Line)> = d.lines_of(doc).collect();
    let mut best: Option<Reported> = None;
    for (i, (page, line)) in lines.iter().enumerate() {
        let text = compact(&line.text);
        let Some(m) = REPORT_LABEL.captures(&text) else {
            continue;
        };
        // The value sits after the label, or (a wrapped cell) on the next line.
        let whole = m.get(0).map_or(0, |g| g.end());
        let mut value = text[whole..].to_string();
        if let Some((_, next)) = lines.get(i + 1) {
            value.push_str(&compact(&next.text));
        }
        let read = stamps(&value);
        let (at, day_only) = match read.iter().find_map(|s| s.datetime()) {
            Some(at) => (at, false),
            None => match read.first() {
                Some(s) => (s.date.and_time(NaiveTime::MIN), true),
                None => continue,
            },
        };
        let registration_only = m.get(1).is_some();
        let clock_in_doubt = d.page(*page).is_some_and(|p| p.is_scan())
            && clock_doubted(line, text[..whole].chars().filter(char::is_ascii_digit).count());
        // A report label wins over a registration label on the same form.
        if best
            .as_ref()
            .is_none_or(|b| b.registration_only && !registration_only)
        {
            best = Some(Reported {
                at,
                registration_only,
                day_only,
                clock_in_doubt,
                page: *page,
                document: doc.index,
                evidence: line.text.clone(),
            });
        }
    }
    best
}

/// Whether OCR read a digit of a time's clock in doubt, on a line whose first `before`
/// digits are no part of the time: its digits' runs are the year, the month, the day, the
/// hour and the minutes in turn (「2020年2月5日11时10分」 as 「2020-02-05 11:10」).
fn clock_doubted(line: &crate::page::Line, before: usize) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut run = 0;
    let mut digits = 0;
    let mut in_run = false;
    for g in &line.glyphs {
        if !is_digit(g.ch) {
            run += usize::from(in_run);
            in_run = false;
            continue;
        }
        digits += 1;
        if digits <= before {
            continue;
        }
        in_run = true;
        if (3..=4).contains(&run) && g.conf < crate::page::DIGIT_DOUBT {
            return true;
        }
    }
    false
}

/// How long after the report a start read with a lone 1 for 11 may fall to be taken for
/// that misreading (`before_report`): questioning follows a report within weeks.
const LOST_ONE_DAYS: i64 = 31;

fn before_report(d: &Dossier) -> Vec<Finding> {
    let Some(rep) = reported(d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let Some(start) = doc.fields.start.as_ref() else {
            continue;
        };
        let early = |start: NaiveDateTime| {
            if rep.registration_only || rep.day_only {
                start.date() < rep.at.date()
            } else {
                start < rep.at
            }
        };
        if !early(start.value) {
            continue;
        }
        // On a scan, a start whose digits OCR read in doubt (「2025年08月19日」 read 05 with
        // the 5 at 0.92, seed 2052 s038 p11) may be early by that digit alone.
        // So may the report's own time (「11时10分」 read 「14时10分」, the 4 at 0.91, seed
        // 2082 s004 p3: a transcript begun at 11:44 flagged as before the report).
        let scanned = d.page(start.page).is_some_and(|p| p.is_scan());
        // (A date in doubt is left to the reading: a month's 0 just under 0.95 in
        // 「2020年10月16日」 was right, seed 2074 s037 p3, and a start a week before it a
        // defect.)
        let same_day = start.value.date() == rep.at.date();
        if read_in_doubt(d, start) || (same_day && rep.clock_in_doubt) {
            continue;
        }
        // On a scan, a start that falls within a month after the report once a lone 1 is
        // read as 11 (「2024年11月10日」 read 「1月10日」, seed 2050 s025 p10) is in doubt;
        // one that would land months away is no likelier than the reading.
        if scanned
            && elevens(start.value, &start.raw)
                .into_iter()
                .any(|v| !early(v) && v - rep.at <= chrono::TimeDelta::days(LOST_ONE_DAYS))
        {
            continue;
        }
        let label = if rep.registration_only {
            "受案时间"
        } else {
            "接报案时间"
        };
        out.push(Finding {
            rule: BEFORE_REPORT.id,
            page: start.page,
            document: Some(doc.index),
            bbox: start.bbox,
            message: format!(
                "第{}页笔录开始时间{}早于第{}页受案登记表所载{}{}，时间有误或存在矛盾",
                start.page,
                fmt(start.value),
                rep.page,
                label,
                if rep.day_only {
                    day(rep.at.date())
                } else {
                    fmt(rep.at)
                }
            ),
            evidence: format!("{}；{}", start.raw, rep.evidence),
        });
    }
    out
}

fn questions_suspect(d: &Dossier, doc: &Document) -> bool {
    match doc.kind {
        DocKind::InterrogationRecord => true,
        DocKind::InquiryRecord => is_suspect_inquiry(d, doc),
        _ => false,
    }
}

fn after_leaving(d: &Dossier) -> Vec<Finding> {
    let spans = custodies(d);
    if spans.is_empty() {
        return Vec::new();
    }
    let held_since = d.custody.as_ref().map(|c| c.held_since.value);
    let mut out = Vec::new();
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let (Some(who), Some((s, e))) = (subject(doc), range(doc)) else {
            continue;
        };
        if !questions_suspect(d, doc) {
            continue;
        }
        // The first span of this person that the transcript crosses an edge of.
        let crossed = spans.iter().find(|c| {
            let span = &c.span;
            c.person == who
                && ((s.value >= span.from && s.value < span.to && e.value > span.to)
                    || (s.value < span.from && e.value > span.from && e.value <= span.to))
        });
        let Some(span) = crossed.map(|c| &c.span) else {
            continue;
        };
        // On a scan, a start or end whose digits OCR read in doubt may cross the span by
        // that digit alone, as in `before_report`; not by a year's digit where both ends
        // read one year: a span of hours that either end falls in has that year too
        // (「2022年11月8日14时0分至…16时23分」, its first 2 at 0.88, past the leaving at
        // 15时53分, seed 2066 s018 p5).
        if range_in_doubt(d, s, e) {
            continue;
        }
        let after = e.value > span.to;
        // Held by then: the questioning went on in custody, not after a release.
        if after && held_since.is_some_and(|h| h <= e.value) {
            continue;
        }
        let message = if after {
            format!(
                "第{}页笔录{}至{}，但第{}页载明被传唤人于{}已离开，离开后仍在讯（询）问，时间存在矛盾",
                s.page,
                fmt(s.value),
                short(e.value),
                span.page,
                short(span.to)
            )
        } else {
            format!(
                "第{}页笔录{}开始，但第{}页载明被传唤人于{}才到达，时间存在矛盾",
                s.page,
                fmt(s.value),
                span.page,
                short(span.from)
            )
        };
        out.push(Finding {
            rule: AFTER_LEAVING.id,
            page: s.page,
            document: Some(doc.index),
            bbox: s.bbox,
            message,
            evidence: format!("{}；{}", s.raw, span.evidence),
        });
    }
    out
}

//! `time_conflict` and `excessive_duration`: the times of the transcripts in one dossier.
//! One officer (讯问人/询问人 or 记录人) cannot be in two transcripts whose time ranges
//! overlap (rules reference R-PER-4; ranges that only touch, one ending when the next starts,
//! do not conflict), and a transcript cannot end before it starts. The custody span of a
//! summons — arrival to leaving from the header line 「…于X月X日X时X分到达，X月X日X时X分离开」
//! or the 传唤证's 到达/离开 times, else the summoned suspect's transcript itself — may not
//! exceed 12 h (criminal, R-TIME-1) or 8 h (administrative, A-TIME-1), nor 24 h where the
//! stated circumstances allow the longer limit.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::checks::{CaseKind, Finding, RuleConfig, case_kind, glyph_confidences, is_suspect_inquiry};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier, Located};
use crate::geom::Rect;
use crate::structure::header::same_name;
use crate::structure::labels::compile;
use crate::text::datetime::{elevens, first_datetime_readings, stamps};
use crate::text::fold::compact;

use super::Rule;

pub const OFFICER_OVERLAP: Rule = Rule {
    id: "timing.officer_overlap",
    category: Category::TimeConflict,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十条第四项：询问人同一时段询问不同证人的；第九十五条第一项：讯问笔录填写的讯问时间、讯问地点、讯问人、记录人有误或者存在矛盾的；《刑事诉讼法》第一百一十八条。",
};
pub const END_BEFORE_START: Rule = Rule {
    id: "timing.end_before_start",
    category: Category::TimeConflict,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十五条第一项：讯问笔录填写的讯问时间有误或者存在矛盾的；第九十条第一项。",
};
pub const CRIMINAL_DURATION: Rule = Rule {
    id: "timing.criminal_summons_duration",
    category: Category::ExcessiveDuration,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《刑事诉讼法》第一百一十九条第二款：传唤、拘传持续的时间不得超过十二小时；案情特别重大、复杂，需要采取拘留、逮捕措施的，不得超过二十四小时；《公安机关办理刑事案件程序规定》（2020）第一百九十九条、第二百条：经办案部门负责人批准。",
};
pub const ADMIN_DURATION: Rule = Rule {
    id: "timing.admin_inquiry_duration",
    category: Category::ExcessiveDuration,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《治安管理处罚法》第八十三条；《公安机关办理行政案件程序规定》第六十九条：询问查证的时间不得超过八小时；案情复杂，违法行为依法可能适用行政拘留处罚的，不得超过二十四小时。",
};

/// An officer's name and where it was read.
pub(crate) struct Officer<'a> {
    pub name: &'a str,
}

/// The form names are compared in, here and across dossiers: folded (full-width, radical
/// variants) and without spaces, so 「张 建国」 and 「张建国」 are one person.
pub(crate) fn person_key(name: &str) -> String {
    compact(name)
}

pub(crate) fn officers(doc: &Document) -> Vec<Officer<'_>> {
    let mut out: Vec<Officer<'_>> = Vec::new();
    let names = doc
        .fields
        .investigators
        .iter()
        .chain(doc.fields.recorder.iter())
        .map(|n| n.value.as_str());
    for name in names {
        if !out.iter().any(|o| person_key(o.name) == person_key(name)) {
            out.push(Officer { name });
        }
    }
    out
}

/// The officers (investigators and recorder) named in both transcripts, as `b` names them.
/// Where both are scanned, a name one character off is the same officer's (`same_name`):
/// OCR reads one officer's name 「龙移文」 in one header and 「龙确文」 in the next (seed
/// 2042 s027), as it does beside his signature within one header.
pub(crate) fn shared_officers<'a>(d: &Dossier, a: &Document, b: &'a Document) -> Vec<&'a str> {
    let scanned = d.is_scanned(a) && d.is_scanned(b);
    let a_names = officers(a);
    officers(b)
        .into_iter()
        .filter(|o| {
            let key = person_key(o.name);
            a_names.iter().any(|x| {
                let other = person_key(x.name);
                other == key || (scanned && same_name(&other, &key))
            })
        })
        .map(|o| o.name)
        .collect()
}

/// The transcript's range, when both ends are read and in order.
pub(crate) fn range(doc: &Document) -> Option<(&Located<NaiveDateTime>, &Located<NaiveDateTime>)> {
    let (s, e) = (doc.fields.start.as_ref()?, doc.fields.end.as_ref()?);
    (e.value >= s.value).then_some((s, e))
}

pub(crate) fn fmt(t: NaiveDateTime) -> String {
    t.format("%Y年%-m月%-d日%-H时%M分").to_string()
}

/// Whether a time was read on a scan with a digit in doubt (`page::DIGIT_DOUBT`): a conflict
/// it alone makes may be that digit's.
pub(crate) fn read_in_doubt(d: &Dossier, t: &Located<NaiveDateTime>) -> bool {
    d.page(t.page).is_some_and(|p| p.is_scan()) && t.conf < crate::page::DIGIT_DOUBT
}

/// Whether either end of a range, start `s` and end `e`, was read with a digit in doubt
/// (`read_in_doubt`) that may move it: not a year's digit alone where both ends read one
/// year, as a span within a year keeps it (`sure_but_the_year`).
pub(crate) fn range_in_doubt(d: &Dossier, s: &Located<NaiveDateTime>, e: &Located<NaiveDateTime>) -> bool {
    let one_year = s.value.year() == e.value.year();
    let doubted = |t| read_in_doubt(d, t) && !(one_year && sure_but_the_year(d, t));
    doubted(s) || doubted(e)
}

/// A day as the messages write it (「2024年3月5日」).
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub(crate) fn short(t: NaiveDateTime) -> String {
    t.format("%-m月%-d日%-H时%M分").to_string()
}

pub fn check(d: &Dossier, config: &RuleConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    let transcripts: Vec<&Document> = d
        .documents
        .iter()
        .filter(|doc| doc.kind.is_transcript())
        .collect();
    for doc in &transcripts {
        end_before_start(d, doc, &mut out);
    }
    for Overlap {
        a,
        b,
        a_range,
        b_range,
    } in overlapping_transcripts(d)
    {
        let ((a_start, a_end), (b_start, b_end)) = (a_range, b_range);
        let shared = shared_officers(d, a, b);
        if shared.is_empty() {
            continue;
        }
        out.push(Finding {
            rule: OFFICER_OVERLAP.id,
            page: b_start.page,
            document: Some(b.index),
            bbox: b_start.bbox,
            message: format!(
                "{}同时出现在第{}页和第{}页两份笔录中，时间重叠（{}至{}；{}至{}）",
                shared.join("、"),
                a.first_page,
                b.first_page,
                fmt(a_start.value),
                short(a_end.value),
                fmt(b_start.value),
                short(b_end.value)
            ),
            evidence: b_start.raw.clone(),
        });
    }
    duration(d, config, &mut out);
    out
}

/// Two transcripts (in dossier order) whose read time ranges overlap, and those ranges.
pub(crate) struct Overlap<'a> {
    pub a: &'a Document,
    pub b: &'a Document,
    pub a_range: (&'a Located<NaiveDateTime>, &'a Located<NaiveDateTime>),
    pub b_range: (&'a Located<NaiveDateTime>, &'a Located<NaiveDateTime>),
}

/// Every pair of transcripts whose ranges overlap. Touching ranges (one ends as the other
/// starts) do not overlap. A scanned transcript read as lasting more than a week is a date
/// read wrong, as for custody (`IMPLAUSIBLE_SPAN_HOURS`), and overlaps nothing: 「2022年11月
/// 12日」 read 「1月12日」 made one transcript of 90 minutes ten months long, across the next
/// (seed 2084 s034 p15, p17).
pub(crate) fn overlapping_transcripts(d: &Dossier) -> Vec<Overlap<'_>> {
    let transcripts: Vec<&Document> = d
        .documents
        .iter()
        .filter(|doc| doc.kind.is_transcript())
        .collect();
    let mut out = Vec::new();
    for (i, a) in transcripts.iter().enumerate() {
        let Some(a_range) = plausible_range(d, a) else {
            continue;
        };
        for b in &transcripts[i + 1..] {
            let Some(b_range) = plausible_range(d, b) else {
                continue;
            };
            if a_range.0.value < b_range.1.value && b_range.0.value < a_range.1.value {
                out.push(Overlap {
                    a,
                    b,
                    a_range,
                    b_range,
                });
            }
        }
    }
    out
}

/// The transcript's range (`range`), unless read on a scan as lasting more than a week.
fn plausible_range<'a>(
    d: &Dossier,
    doc: &'a Document,
) -> Option<(&'a Located<NaiveDateTime>, &'a Located<NaiveDateTime>)> {
    let (s, e) = range(doc)?;
    let misread = d.is_scanned(doc) && (e.value - s.value).num_hours() > IMPLAUSIBLE_SPAN_HOURS;
    (!misread).then_some((s, e))
}

/// Whether the order of a range's two ends read on one line rests on no digit in doubt: the
/// ends in one year as read, and every digit but the years' read surely (`sure_but_the_year`).
/// A year's digit in doubt (「2016年10月28日11时6分至2016年10月28日9时51分」, its first 2 at
/// 0.93, seed 2065 s010 p6) changes no order between two times of one year. Nor may a clock's
/// digit print confuses set the order right: read surely, 「5时34分」 was read 「3时34分」 at
/// 0.98 (seed 2064 s009 p13), where the doubt in its year had kept it from a false flag.
fn order_read_surely(d: &Dossier, s: &Located<NaiveDateTime>, e: &Located<NaiveDateTime>) -> bool {
    // Both ends were located on the same span of the same line: either's box holds it.
    s.raw == e.raw
        && s.page == e.page
        && s.value.year() == e.value.year()
        && e.conf > 0.0
        && !clock_misread(s.value, e.value)
        && sure_but_the_year(d, s)
}

/// Whether every digit OCR read of a time on a scan, its year's aside, was read surely
/// (`page::DIGIT_DOUBT`): a doubt in the year alone changes nothing between two times of one
/// year. (An hour or minutes the header doubts for their length carry no confidence at all:
/// that doubt stands.)
pub(crate) fn sure_but_the_year(d: &Dossier, t: &Located<NaiveDateTime>) -> bool {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"(\d{4})\s*[年\-./]"));
    if t.conf <= 0.0 {
        return false;
    }
    let text: String = t.raw.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(confidences) = glyph_confidences(d, t, &text, |c| !c.is_whitespace()) else {
        return false;
    };
    let mut year = vec![false; confidences.len()];
    for c in YEAR.captures_iter(&text) {
        let m = c.get(1).expect("the year group");
        let start = text[..m.start()].chars().count();
        year.iter_mut().skip(start).take(4).for_each(|y| *y = true);
    }
    text.chars()
        .zip(confidences.iter().zip(&year))
        .all(|(ch, (conf, in_year))| !ch.is_ascii_digit() || *in_year || *conf >= crate::page::DIGIT_DOUBT)
}

/// The readings of `t` with one digit of its hour or minutes read as a digit print confuses
/// it with (`page::look_alikes`).
fn confused_readings(t: NaiveDateTime) -> Vec<NaiveDateTime> {
    use chrono::Timelike;
    let mut out = Vec::new();
    let fields = [t.hour(), t.minute()];
    for (fi, value) in fields.iter().enumerate() {
        let digits: Vec<char> = format!("{value}").chars().collect();
        for (i, c) in digits.iter().enumerate() {
            for other in crate::page::look_alikes(*c) {
                let mut changed = digits.clone();
                changed[i] = other;
                let Ok(n) = changed.iter().collect::<String>().parse::<u32>() else {
                    continue;
                };
                let reading = if fi == 0 { t.with_hour(n) } else { t.with_minute(n) };
                out.extend(reading);
            }
        }
    }
    out
}

/// Whether one digit of either end's clock, read as one print confuses it with, would set
/// the order right.
fn clock_misread(start: NaiveDateTime, end: NaiveDateTime) -> bool {
    confused_readings(end).iter().any(|e| *e >= start) || confused_readings(start).iter().any(|s| *s <= end)
}

/// An end before the start, when the end has its own written date (a time written without
/// one may be the next day, which the form should say but a reader cannot tell).
///
/// On a scan, an end that is after the start, within a day, once a lone 1 is read as 11
/// (「11时27分」 read 「1时27分」, seed 2046 s038 p12) is in doubt: a lost digit is no defect
/// of the form. (Not an end in January read as November: the start would be months before.)
fn end_before_start(d: &Dossier, doc: &Document, out: &mut Vec<Finding>) {
    let (Some(s), Some(e)) = (&doc.fields.start, &doc.fields.end) else {
        return;
    };
    if e.value >= s.value {
        return;
    }
    // A time read with a digit in doubt (the header doubts an hour or minutes read a digit
    // too long) may make the order alone, as for the chronology's conflicts; unless the
    // doubt is only in the year both ends share (`order_read_surely`).
    if (read_in_doubt(d, s) || read_in_doubt(d, e)) && !order_read_surely(d, s, e) {
        return;
    }
    let scanned = d.is_scanned(doc);
    if scanned
        && elevens(e.value, &e.raw)
            .iter()
            .any(|v| *v >= s.value && *v - s.value <= chrono::TimeDelta::hours(24))
    {
        return;
    }
    // Both ends written with a date (「…至2023年2月1日…」, 「…至2023-02-01 17:51」, or
    // 「至同日…」; on a scan with 年 and 月 lost, 「20250412日」, seed 2052 s010 p6): then the
    // order is what the form says.
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::structure::labels::compile(
            r"\d{4}\s*[年\-./]\s*\d{1,2}\s*[月\-./]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{4,6}\s*日|同日|当日",
        )
    });
    let dated = DATE
        .find_iter(&crate::text::datetime::arabic_numerals(&e.raw))
        .count()
        >= 2;
    if !dated {
        return;
    }
    out.push(Finding {
        rule: END_BEFORE_START.id,
        page: e.page,
        document: Some(doc.index),
        bbox: e.bbox,
        message: format!(
            "第{}页笔录结束时间{}早于开始时间{}",
            e.page,
            fmt(e.value),
            fmt(s.value)
        ),
        evidence: e.raw.clone(),
    });
}

/// 「…的被询问人于X月X日X时X分到达，X月X日X时X分离开」; or, where OCR lost 于 with the words
/// before it (「(口头//动投案询问10月18日15时36分到达，…离开」, seed 2072 s010 p8: a second
/// summons 1 h 25 min after the first went unread), the month and day that open the arrival.
static ARRIVAL: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?:于(.{2,24}?)|(\d{1,2}\s*月\s*\d{1,2}\s*日.{1,12}?))到达[，,]?(.{2,24}?)离开")
});
/// 到达时间 or 到案时间, its second character misread (「到这时间」, seed 2049 s007 p4), or
/// 到达 / 到案 with 时间 lost, or 「被传唤人到达时间」 with 人到达 lost (「被传唤时间:」, seed 2057
/// s030 p6: the leaving time says 离开, and nothing else on a 传唤证 is the summoned's time).
static SUMMONS_ARRIVAL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:到\p{Han}时间|到[达案]|被传唤人?时间)[:：,，]?(.{4,24})"));
/// 离开 with its first character misread (「见开时间」, seed 2038 s020 p5) or lost: no other
/// time on a 传唤证 ends in 开. Or 离开 with 时间 lost (「被传唤人离开:2024…」, seed 2049 s016
/// p6), or with 开 lost (「被传唤人离时间;2024…」, seed 2059 s026 p6).
static SUMMONS_LEAVING: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:\p{Han}?开时间|离开|离时间|传唤结束时间)[:：;,，]?(.{4,24})"));
/// The time a 传唤证 summons the suspect to come: 「兹传唤…于2024年3月5日9时30分到…接受讯问」.
/// (到 starts the place, not 到达 or 到案; the place may hold 案, 「办案区」.)
static APPOINTED: LazyLock<Regex> = LazyLock::new(|| compile(r"于(.{4,24}?)到[^达案].{1,40}?接受"));
static SUMMONED: LazyLock<Regex> = LazyLock::new(|| compile(r"传唤|拘传"));
/// 「案情特别重大、复杂」 (CPL art. 119), its last character left to OCR (「复条」, seed 2046
/// s036 p6); the approval and the detention the rule also asks for are read beside it.
static CRIMINAL_EXTENDED: LazyLock<Regex> = LazyLock::new(|| compile(r"特别重大.{0,6}复"));
static ADMIN_EXTENDED: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:情况|案情)复"));

/// A span of custody under summons and where it was read.
pub(crate) struct Span {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub page: usize,
    pub bbox: Rect,
    pub evidence: String,
    pub what: &'static str,
}

/// Date-times in `text`, reading dates without a year in `base`'s year.
pub(crate) fn datetimes_in(text: &str, base: NaiveDateTime) -> Vec<NaiveDateTime> {
    let prefixed = format!("{}{}", day(base.date()), text);
    stamps(&prefixed).iter().filter_map(|s| s.datetime()).collect()
}

/// The arrival/leaving line of a transcript header.
///
/// The line gives a month and a day; the year is the transcript's, or where OCR garbled the
/// transcript's time (「时间 2018年78日11时5分」, seed 2083 s020 p5; 「时间2全和1 人分」, s035
/// p8: two custodies of 12 and 21 hours unflagged) another transcript's of the dossier.
pub(crate) fn arrival_line(d: &Dossier, doc: &Document) -> Option<Span> {
    let start = doc.fields.start.as_ref().map(|s| s.value);
    let base = start.or_else(|| {
        d.documents
            .iter()
            .filter(|other| other.kind.is_transcript())
            .find_map(|other| other.fields.start.as_ref().map(|s| s.value))
    })?;
    let page = d.page(doc.first_page)?;
    for (i, line) in page.lines.iter().enumerate().take(30) {
        let mut text = compact(&line.text);
        if !text.contains("到达") {
            continue;
        }
        if !text.contains("离开")
            && let Some(next) = page.lines.get(i + 1)
        {
            text.push_str(&compact(&next.text));
        }
        let Some(c) = ARRIVAL.captures(&text) else {
            continue;
        };
        let arrived = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        let left = &c[3];
        let mut from = datetimes_in(arrived, base).into_iter().next()?;
        let to_base = from;
        let to = datetimes_in(left, to_base).into_iter().next()?;
        if to < from {
            return None;
        }
        // On a scan, an arrival a lone 1 of which may be 11 (「1时05分」 for 11时05分, seed
        // 2047 s015 p5) is counted from its latest such reading that still comes before the
        // questioning began: a lost digit cannot make a custody too long.
        if page.is_scan() {
            from = latest_eleven(from, arrived, |v| v <= to && start.is_none_or(|s| v <= s));
        }
        return Some(Span {
            from,
            to,
            page: page.number,
            bbox: line.bbox,
            evidence: line.text.clone(),
            what: "到达至离开",
        });
    }
    None
}

/// An arrival read on a scan, `from`, or the latest of its lone-1-as-11 readings (`elevens`
/// of `raw`) that `fits`: a lost digit cannot make a custody too long.
fn latest_eleven(from: NaiveDateTime, raw: &str, fits: impl Fn(NaiveDateTime) -> bool) -> NaiveDateTime {
    elevens(from, raw)
        .into_iter()
        .filter(|v| fits(*v))
        .fold(from, NaiveDateTime::max)
}

/// The 传唤证's 到达 and 离开 times.
pub(crate) fn summons_span(d: &Dossier, doc: &Document) -> Option<Span> {
    let mut from: Option<(Vec<NaiveDateTime>, usize, Rect, String, String)> = None;
    let mut to: Option<NaiveDateTime> = None;
    for (page, line) in d.lines_of(doc) {
        let text = compact(&line.text);
        if let Some(c) = SUMMONS_ARRIVAL.captures(&text) {
            let mut readings = first_datetime_readings(&c[1]);
            // On a scan every unit of the arrival may be lost (「到达时间:201799925」, seed
            // 2073 s010 p6): its digits are read every way they split, and the latest
            // still before the leaving is taken below, as for a glued date.
            if readings.is_empty() && d.page(page).is_some_and(|p| p.is_scan()) {
                readings = crate::text::datetime::unmarked_readings(&c[1]);
            }
            if !readings.is_empty() {
                from.get_or_insert((readings, page, line.bbox, line.text.clone(), c[1].to_string()));
            }
        }
        if let Some(c) = SUMMONS_LEAVING.captures(&text)
            && let Some(t) = stamps(&c[1]).iter().find_map(|s| s.datetime())
        {
            to.get_or_insert(t);
        }
    }
    let ((readings, page, bbox, evidence, raw), to) = (from?, to?);
    // An arrival whose date reads two ways (`first_datetime_readings`) is counted from the
    // latest reading still before the leaving: the shorter summons, never a longer one than
    // was held.
    let mut from = readings.into_iter().filter(|t| *t <= to).max()?;
    let scanned = d.page(page).is_some_and(|p| p.is_scan());
    // On a scan, an arrival a lone 1 of which may be 11 (「1时35分」 for 11时35分, the 传唤证's
    // appointed time under a seal, seed 2059 s039 p6) is counted from its latest such reading
    // still before the leaving, as the transcript's own arrival line is (`arrival_line`).
    if scanned {
        from = latest_eleven(from, &raw, |v| v <= to);
    }
    // On a scan, an arrival read before the time the summons appointed has lost a digit
    // (「1时35分」 for 11时35分, seed 2042 s033): the span is counted from the appointed time,
    // so a lost digit cannot make a summons too long. A typed arrival before it is what
    // happened and stays.
    let body: String = d.lines_of(doc).map(|(_, l)| compact(&l.text)).collect();
    if scanned
        && let Some(c) = APPOINTED.captures(&body)
        && let Some(appointed) = stamps(&c[1]).iter().find_map(|s| s.datetime())
        && appointed > from
        && appointed <= to
    {
        from = appointed;
    }
    // Every step above keeps the arrival at or before the leaving.
    Some(Span {
        from,
        to,
        page,
        bbox,
        evidence,
        what: "传唤证所载到达至离开",
    })
}

fn dossier_text(d: &Dossier) -> String {
    d.pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| compact(&l.text)))
        .collect()
}

/// A summons or questioning span longer than this is a misread date, not a long custody.
const IMPLAUSIBLE_SPAN_HOURS: i64 = 7 * 24;

fn duration(d: &Dossier, config: &RuleConfig, out: &mut Vec<Finding>) {
    let kind = case_kind(d);
    let limits = &config.timing;
    let text = dossier_text(d);
    let extended = match kind {
        CaseKind::Criminal => {
            CRIMINAL_EXTENDED.is_match(&text)
                && (text.contains("拘留") || text.contains("逮捕"))
                && text.contains("批准")
        }
        CaseKind::Administrative => ADMIN_EXTENDED.is_match(&text) && text.contains("行政拘留"),
    };
    let (rule, base_limit, long_limit) = match kind {
        CaseKind::Criminal => (
            &CRIMINAL_DURATION,
            limits.criminal_hours,
            limits.criminal_extended_hours,
        ),
        CaseKind::Administrative => (&ADMIN_DURATION, limits.admin_hours, limits.admin_extended_hours),
    };
    let limit = if extended { long_limit } else { base_limit };
    let held_since = d.custody.as_ref().map(|c| c.held_since.value);
    let mut spans: Vec<(Option<usize>, Span)> = Vec::new();
    for doc in d.documents_of(DocKind::Summons) {
        if let Some(s) = summons_span(d, doc) {
            spans.push((Some(doc.index), s));
        }
    }
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let questioned_suspect = match (kind, doc.kind) {
            (CaseKind::Criminal, DocKind::InterrogationRecord) => true,
            (CaseKind::Administrative, DocKind::InquiryRecord) => is_suspect_inquiry(d, doc),
            _ => false,
        };
        if !questioned_suspect {
            continue;
        }
        if let Some(s) = arrival_line(d, doc) {
            spans.push((Some(doc.index), s));
            continue;
        }
        // Without stated arrival times, the transcript itself bounds the custody only when
        // the suspect was summoned and not yet held.
        let Some((s, e)) = range(doc) else { continue };
        if held_since.is_some_and(|h| h <= s.value) {
            continue;
        }
        // A digit read in doubt may be all that makes the span long: 「2019-04-05」 read
        // 「2019-04-03」 at 0.90 under the form's rule line (seed 2081 s016 p6) made a 2-hour
        // inquiry one of 50 hours. (Not a doubt in the year alone, both ends in one year.)
        if range_in_doubt(d, s, e) {
            continue;
        }
        let summoned = d
            .lines_of(doc)
            .take(80)
            .any(|(_, l)| SUMMONED.is_match(&compact(&l.text)));
        if summoned {
            spans.push((
                Some(doc.index),
                Span {
                    from: s.value,
                    to: e.value,
                    page: s.page,
                    bbox: s.bbox,
                    evidence: s.raw.clone(),
                    what: "笔录起止",
                },
            ));
        }
    }
    for (document, span) in spans {
        let minutes = (span.to - span.from).num_minutes();
        if minutes <= i64::from(limit) * 60 {
            continue;
        }
        // Nobody is held on a summons for days: a span of more than a week is a date read
        // wrong (OCR made 1月 into 11月), and says nothing of how long the suspect was held.
        if minutes > IMPLAUSIBLE_SPAN_HOURS * 60 {
            continue;
        }
        let hours = format!("{}小时{}分", minutes / 60, minutes % 60);
        let why = if extended {
            format!("即使案情符合延长条件，也超过{limit}小时")
        } else {
            format!("超过{limit}小时，且未载明可延长至{long_limit}小时的情形")
        };
        out.push(Finding {
            rule: rule.id,
            page: span.page,
            document,
            bbox: span.bbox,
            message: format!(
                "第{}页{}（{}至{}）共{}，{}",
                span.page,
                span.what,
                fmt(span.from),
                short(span.to),
                hours,
                why
            ),
            evidence: span.evidence,
        });
    }
}

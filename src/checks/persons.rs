//! One person's times across the dossier. The same person questioned in two transcripts whose
//! ranges overlap (rules reference R-PER-4: 「one suspect has two overlapping transcripts」;
//! touching ranges are lawful) is a `time_conflict`. Summonses of the same person that follow
//! each other closely with no release recorded between them (R-TIME-3, 以连续传唤变相拘禁) are
//! an `excessive_duration` warning: the police rules ban it without a number, so the gap is
//! the configured threshold (`[timing] consecutive_gap_hours`, default the procuratorate's
//! 12 h). A summons is a span with stated times — the transcript's 「…于…到达，…离开」 line or
//! the 传唤证's 到达/离开 — so two interrogations within one summons are not two summonses.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use crate::checks::identity::checksum_ok;
use crate::checks::timing::{
    Overlap, Span, arrival_line, datetimes_in, fmt, overlapping_transcripts, person_key, shared_officers,
    short, summons_span,
};
use crate::checks::{Finding, Rule, RuleConfig, doc_text};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier};
use crate::structure::header::same_name;
use crate::structure::labels::compile;
use crate::text::fold::compact;

pub const SUBJECT_OVERLAP: Rule = Rule {
    id: "timing.subject_overlap",
    category: Category::TimeConflict,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十五条第一项：讯问笔录填写的讯问时间、讯问地点、讯问人、记录人有误或者存在矛盾的；第九十条第一项：询问笔录填写的询问时间有误或者存在矛盾的。",
};
pub const CONSECUTIVE_SUMMONS: Rule = Rule {
    id: "timing.consecutive_summons",
    category: Category::ExcessiveDuration,
    severity: Severity::Warning,
    deduction: 1.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百条：不得以连续传唤、拘传的形式变相拘禁犯罪嫌疑人；《刑事诉讼法》第一百一十九条第二款；参照《人民检察院刑事诉讼规则》（2019）第一百八十五条：两次传唤间隔的时间一般不得少于十二小时。",
};

pub fn check(d: &Dossier, config: &RuleConfig) -> Vec<Finding> {
    let mut out = subject_overlap(d);
    out.extend(consecutive_summons(d, config));
    out
}

pub(crate) fn subject(doc: &Document) -> Option<String> {
    let name = person_key(&doc.fields.subject.as_ref()?.value);
    (!name.is_empty()).then_some(name)
}

/// The person two transcripts both question: the same name, or names a character apart
/// with the same ID number in both headers, a character of one name misread (「喜庆兵」 for
/// 袁庆兵, seed 2060 s004 p11). Names a character apart alone are two people as often as one.
/// Where OCR lost one header's name, the same number, whole and passing its check digit, is
/// the same person (「人 让 性“年数27”」 over 511302199502044275, seed 2074 s005 p13: the
/// suspect questioned twice at once went unflagged): no two people share one.
fn same_subject(a: &Document, b: &Document) -> Option<String> {
    let same_number = number(a).filter(|n| checksum_ok(n) && Some(n) == number(b).as_ref());
    match (subject(a), subject(b)) {
        (Some(name_a), Some(name_b)) if name_a == name_b => Some(name_a),
        (Some(name_a), Some(name_b)) => {
            (same_name(&name_a, &name_b) && same_number.is_some()).then_some(name_a)
        }
        (Some(name), None) | (None, Some(name)) => same_number.map(|_| name),
        (None, None) => same_number.map(|n| format!("身份号码{n}的当事人")),
    }
}

/// The citizen number a transcript's header gives, read whole.
fn number(doc: &Document) -> Option<String> {
    doc.fields
        .id_number
        .as_ref()
        .map(|id| id.value.clone())
        .filter(|v| v.chars().count() == 18)
}

fn subject_overlap(d: &Dossier) -> Vec<Finding> {
    let mut out = Vec::new();
    for Overlap {
        a,
        b,
        a_range,
        b_range,
    } in overlapping_transcripts(d)
    {
        let ((a_start, a_end), (b_start, b_end)) = (a_range, b_range);
        let Some(who) = same_subject(a, b) else {
            continue;
        };
        // With an officer in both, `timing.officer_overlap` already reports this pair: one
        // contradiction, one flag for the reviewer.
        if !shared_officers(d, a, b).is_empty() {
            continue;
        }
        out.push(Finding {
            rule: SUBJECT_OVERLAP.id,
            page: b_start.page,
            document: Some(b.index),
            bbox: b_start.bbox,
            message: format!(
                "{who}在第{}页和第{}页两份笔录中同时被讯（询）问，时间重叠（{}至{}；{}至{}）",
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
    out
}

static SUMMONED_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?:传唤|拘传)(?:\S{0,12}?)(?:犯罪嫌疑人|违法嫌疑人|被传唤人)([\p{Han}·]{2,5}?)[（(,，]")
});
static RELEASE: LazyLock<Regex> = LazyLock::new(|| compile(r"释放|放回|放其回家|解除传唤|准予离开|让其回家"));

/// A summons with stated times and whom it held.
pub(crate) struct Custody {
    pub person: String,
    pub document: usize,
    pub span: Span,
}

pub(crate) fn custodies(d: &Dossier) -> Vec<Custody> {
    let mut out: Vec<Custody> = Vec::new();
    for doc in d.documents_of(DocKind::Summons) {
        let text = doc_text(d, doc);
        let person = SUMMONED_PERSON.captures(&text).map(|c| person_key(&c[1]));
        if let (Some(person), Some(span)) = (person, summons_span(d, doc)) {
            out.push(Custody {
                person,
                document: doc.index,
                span,
            });
        }
    }
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let person = known_as(d, doc);
        if let (Some(person), Some(span)) = (person, arrival_line(d, doc)) {
            out.push(Custody {
                person,
                document: doc.index,
                span,
            });
        }
    }
    // The same summons read twice (its 传唤证 and a transcript, or two transcripts of it).
    out.sort_by(|a, b| (&a.person, a.span.from, a.span.to).cmp(&(&b.person, b.span.from, b.span.to)));
    out.dedup_by(|b, a| a.person == b.person && a.span.from == b.span.from && a.span.to == b.span.to);
    out
}

/// The name a transcript's subject goes by across the dossier: that of the first transcript
/// questioning the same person (`same_subject`: the same name, or the same citizen number
/// with the names a character apart or one of them unread). OCR misreads a character of one
/// header's name now and then (「区涛德」 for 蔡涛德 beside the same number, seed 2076 s017
/// p10: summoned again 2h32 after the first summons ended, unflagged) or loses the name
/// (「被询问人 何 性别 男」 for 何建东, seed 2070 s035 p8): the person is one, and so are
/// their summonses.
fn known_as(d: &Dossier, doc: &Document) -> Option<String> {
    d.documents
        .iter()
        .filter(|o| o.kind.is_transcript())
        .filter(|o| o.index == doc.index || same_subject(o, doc).is_some())
        .find_map(subject)
}

/// Whether a line with a release word and a time in `[from, to]` is anywhere in the dossier.
fn released_between(d: &Dossier, from: NaiveDateTime, to: NaiveDateTime) -> bool {
    d.pages.iter().flat_map(|p| p.lines.iter()).any(|l| {
        let text = compact(&l.text);
        RELEASE.is_match(&text) && datetimes_in(&text, from).iter().any(|t| (from..=to).contains(t))
    })
}

fn consecutive_summons(d: &Dossier, config: &RuleConfig) -> Vec<Finding> {
    let gap_limit = i64::from(config.timing.consecutive_gap_hours) * 60;
    let all = custodies(d);
    let mut out = Vec::new();
    for pair in all.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        if prev.person != next.person {
            continue;
        }
        let gap = (next.span.from - prev.span.to).num_minutes();
        // A negative gap is one custody read two ways (or a duration problem), not two.
        if !(0..gap_limit).contains(&gap) || released_between(d, prev.span.to, next.span.from) {
            continue;
        }
        out.push(Finding {
            rule: CONSECUTIVE_SUMMONS.id,
            page: next.span.page,
            document: Some(next.document),
            bbox: next.span.bbox,
            message: format!(
                "{}于{}至{}被传唤后，间隔{}小时{}分即于{}再次被传唤，期间未记载释放，间隔不足{}小时，疑似以连续传唤变相拘禁",
                next.person,
                fmt(prev.span.from),
                short(prev.span.to),
                gap / 60,
                gap % 60,
                fmt(next.span.from),
                config.timing.consecutive_gap_hours
            ),
            evidence: next.span.evidence.clone(),
        });
    }
    out
}

//! The header of a transcript (讯问笔录 / 询问笔录): the label–value pairs above the first
//! question. Values run from the end of one label to the start of the next on the same line,
//! so free-line headers, ruled tables (cells arrive as one line with gaps) and two fields to a
//! line all read the same way.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{Located, TranscriptFields};
use crate::geom::{Rect, median};
use crate::page::{Glyph, Line, Page};
use crate::structure::labels::{any_of, compile, first_qa_line};
use crate::text::datetime::{arabic_numerals, first_date, time_range};
use crate::text::fold::Folded;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Time,
    Location,
    Investigator,
    Recorder,
    Subject,
    IdNumber,
    Sex,
    Age,
    Birth,
    /// A label we do not read, kept so that it ends the value before it.
    Other,
}

const FIELDS: [(Field, &str); 10] = [
    (Field::Time, "time"),
    (Field::Location, "location"),
    (Field::Investigator, "investigator"),
    (Field::Recorder, "recorder"),
    (Field::Subject, "subject"),
    (Field::IdNumber, "id"),
    (Field::Sex, "sex"),
    (Field::Age, "age"),
    (Field::Birth, "birth"),
    (Field::Other, "other"),
];

pub(crate) const INVESTIGATOR_LABELS: &[&str] = &[
    "询问/讯问人",
    "讯问人",
    "询问人",
    "侦查员",
    "侦查人员",
    "讯问民警",
    "询问民警",
    "办案民警",
    "承办民警",
    "讯问人员",
    "询问人员",
    "办案人",
    "承办人",
];
/// An investigators' label as OCR reads it with its last character lost (「侦查 。」 for
/// 侦查员, 「询问民 :」 for 询问民警, 「侦查(签名)」): taken only where it starts a line and a
/// separator or the bracketed 签名 follows, as no other line of a form begins. Also 讯问人
/// with its first character lost or misread (「和问人签名)」, seed 2042 s040 p11) where 签名
/// follows: not 被讯问人's, whose 被 and 讯 both would have to go. And 「侦查」 alone on its
/// line: the hand signed over the rest (seed 2044 s027 p9). And 讯问人 with its last one or
/// two characters lost where the bracketed 签名 follows (「讯(签名):方 、魏振住」, 「询问(签名):
/// 方庆」, seed 2053 s022): 被询问人's would have lost 被 and 人 both. And 讯问人 with its 问
/// misread where 签名 follows at the line's start (「讯梧人签名)」, seed 2067 s013 p10): 被讯问人's
/// would have lost 被 and 问 both. And 讯问民警 with 警 misread, its 问 too, before a colon
/// (「讯间民区:」, seed 2072 s011 p10: unread, the investigators' row went unjudged and a
/// missing signature unflagged); not before a space, which the hand over a typed row leaves
/// (「询问 民莘 许亮 起、和孔晨归 闻」, 2072 s005 p19, is that row read a second time).
pub(crate) const INVESTIGATOR_CLIPPED: &str = r"^\s*(?:[讯询]\s*\p{Han}\s*人\s*[(\[〈<《“\x22]?\s*签\s*[名字]\s*[)\]〉>》”\x22]?\s*:?|[讯询]\s*问?\s*[(\[〈<]\s*签\s*[名字]\s*[)\]〉>]\s*:?|[讯询]\s*[问间]\s*民\s*\p{Han}\s*[:;]|(?:侦\s*查|[讯询]\s*问\s*民)(?:\s*[(\[〈<]\s*签\s*[名字]?\s*[)\]〉>]?\s*:?|\s*[:,;。.]|\s)|侦\s*查\s*$|[^\s被讯询]?\s*[问间]\s*人\s*[(\[〈<《]?\s*[签答]\s*[名字]\s*[)\]〉>》]?\s*:?)";
pub(crate) const RECORDER_LABELS: &[&str] = &["记录人", "记录员"];
/// A recorder's label with its last character lost (「记录:/」 for 记录人, seed 2044 s001 p9;
/// 「记录( 名)」): taken only where it starts a line and a colon or a bracket follows.
const RECORDER_CLIPPED: &str = r"^\s*记\s*录\s*(?:[:;]|[(\[〈<])";
/// A recorder's label with its 录 misread, where 签名 follows at the line's start (「记淡人“签名)”」,
/// seed 2067 s013 p10): no other line of a form starts 记, a character, 人 and 签名.
pub(crate) const RECORDER_MISREAD: &str =
    r"^\s*记\s*\p{Han}\s*[人员]\s*[(\[〈<《“\x22]?\s*签\s*[名字]\s*[)\]〉>》”\x22]?\s*:?";
pub(crate) const SUBJECT_LABELS: &[&str] = &[
    "被询问/讯问人",
    "被讯(询)问人",
    "被询(讯)问人",
    "被讯问人",
    "被询问人",
    "犯罪嫌疑人",
    "违法嫌疑人",
];

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // OCR reads the bracket of 「（签名）」 as 〔, 〈, 《 or 【 too (「记录人《签名):/」, seed 2073
    // s016 p15), and now and then twice (「(〈签名)」) or not at all, the closing one kept
    // (「记录人签名) :/」, seed 2067 s001 p16).
    let sign = r"(?:\s*[(\[〈<《【]{1,2}\s*签\s*[名字]\s*[)\]〉>》】]{1,2}|\s*签\s*[名字]\s*[)\]〉>》】]?)?";
    let alts = [
        format!(
            "(?P<time>{})",
            any_of(&["讯问时间", "询问时间", "起止时间", "时间"])
        ),
        // 「地点：」 with 点 lost (「地:绵阳市…」, 「地;佛山市…」: seed 2042 s004 p7, s009 p16),
        // starting a line: no other label is 地 alone; or with 地 misread (「好点:南通市第一人民
        // 医院…」, seed 2062 s009 p10): no other label of the header ends in 点.
        format!(
            r"(?P<location>{}|^\s*地\s*[:;]|^\s*\p{{Han}}\s*点\s*[:;])",
            any_of(&["讯问地点", "询问地点", "地点"])
        ),
        format!(
            "(?P<investigator>{}{sign}|{INVESTIGATOR_CLIPPED})",
            any_of(INVESTIGATOR_LABELS)
        ),
        format!(
            "(?P<recorder>(?:{}){sign}|{RECORDER_CLIPPED}|{RECORDER_MISREAD})",
            any_of(RECORDER_LABELS)
        ),
        format!(
            "(?P<subject>{}(?:\\s*姓\\s*名)?|{})",
            any_of(SUBJECT_LABELS),
            any_of(&["姓名"])
        ),
        format!(
            "(?P<id>{})",
            any_of(&[
                "公民身份号码",
                "身份证件种类及号码",
                "证件种类及号码",
                "身份证件号码",
                "身份证号码",
                "身份证号",
                "证件号码"
            ])
        ),
        format!("(?P<sex>{})", any_of(&["性别"])),
        format!("(?P<age>{})", any_of(&["年龄"])),
        format!(
            r"(?P<birth>{}|出\s*生\s*\p{{Han}}\s*期)",
            // 「出生日」: 期 lost to OCR, or the form's own word. 出生?期 with its 日 misread
            // (「出生旦期1969-07-26」, seed 2081 s016 p6: unread, a stated age the underline
            // through its digits made 39 of 49 was taken against the number).
            any_of(&["出生日期", "出生时间", "出生年月日", "出生年月", "出生日"])
        ),
        format!(
            "(?P<other>{})",
            any_of(&[
                "工作单位",
                // Its last character lost to OCR (「工作单 阳市公安局…」): left unread, the
                // unit ran on into the officers' names as 「工作单」 and 「民路」.
                "工作单",
                "民族",
                "文化程度",
                "现住址",
                "户籍所在地",
                "户籍地",
                "住址",
                "联系方式",
                "联系电话",
                "职业",
                "政治面貌",
                "籍贯",
                "出生地",
                "别名",
                "曾用名",
                "绰号",
                "到达时间",
                "离开时间",
                "身份",
                "单位",
                "电话",
                "是否人大代表",
                "人大代表",
            ])
        ),
    ];
    // Every label may be followed by a colon; it must not be in the middle of a word such as
    // 「讯问人员」 already covered, so longer alternatives come first inside each group.
    compile(&format!(r"(?:{})\s*:?", alts.join("|")))
});

static SIGN_NOTE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"[(（\[〈<]?\s*签\s*名?\s*[)）\]〉>]?|名\s*[)）\]〉>]"));
/// An 18-character ID number standing alone: not the tail of a longer run of digits (a
/// date written right before it, 「1975-02-20 4211…」, must not run into it).
static ID_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:^|[^0-9])([0-9]{17}[0-9Xx])(?:[^0-9Xx]|$)"));

fn id_in(text: &str) -> Option<String> {
    ids_in(text).next()
}

/// Every ID number standing alone in `text` (folded: no spaces between its digits), in
/// capitals.
pub fn ids_in(text: &str) -> impl Iterator<Item = String> + '_ {
    ID_NUMBER
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().to_uppercase())
}
static SESSION: LazyLock<Regex> = LazyLock::new(|| compile(r"第\s*(\d{1,2})\s*次"));
/// Minutes of three digits or more after the hour, or an hour of three digits (「31月114时0分」
/// for 31日11时0分, seed 2062 s032 p20: its last two digits read as the hour, 14 for 11). A
/// packed date-time runs eight digits or more into its 时.
static OVERLONG_FIELD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"[时点:]\s*\d{3,}\s*分|(?:^|\D)\d{3}\s*[时点]"));
/// A month or day of three digits or more (「2002年9月235日」 for 9月25日, seed 2074 s016 p12:
/// read as the 23rd, and the suspect's number, born the 25th, called another's).
static OVERLONG_DATE: LazyLock<Regex> = LazyLock::new(|| compile(r"[年月]\s*\d{3,}\s*[月日]"));

/// An age is a run of one to three digits, never the head of a longer one: with the age left
/// unread (「年龄。出生日20070812」, seed 2058 s031 p12) the digits after it are the birth
/// date's, and their first three an age of 200.
static AGE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:^|\D)(\d{1,3})(?:\D|$)"));

/// One label and its value on a line.
struct Pair {
    field: Field,
    value_text: String,
    /// Char range of label + value, for the evidence box.
    whole: (usize, usize),
    /// Char range of the label alone (colon and spaces after it left out).
    label: (usize, usize),
    /// Whether the label starts the line or follows a space (a form's label, not a word in
    /// running text).
    standalone: bool,
    /// Char index where the next label starts, if another follows on the line.
    next: Option<usize>,
}

/// Labels that no header value contains: after an empty value (「记录人：　工作单位××」, an
/// underlined form with the unit run on) they start the next pair, never continue the last.
const NEVER_A_VALUE: [&str; 7] = [
    "工作单",
    "性别",
    "年龄",
    "出生日期",
    "文化程度",
    "联系方式",
    "联系电话",
];

fn pairs(line: &Line) -> Vec<Pair> {
    let folded = Folded::spaced(&line.text);
    // A label ends at a colon, a space, a bracket or a digit. Forms without colons
    // (「地点佛山市…」) are read too, but a label word right after another label is that
    // label's value: 「地点 被询问人家中」 is a place, not the label 「被询问人」.
    let mut caps = Vec::new();
    let mut last_end: Option<usize> = None;
    for c in LABEL.captures_iter(&folded.text) {
        let Some(m) = c.get(0) else { continue };
        let bounded = m.as_str().ends_with([':', ' '])
            || folded.text[m.end()..]
                .chars()
                .next()
                .is_none_or(|n| n.is_whitespace() || n == '(' || n.is_ascii_digit());
        let follows_label = last_end.is_some_and(|e| folded.text[e..m.start()].trim().is_empty());
        if bounded || !follows_label || NEVER_A_VALUE.iter().any(|l| m.as_str().starts_with(l)) {
            last_end = Some(m.end());
            caps.push(c);
        }
    }
    let mut out = Vec::new();
    for (i, c) in caps.iter().enumerate() {
        let Some(m) = c.get(0) else { continue };
        let field = FIELDS
            .iter()
            .find(|(_, name)| c.name(name).is_some())
            .map_or(Field::Other, |(f, _)| *f);
        let end = caps
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(folded.text.len(), |n| n.start());
        let raw_value = &folded.text[m.end()..end];
        let edge = |c: char| c.is_whitespace() || c == ':' || c == ',' || c == ';';
        let trimmed = raw_value.trim_matches(edge);
        // Byte offsets into `folded.text`: the lead must be measured with the same trimming.
        let lead = raw_value.len() - raw_value.trim_start_matches(edge).len();
        let vstart = m.end() + lead;
        let vend = vstart + trimmed.len();
        let whole = folded
            .source_range(m.start(), vend.max(m.end()))
            .unwrap_or((0, 0));
        let label_end = m.start() + m.as_str().trim_end_matches([':', ' ']).len();
        let label = folded.source_range(m.start(), label_end).unwrap_or(whole);
        let before = &folded.text[..m.start()];
        // OCR's specks before a line's first label (「.侦查员 严健、陆丽红」, seed 2042 s033
        // p14) leave it a form's label.
        let standalone = before.chars().next_back().is_none_or(char::is_whitespace)
            || before.chars().all(|c| !c.is_alphanumeric());
        let next = caps
            .get(i + 1)
            .and_then(|n| n.get(0))
            .and_then(|n| folded.source_range(n.start(), n.end()))
            .map(|r| r.0);
        out.push(Pair {
            field,
            value_text: trimmed.to_string(),
            whole,
            label,
            standalone,
            next,
        });
    }
    out
}

/// A value that opens 「于」 and a date: the label is a sentence's (the arrival note's
/// 「被询问人于…到达」), not the form's.
static ARRIVED_ON: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s*于\s*\d"));

/// The lines of the header: on the document's first page, those above the first question.
pub(crate) fn header_lines(page: &Page) -> &[Line] {
    let end = first_qa_line(page).unwrap_or(page.lines.len());
    &page.lines[..end]
}

/// Reads the transcript header from the document's first page.
pub fn read(page: &Page) -> TranscriptFields {
    let mut f = TranscriptFields::default();
    let lines = header_lines(page);
    // The one character OCR read of a listed investigator's name, where that is all it read.
    let mut fragment: Option<char> = None;
    for (li, line) in lines.iter().enumerate() {
        for p in pairs(line) {
            match p.field {
                Field::Time if f.start.is_none() => {
                    let mut text = p.value_text.clone();
                    // A range that wraps: 「…10时20分」 / 「至11时40分」.
                    if let Some(next) = lines.get(li + 1) {
                        let n = Folded::spaced(&next.text).text;
                        if !text.contains('至') && (n.starts_with('至') || n.starts_with("到")) {
                            text.push_str(&n);
                        }
                    }
                    let (start, end) = time_range(&text);
                    // Minutes or an hour read with a digit too many (「11时355分」, seed 2059 s034
                    // p9) are no reading of them, however confident each digit: in doubt.
                    let overlong = OVERLONG_FIELD.is_match(&arabic_numerals(&text));
                    let doubt = |l: Located<_>| if overlong { Located { conf: 0.0, ..l } } else { l };
                    f.start = start.map(|v| doubt(locate_digits(v, page.number, line, p.whole)));
                    f.end = end.map(|v| doubt(locate_digits(v, page.number, line, p.whole)));
                }
                Field::Location if f.location.is_none() && !p.value_text.is_empty() => {
                    let mut place = locate(p.value_text.clone(), page.number, line, p.whole);
                    if p.next.is_none()
                        && let Some(rest) = run_on(lines, li)
                    {
                        place.value.push_str(&rest);
                    }
                    f.location = Some(place);
                }
                // A bare 「地点」 whose place OCR read as lines of their own level with it: the
                // cell's value wrapped beside its label (「河南省洛阳市…经批准在其住处讯」 / 「问)」,
                // seed 2072 s037 p9: left unread, the officers' row below stood in for it and an
                // approved home interrogation was flagged as out of the interrogation room).
                Field::Location if f.location.is_none() && p.standalone => {
                    let within = Within::of(line, &p);
                    if let Some((j, _)) = cell_line(lines, li, within) {
                        let value = cell_parts(lines, li, within).trim().to_string();
                        let whole = (0, lines[j].glyphs.len());
                        f.location = (!value.is_empty()).then(|| Located {
                            value,
                            ..locate(String::new(), page.number, &lines[j], whole)
                        });
                    }
                }
                // Only a form's label names the officers: 「询问人」 inside running text (the
                // summons note 「…的被询问人于9时5分到达…」 with 被 misread) is a word, and
                // its value (「分到达」「分离开」) no names.
                Field::Investigator if p.standalone => {
                    // A name OCR read one character of, or a list opening with its separator
                    // (or a stray mark where it stood): the first name was lost (「询问:、莫桂芳」,
                    // 「侦查员(签名): `马倩燕」 with 「莫磊宇 莫磊宇、」 unread, seeds 2051 s034
                    // p7, 2053 s016 p10; 「\`王洁兰王汇兰」 with 闫阳林 and his hand unread, seed
                    // 2079 s001 p16).
                    // (Not a bar: a table's cell border read so stands before a whole list.)
                    let opens_list = opens_with_separator(&p.value_text)
                        || p.value_text.trim_start().starts_with(['`', '\\']);
                    // So was a name cut after its first character by a quote, a hand read on
                    // after it (「史“N必、孔涛峰」 for 史超 and his scrawl, seed 2082 s007 p20).
                    let one_char = p
                        .value_text
                        .split(LIST_SEPARATORS)
                        .find(|item| name_chars(item) == 1 || cut_by_quote(item))
                        .filter(|_| p.value_text.contains(LIST_SEPARATORS));
                    if page.is_scan() && (opens_list || one_char.is_some()) {
                        f.investigators_unread = true;
                    }
                    if page.is_scan() && !opens_list {
                        fragment = one_char.and_then(|item| item.chars().find(|c| is_name_char(*c)));
                    }
                    let mut read_to = 0;
                    let (found, cell) = names_found_in(&p.value_text, lines, li, Within::of(line, &p));
                    // Read on the wrapped cell's own line, the names are judged by its glyphs.
                    let (on, range) = match cell {
                        Some(j) => (&lines[j], (0, lines[j].glyphs.len())),
                        None => (line, p.whole),
                    };
                    // On a scan, the value's parts too long for a name are looked at too, in
                    // their place: a typed name with a signature read on after it.
                    let found = if page.is_scan() && cell.is_none() {
                        names_or_read_on(&p.value_text)
                    } else {
                        found
                    };
                    for name in found {
                        let name = if page.is_scan() {
                            let typed = if name.chars().count() > name_max(&name) {
                                // A hand as level as print leaves no band to tell it by; a
                                // name that starts again after itself (「谭东新谭东新」, seed
                                // 2048 s027 p18) is the typed name and its signature still.
                                typed_prefix(on, range, &name, &mut read_to).or_else(|| {
                                    let again = signed_again(name.clone());
                                    (again.len() < name.len()).then_some(again)
                                })
                            } else {
                                typed_name(on, range, name, &mut read_to)
                            };
                            match typed {
                                Some(n) => signed_again(n),
                                None => continue,
                            }
                        } else {
                            name
                        };
                        // On a scan, a name one character off one already listed is the
                        // officer's signature beside the typed name, read as text (「金俊斌
                        // 金俊总」): the same officer, not another.
                        let listed = |i: &Located<String>| {
                            i.value == name || (page.is_scan() && same_name(&i.value, &name))
                        };
                        if !f.investigators.iter().any(listed) {
                            f.investigators.push(locate(name, page.number, line, p.whole));
                        }
                    }
                    // A wrapped cell's line listing two names of which one was kept lost the
                    // other to its reading (「签名) 谭杰辉、董兵 太 首兵」, 谭杰辉's boxes off the
                    // print band, seed 2058 s006 p7): a doubt, as on the label's own line.
                    if let Some(j) = cell
                        && page.is_scan()
                        && f.investigators.len() == 1
                        && lists_two(&lines[j].text)
                    {
                        f.investigators_unread = true;
                    }
                }
                // Struck out in the value, or in the level line of a wrapped table cell
                // (「记录员（签」/「/」/「名）」).
                Field::Recorder
                    if f.recorder.is_none()
                        && (is_struck(&p.value_text)
                            || (names(&p.value_text).is_empty()
                                && is_struck(&cell_continuation(lines, li, Within::of(line, &p))))) =>
                {
                    f.recorder_struck = true;
                }
                Field::Recorder if f.recorder.is_none() => {
                    f.recorder = names_in(&p.value_text, lines, li, Within::of(line, &p))
                        .into_iter()
                        .next()
                        .map(|n| locate(n, page.number, line, p.whole));
                }
                // 「…的被询问人于4月7日21时23分到达」: the arrival note's words, no name
                // (「于月」, seed 2070 s035 p8, its digits dropped).
                Field::Subject if f.subject.is_none() && !ARRIVED_ON.is_match(&p.value_text) => {
                    f.subject = names_in(&p.value_text, lines, li, Within::of(line, &p))
                        .into_iter()
                        .next()
                        .map(|n| locate(n, page.number, line, p.whole));
                }
                Field::IdNumber if f.id_number.is_none() => {
                    f.id_number =
                        id_in(&p.value_text).map(|id| locate_digits(id, page.number, line, p.whole));
                }
                Field::Sex if f.sex.is_none() => {
                    let v = p.value_text.chars().find(|c| *c == '男' || *c == '女');
                    f.sex = v.map(|c| locate(c.to_string(), page.number, line, p.whole));
                }
                Field::Age if f.age.is_none() => {
                    let t = arabic_numerals(&p.value_text);
                    f.age = AGE
                        .captures(&t)
                        .and_then(|c| c[1].parse().ok())
                        .map(|a| locate_digits(a, page.number, line, p.whole));
                }
                Field::Birth if f.birth_date.is_none() => {
                    // A date wrapped in its table cell (「1980年11月27」 above the label's line,
                    // 「日」 below) is read from the cell's parts, top to bottom.
                    // A unit read with a digit too many is no reading of it: in doubt.
                    let overlong = OVERLONG_DATE.is_match(&arabic_numerals(&p.value_text));
                    f.birth_date = first_date(&p.value_text)
                        .or_else(|| first_date(&cell_parts(lines, li, Within::of(line, &p))))
                        .map(|d| locate_digits(d, page.number, line, p.whole))
                        .map(|l| if overlong { Located { conf: 0.0, ..l } } else { l });
                }
                _ => {}
            }
        }
        if f.session.is_none() {
            let t = arabic_numerals(&Folded::of_str(&line.text).text);
            if let Some(c) = SESSION.captures(&t) {
                f.session = c[1].parse().ok().map(|n| Located {
                    value: n,
                    page: page.number,
                    bbox: line.bbox,
                    raw: line.text.clone(),
                    conf: 1.0,
                });
            }
        }
    }
    if f.start.is_none() {
        // The time's label garbled past reading (「起止时间」 as 「起:」, seed 2042 s037 p16):
        // a header line that runs from one date and time to another (「…至…」) is the time.
        let ranged = lines.iter().find_map(|line| {
            let text = Folded::spaced(&line.text).text;
            match time_range(&text) {
                (Some(start), Some(end)) if text.contains('至') => Some((line, start, end)),
                _ => None,
            }
        });
        if let Some((line, start, end)) = ranged {
            let whole = (0, line.glyphs.len());
            f.start = Some(locate(start, page.number, line, whole));
            f.end = Some(locate(end, page.number, line, whole));
        }
    }
    if f.location.is_none() {
        f.location = lines.iter().find_map(|line| clipped_place(page, line));
    }
    // A listed name OCR read one character of that opens the recorder's name is the recorder's
    // (「讯问民警:汪宇超、秦」 over 「记录人:秦蔬」, seed 2072 s011 p8): the recorder is as a rule
    // the second investigator, and the doubt that name left is settled.
    if let (Some(first), Some(recorder)) = (fragment, f.recorder.as_ref())
        && f.investigators_unread
        && recorder.value.chars().count() >= 2
        && recorder.value.starts_with(first)
        && !f.investigators.iter().any(|i| i.value == recorder.value)
        && let Some(listed) = f.investigators.last()
    {
        f.investigators.push(Located {
            value: recorder.value.clone(),
            ..listed.clone()
        });
        f.investigators_unread = false;
    }
    if f.investigators.is_empty()
        && let Some((line, (found, first_lost))) = lines.iter().find_map(|l| bare_asker(l).map(|n| (l, n)))
        && !found
            .iter()
            .any(|n| f.subject.as_ref().is_some_and(|s| same_name(&s.value, n)))
    {
        f.investigators_unread |= first_lost && page.is_scan();
        f.investigators = found
            .into_iter()
            .map(|n| Located {
                value: n,
                page: page.number,
                bbox: line.bbox,
                raw: line.text.clone(),
                conf: 1.0,
            })
            .collect();
    }
    if f.id_number.is_none() {
        // An ID number written without its label (or under a label we do not know).
        for line in lines {
            let t = Folded::spaced(&line.text).text;
            if let Some(id) = id_in(&t) {
                f.id_number = Some(Located {
                    value: id,
                    page: page.number,
                    bbox: line.bbox,
                    raw: line.text.clone(),
                    conf: 1.0,
                });
                break;
            }
        }
    }
    f
}

/// 「询问民警：」 as OCR reads it with 民警 lost (seed 2038 s003 p6: 「询问:、雷华」), which is
/// also what 「询问地点：」 and 「询问时间：」 become with their last two characters lost; and
/// 「询问人」 with 人 read as a full stop (「询问。天全 大新 工作单位…」, seed 2050 s010 p17). Not
/// 人 lost to a space: the title 「询问笔录」 garbled reads 「询问 笔有」 (seed 2047 s002 p12).
static BARE_ASKER: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s*[讯询]\s*问\s*[:;。.]\s*(.+)$"));

/// The officers' names after a bare 「询问：」 starting a header line, read only where no
/// investigators' label was (`read`): taken where everything after it, up to the next label on
/// the line (a ruled form's 工作单位 cell), is one to three names, as no place or time is.
/// Also whether the list opens with its separator, its first name lost (「询问:、莫桂芳」,
/// seed 2051 s034 p7).
fn bare_asker(line: &Line) -> Option<(Vec<String>, bool)> {
    let folded = Folded::spaced(&line.text).text;
    let rest = BARE_ASKER.captures(&folded)?.get(1)?.as_str();
    let value = LABEL.find(rest).map_or(rest, |m| &rest[..m.start()]);
    let items: Vec<usize> = value
        .split(|c: char| c.is_whitespace() || LIST_SEPARATORS.contains(&c) || c == ';')
        .map(name_chars)
        .filter(|n| *n > 0)
        .collect();
    let found = names(value);
    let all_names = !items.is_empty() && items.iter().all(|n| (2..=4).contains(n));
    let first_lost = opens_with_separator(value);
    (all_names && found.len() == items.len() && found.len() <= 3).then_some((found, first_lost))
}

/// A header field that `blank_labels` can find printed but not filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankField {
    /// The start of 时间 (「    年  月  日  时  分 至 …」).
    Start,
    /// The end of 时间 (「至    年  月  日  时  分」).
    End,
    Location,
    Investigator,
    Recorder,
    Subject,
}

/// A printed header label with nothing written after it.
#[derive(Debug, Clone, PartialEq)]
pub struct BlankLabel {
    pub field: BlankField,
    /// The label as printed (folded, without 「（签名）」 or the colon), e.g. 「地点」.
    pub label: String,
    /// The label's box.
    pub bbox: Rect,
    /// The area after the label where the value belongs (up to the next label).
    pub area: Rect,
    /// The label and its (blank) value as printed, for the defect's evidence.
    pub raw: String,
}

/// The header fields whose label is printed on the transcript's first page with nothing
/// after it: no text, only spaces, underscores or the printed 「年月日时分」 of a date. A
/// field that is absent is not blank (the form may not have it, or reading failed), nor is
/// one whose value `read` finds anywhere, one with anything placed in its area (handwriting
/// as an image or strokes), one continued in the level line of a wrapped table cell or on
/// the next line, nor one struck out with 「/」「—」 or 「无」 (those are text). At most one
/// per field.
pub fn blank_labels(page: &Page) -> Vec<BlankLabel> {
    let read_back = read(page);
    let lines = header_lines(page);
    let mut out: Vec<BlankLabel> = Vec::new();
    let mut seen_time = false;
    let mut time_line = None;
    let mut seen_place = false;
    for (li, line) in lines.iter().enumerate() {
        for p in pairs(line) {
            seen_place |= p.field == Field::Location;
            let field = match p.field {
                Field::Time => {
                    if std::mem::replace(&mut seen_time, true) {
                        continue;
                    }
                    time_line = Some(li);
                    None
                }
                Field::Location if read_back.location.is_none() => Some(BlankField::Location),
                Field::Investigator if read_back.investigators.is_empty() => Some(BlankField::Investigator),
                Field::Recorder if read_back.recorder.is_none() => Some(BlankField::Recorder),
                // 「被讯问人（签名）」 is a signature slot, not the header's name.
                Field::Subject if read_back.subject.is_none() && !p.value_text.contains('签') => {
                    Some(BlankField::Subject)
                }
                _ => continue,
            };
            if !p.standalone || out.iter().any(|b| Some(b.field) == field) {
                continue;
            }
            let blank: Vec<BlankField> = match field {
                Some(f) => {
                    let value = SIGN_NOTE.replace_all(&p.value_text, " ");
                    let empty = value
                        .trim_matches(|c: char| c.is_whitespace() || ":,;()".contains(c))
                        .is_empty();
                    if empty && !continued(lines, li, Within::of(line, &p)) {
                        vec![f]
                    } else {
                        Vec::new()
                    }
                }
                None => blank_times(&p.value_text, lines, li, Within::of(line, &p), &read_back),
            };
            if blank.is_empty() {
                continue;
            }
            // A name's label character OCR boxed several characters wide has swallowed what
            // followed it: the value may be inside (「录」 67 pt wide over 「录人」 and the name
            // for 10 pt print, seed 2047 s021 p8). Not where a character of the label still
            // follows it: the value comes after the label (「录」 30 pt wide, then 「人:」 and a
            // blank, seed 2068 s001 p12). (A time's halves are judged on their own.)
            let label_char_after = |i: usize| {
                (i + 1..p.label.1)
                    .filter_map(|j| line.glyphs.get(j))
                    .any(|g| crate::text::is_ideograph(g.ch))
            };
            let swallowed = field.is_some()
                && line.print_height().is_some_and(|h| {
                    (p.label.0..p.label.1)
                        .filter(|&i| line.glyphs.get(i).is_some_and(|g| g.bbox.width() > 2.5 * h))
                        .any(|i| !label_char_after(i))
                });
            if swallowed {
                continue;
            }
            let label_box = line.span_bbox(p.label.0, p.label.1).unwrap_or(line.bbox);
            let area = value_area(page, line, label_box, p.next);
            // Each half of a time is judged by its own ink: the start filled in on a scan leaves
            // its print's rims, which are no hand in the end's blanks.
            let blank: Vec<(BlankField, Rect)> = blank
                .into_iter()
                .map(|f| (f, time_half(line, &area, f)))
                .filter(|(_, half)| !has_marks(page, line, half))
                .collect();
            if blank.is_empty() {
                continue;
            }
            let label: String = Folded::of_str(
                &line
                    .text
                    .chars()
                    .skip(p.label.0)
                    .take(p.label.1.saturating_sub(p.label.0))
                    .collect::<String>(),
            )
            .text;
            let label = SIGN_NOTE
                .replace_all(&label, "")
                .trim_end_matches(':')
                .to_string();
            let raw: String = line
                .text
                .chars()
                .skip(p.whole.0)
                .take(p.next.unwrap_or(line.glyphs.len()).saturating_sub(p.whole.0))
                .collect::<String>()
                .trim_end()
                .to_string();
            for (field, area) in blank {
                out.push(BlankLabel {
                    field,
                    label: label.clone(),
                    bbox: label_box,
                    area,
                    raw: raw.clone(),
                });
            }
        }
    }
    if !seen_time && read_back.end.is_none() {
        out.extend(blank_end_by_content(page, lines));
    }
    if !seen_place && read_back.location.is_none() {
        out.extend(time_line.and_then(|li| blank_place_by_position(page, lines, li)));
    }
    out
}

/// 「询问地点：」 with 地点 lost, its value read (「询问:绍兴市公安局越城区分局人民路派出所民警办公室」,
/// seed 2063 s038 p7: an administrative suspect questioned in an office went unflagged), or
/// with its colon lost too (「讯问 押解途中警车上」, 2064 s025 p9) or 地点 run into the place
/// (「讯问党城区城市便捷酒店486房间」 for 讯问地点 涪城区…, 2064 s001 p9). 「询问:」 clips
/// 询问时间 as often, so only a value that holds no date or time and names a place is the
/// place; nor is the officers' row (「讯问人（签名）… 工作单位…派出所」) or the title.
fn clipped_place(page: &Page, line: &Line) -> Option<Located<String>> {
    static CLIPPED: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s*[讯询]\s*[问间]\s*[:;]?\s*(\S.*)$"));
    static PLACE_WORD: LazyLock<Regex> =
        LazyLock::new(|| compile(r"公安|派出所|局|室|医院|中心|看守所|现场|家|车|酒店|宾馆|旅馆|房间"));
    static NOT_PLACE: LazyLock<Regex> = LazyLock::new(|| compile(r"^[人员民]|签|单位|笔录"));
    let text = Folded::spaced(&line.text).text;
    let value = CLIPPED.captures(&text)?.get(1)?.as_str().trim().to_string();
    let place = crate::text::datetime::stamps(&value).is_empty()
        && PLACE_WORD.is_match(&value)
        && !NOT_PLACE.is_match(&value);
    place.then(|| locate(value, page.number, line, (0, line.glyphs.len())))
}

/// The place's label garbled past reading (「讯问地点」 as 「讯问:」 or 「讯问」, its 地点
/// lost): the row between the time's and the officers' where the form prints 地点, holding
/// nothing but what is left of that label, is the place left blank.
fn blank_place_by_position(page: &Page, lines: &[Line], time_line: usize) -> Option<BlankLabel> {
    let line = lines.get(time_line + 1)?;
    let officers = lines
        .get(time_line + 2)
        .is_some_and(|l| pairs(l).iter().any(|p| p.field == Field::Investigator));
    let word: String = Folded::spaced(&line.text)
        .text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    // Only characters of the place's own label (「讯问地点」, 「询问地点」): a place written there
    // with its label lost (「洛阳市看守所」) is no blank.
    let bare_label = !word.is_empty() && word.chars().all(|c| "讯询问地点".contains(c));
    if !officers || !bare_label {
        return None;
    }
    let area = value_area(page, line, line.bbox, None);
    if has_marks(page, line, &area) {
        return None;
    }
    Some(BlankLabel {
        field: BlankField::Location,
        label: "地点".to_string(),
        bbox: line.bbox,
        area,
        raw: line.text.trim_end().to_string(),
    })
}

/// The time's label garbled past reading (「起止时间」 as 「起 」, 「询问时间」 as 「询问 。」):
/// the header line that runs from a date and time to 「至」 and the printed 「年月日时分」 is
/// the time, its end left blank.
///
/// The start need not read as a date: OCR garbles it as it garbles the label (「起2018年明23
/// 月7时20分至 年 月 日 时 分」, seed 2049 s026 p12); a year and an hour before 「至」 are enough
/// beside the printed template after it.
fn blank_end_by_content(page: &Page, lines: &[Line]) -> Option<BlankLabel> {
    static YEAR_AND_HOUR: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:19|20)\d{2}.*\d\s*[时点:]"));
    let line = lines.iter().find(|l| {
        let text = Folded::spaced(&l.text).text;
        text.split_once('至').is_some_and(|(start, end)| {
            (time_range(start).0.is_some() || YEAR_AND_HOUR.is_match(start))
                && template_only(end)
                && end.chars().filter(|c| "年月日时分".contains(*c)).count() >= 3
        })
    })?;
    // The label is what stands before the date: up to its first digit or 「自」.
    let lead = line
        .glyphs
        .iter()
        .position(|g| g.ch.is_ascii_digit() || g.ch == '自')
        .unwrap_or(0);
    let label_box = line.span_bbox(0, lead.max(1)).unwrap_or(line.bbox);
    let area = time_half(line, &value_area(page, line, label_box, None), BlankField::End);
    if has_marks(page, line, &area) {
        return None;
    }
    Some(BlankLabel {
        field: BlankField::End,
        label: "时间".to_string(),
        bbox: label_box,
        area,
        raw: line.text.trim_end().to_string(),
    })
}

/// The part of a field's value area a blank half of a time takes: before 「至」 for the
/// start, after it for the end; the whole area for any other field, or where the line holds
/// no 「至」 right of the label.
fn time_half(line: &Line, area: &Rect, field: BlankField) -> Rect {
    let split = line.glyphs.iter().find(|g| {
        (g.ch == '至' || g.ch == '到') && g.bbox.center_x() > area.x0 && g.bbox.center_x() < area.x1
    });
    match (field, split) {
        (BlankField::Start, Some(g)) => Rect::new(area.x0, area.y0, g.bbox.x0.max(area.x0), area.y1),
        (BlankField::End, Some(g)) => Rect::new(g.bbox.x1.min(area.x1), area.y0, area.x1, area.y1),
        _ => *area,
    }
}

/// Whether one half of a 时间 value holds only the printed 「年月日时分」: no digit, and
/// besides the template's characters (and the punctuation OCR makes of specks) no other
/// character, or one where the template is there to read (「分目」 for 「分止」, 「上日」:
/// a speck or the rule under a blank read as a character).
fn template_only(s: &str) -> bool {
    let mut printed = 0;
    let mut other = 0;
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        if c.is_numeric() {
            return false;
        }
        if "年月日时分秒止起自".contains(c) {
            printed += 1;
        } else {
            other += 1;
        }
    }
    other == 0 || (other == 1 && printed >= 3)
}

/// Which halves of a 时间 value are blank: a half is blank when nothing but the printed
/// 「年月日时分」 (`template_only`) is there. Without 「至」 only the start can be blank.
fn blank_times(
    value: &str,
    lines: &[Line],
    li: usize,
    within: Within,
    read_back: &TranscriptFields,
) -> Vec<BlankField> {
    let mut text = value.to_string();
    if let Some(next) = lines.get(li + 1) {
        let n = Folded::spaced(&next.text).text;
        if !text.contains('至') && (n.starts_with('至') || n.starts_with('到')) {
            text.push_str(&n);
        }
    }
    let mut out = Vec::new();
    match text.split_once(['至', '到']) {
        Some((start, end)) => {
            if read_back.start.is_none()
                && template_only(start)
                && (!start.trim().is_empty() || !continued(lines, li, within))
            {
                out.push(BlankField::Start);
            }
            // An empty end right after 「至」 may continue on the next line.
            if read_back.end.is_none()
                && template_only(end)
                && (!end.trim().is_empty() || li + 1 >= lines.len())
            {
                out.push(BlankField::End);
            }
        }
        None => {
            if read_back.start.is_none() && template_only(&text) && !continued(lines, li, within) {
                out.push(BlankField::Start);
            }
        }
    }
    out
}

/// A row's label OCR could not read as one, with its colon: up to six characters of a word.
static GARBLED_LABEL: LazyLock<Regex> = LazyLock::new(|| compile(r"^\p{Han}{1,6}\s*:"));

/// Whether an empty value is written elsewhere: in the level line of a wrapped table cell,
/// or, where it is its line's last, at the start of the next line (before any label) — a line
/// that starts in the value's column, not one far to the right (the wrapped unit name of the
/// row below, in its own cell).
fn continued(lines: &[Line], li: usize, within: Within) -> bool {
    if !cell_continuation(lines, li, within).trim().is_empty() {
        return true;
    }
    // A value with another label after it on its line would have been written before that
    // label, not on the next line (「记录人 工作单位 同上」 over 「被询问人 …」 garbled to
    // 「让询问人 …」, seed 2048 s002 p15).
    if within.1.is_finite() {
        return false;
    }
    let h = lines.get(li).map_or(1.0, |l| l.bbox.height().max(1.0));
    lines.get(li + 1).is_some_and(|next| {
        if next.bbox.x0 > within.0 + 3.0 * h {
            return false;
        }
        let folded = Folded::spaced(&next.text);
        let end = LABEL.find(&folded.text).map_or(folded.text.len(), |m| m.start());
        let lead = folded.text[..end].trim();
        // The title (「讯问笔录（第一次）」) is no value, nor the next row's label OCR garbled
        // past reading, a word and its colon (「被询问: “性别:…」, seed 2042 s009 p16).
        !lead.is_empty()
            && !lead.contains("笔录")
            && !GARBLED_LABEL.is_match(lead)
            && written_in_column(next, h)
    })
}

/// Whether a line's first run of glyphs, up to a gap wider than a cell's padding, holds a
/// character at least half a line high: specks OCR read as 「己 、」 in the value's column,
/// then the wrapped unit name of the row below far to the right in its own cell (seed 2064
/// s030 p9), continue no value.
fn written_in_column(line: &Line, h: f32) -> bool {
    let mut previous: Option<f32> = None;
    line.glyphs
        .iter()
        .filter(|g| !g.ch.is_whitespace())
        .take_while(|g| {
            let near = previous.is_none_or(|x1| g.bbox.x0 - x1 <= 3.0 * h);
            previous = Some(g.bbox.x1);
            near
        })
        .any(|g| g.ch.is_alphanumeric() && g.bbox.height() >= 0.5 * h)
}

/// Where a label's value belongs: from the label to the next label on the line, or a dozen
/// characters on (to the page's edge at most) when it is the last.
fn value_area(page: &Page, line: &Line, label: Rect, next: Option<usize>) -> Rect {
    let h = line.bbox.height().max(1.0);
    let x1 = next
        .and_then(|n| line.glyphs.get(n))
        .map(|g| g.bbox.x0)
        .unwrap_or_else(|| {
            let end = line.bbox.x1.max(label.x1 + 12.0 * h);
            if page.width > 0.0 {
                end.min(page.width)
            } else {
                end
            }
        });
    Rect::new(
        label.x1,
        line.bbox.y0 - 0.5 * h,
        x1.max(label.x1),
        line.bbox.y1 + 0.5 * h,
    )
}

/// Whether anything is placed in an area: an inked image (not the page's own scan) or a
/// freeform stroke, mostly inside it and centred on the line — the tail of a signature on the
/// row below reaches up into the area, but is not written on this line.
fn has_marks(page: &Page, line: &Line, area: &Rect) -> bool {
    let page_area = page.width * page.height;
    let band = 0.15 * area.height();
    let inside = |b: &Rect| {
        b.intersection(area)
            .is_some_and(|i| i.area() >= 0.4 * b.area().max(1e-3))
            && (area.y0 + band..=area.y1 - band).contains(&b.center_y())
    };
    // On a scan, what OCR left of the line's print is no value: the rims of characters it
    // boxed too tightly, and a table's rule crossing the row (the cell's top edge, broken into
    // pieces by the scan; seed 2048 s015 p14: 26 segments of rule filled a blank 地点).
    let printed: Vec<&Rect> = line
        .glyphs
        .iter()
        .filter(|g| page.is_scan() && g.ch.is_alphanumeric())
        .map(|g| &g.bbox)
        .collect();
    let print_h = median(printed.iter().map(|b| b.height()));
    let leftover =
        |b: &Rect| print_h.is_some_and(|h| rim_of_print(&printed, h, b) || crate::geom::flat_as_a_rule(b, h));
    page.images.iter().any(|i| {
        (page_area <= 0.0 || i.bbox.area() < 0.5 * page_area)
            && i.ink_ratio.is_none_or(|r| r > 0.003)
            && inside(&i.bbox)
    }) || {
        let ink: u32 = page
            .strokes
            .iter()
            .filter(|s| s.freeform && inside(&s.bbox) && !leftover(&s.bbox))
            .map(|s| s.segments)
            .sum();
        // On a scan a stroke is a blob of ink left once print and ruled lines are taken
        // away, and a table's ruled lines leave a small blob where they cross (seed 2042
        // s025 p9: a blob of 3 segments, 180 ink pixels at 300 ppi, at the corner of an empty
        // 记录员 cell). A hand's value is several times that.
        if page.is_scan() {
            ink >= MIN_SCANNED_VALUE_INK
        } else {
            ink > 0
        }
    }
}

/// Whether a blob is the rim of a printed character (`printed`, of height `h`) that OCR
/// boxed too tightly: a sliver no wider than a stroke or two, on the print's band and touching
/// a character's box (「年 月 日」 of a blank date leave one beside each). A hand's character,
/// even of print size, is wider; a hand's digit touching the print is one of several.
fn rim_of_print(printed: &[&Rect], h: f32, b: &Rect) -> bool {
    let tol = 0.15 * h;
    b.width() <= 0.6 * h
        && printed.iter().any(|c| {
            b.x1 >= c.x0 - 0.3 * h && b.x0 <= c.x1 + 0.3 * h && b.y0 >= c.y0 - tol && b.y1 <= c.y1 + tol
        })
}

/// Ink a scanned value written by hand holds at least, in stroke segments (60 ink pixels
/// each at 300 ppi): a two-character name is well over ten.
const MIN_SCANNED_VALUE_INK: u32 = 8;

/// A field struck out as not applicable: a slash, a dash or 「无」 and nothing else (the
/// unit's name after 「工作单位」 is a separate pair). Specks OCR reads as quotes or dots
/// beside the slash are no value (「记录人(签名):/”」, seed 2078 s029 p13).
fn is_struck(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '`' | '.' | '·' | ',')
        })
        .collect();
    !v.is_empty()
        && (v == "无"
            || v.chars()
                .all(|c| matches!(c, '/' | '\\' | '-' | '—' | '一' | '╱')))
}

/// The names in a label's value, or, when the value is empty, in the level line of a wrapped
/// table cell.
fn names_in(value: &str, lines: &[Line], li: usize, within: Within) -> Vec<String> {
    names_found_in(value, lines, li, within).0
}

/// `names_in`, with the index of the wrapped cell's line they were read on (none: the
/// label's own line).
fn names_found_in(value: &str, lines: &[Line], li: usize, within: Within) -> (Vec<String>, Option<usize>) {
    let found = names(value);
    if !found.is_empty() {
        return (found, None);
    }
    match cell_line(lines, li, within) {
        Some((j, text)) => (names(&text), Some(j)),
        None => (Vec::new(), None),
    }
}

/// Where on the line a label's value may sit: from the label's end to the next label.
#[derive(Debug, Clone, Copy)]
struct Within(f32, f32);

impl Within {
    fn of(line: &Line, p: &Pair) -> Within {
        let start = p
            .label
            .1
            .checked_sub(1)
            .and_then(|i| line.glyphs.get(i))
            .map_or(line.bbox.x0, |g| g.bbox.x1);
        let end = p
            .next
            .and_then(|n| line.glyphs.get(n))
            .map_or(f32::INFINITY, |g| g.bbox.x0);
        Within(start, end)
    }
}

/// Whether a header line lists two names: a 「、」 with a character of a name on either side
/// (spaces and stray marks OCR put around it aside: 「丁成勇信心入，、戴涛庆」 with the 、 read
/// twice, 「1明石肯、`姜龙波」, seed 2056 s004 p7 and s012 p7). Before it, a Latin letter is
/// the first officer's hand read as one (「韩飞人NS 、邵浩雷」, seed 2079 s029 p5).
pub(crate) fn lists_two(line: &str) -> bool {
    let chars: Vec<char> = line
        .chars()
        .filter(|c| *c == '、' || c.is_alphanumeric())
        .collect();
    chars.windows(3).any(|w| {
        w[1] == '、'
            && (crate::text::is_ideograph(w[0]) || w[0].is_ascii_alphabetic())
            && crate::text::is_ideograph(w[2])
    })
}

/// Widest gap, in line heights, between a line's end and a line tesseract split off it on the
/// same row (`run_on`): a split inside a run of print leaves next to none, a cell further
/// right or a signature stands apart.
const RUN_ON_GAP: f32 = 1.0;

/// The rest of a value tesseract read as a line of its own on the same row, starting right
/// where the value's line ends (「询问地点 南通由公安局海门区分局建」 and 「设路派出所办案区这问室」,
/// seed 2060 s014 p6: the place cut at 建 was judged no 办案区): its leading, label-free part.
fn run_on(lines: &[Line], li: usize) -> Option<String> {
    let line = lines.get(li)?;
    let h = line.bbox.height().max(1.0);
    let (_, next) = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != li
                && (o.bbox.center_y() - line.bbox.center_y()).abs() < 0.5 * h
                && o.bbox.x0 >= line.bbox.x1 - 0.5 * h
                && o.bbox.x0 - line.bbox.x1 < RUN_ON_GAP * h
        })
        .min_by(|(_, a), (_, b)| a.bbox.x0.total_cmp(&b.bbox.x0))?;
    let rest = label_free_start(&next.text);
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// A line's text, folded, up to the first label in it.
fn label_free_start(text: &str) -> String {
    let folded = Folded::spaced(text);
    let end = LABEL.find(&folded.text).map_or(folded.text.len(), |m| m.start());
    folded.text[..end].to_string()
}

/// In a ruled table a label cell may wrap (「询问民警（签」/「名）」) while its value sits on
/// its own line between the two halves. The value is then the leading, label-free part of a
/// line level with the label (within about a line height) that starts in the value's cell:
/// not the wrapped text of a cell further right (the unit after 「工作单位」).
fn cell_continuation(lines: &[Line], li: usize, within: Within) -> String {
    cell_line(lines, li, within).map_or_else(String::new, |(_, text)| text)
}

/// `cell_continuation`, with the index of the line it was read from: of the lines level with
/// the label, the nearest. A row's line reaches within a line height of the next row's when
/// OCR boxes a signature with it: 「记录员（签」's value was taken from the investigators' row
/// above (「签名 各内，夏WA」, seed 2038 s010 p14) rather than its own below, and one garbled
/// name stood for both officers.
fn cell_line(lines: &[Line], li: usize, within: Within) -> Option<(usize, String)> {
    let y = lines.get(li)?.bbox.center_y();
    cell_lines(lines, li, within).min_by(|(a, _), (b, _)| {
        let off = |j: usize| (lines[j].bbox.center_y() - y).abs();
        off(*a).total_cmp(&off(*b))
    })
}

/// Every part of a wrapped cell's value, in the order of the lines, joined: a value may wrap
/// on both sides of its label's line (「1980年11月27」 / 「出生日期」 / 「日」).
fn cell_parts(lines: &[Line], li: usize, within: Within) -> String {
    cell_lines(lines, li, within).map(|(_, text)| text).collect()
}

/// The lines level with the label's line (within about a line height) that start in the
/// value's cell, each with its leading, label-free part.
///
/// A wrapped cell's line stops at the unit's column (`unit_column`): what OCR read there on
/// the same line is the unit's label or text (「名 NT 工人 出所」, 工人 the 工作单位 label
/// garbled, seed 2056 s005 p15: taken for the officers' name).
fn cell_lines(lines: &[Line], li: usize, within: Within) -> impl Iterator<Item = (usize, String)> + '_ {
    let line = lines.get(li);
    let h = line.map_or(1.0, |l| l.bbox.height().max(1.0));
    let column = unit_column(lines);
    // The lines that open with a label: each starts a row of its own.
    let rows: Vec<usize> = (0..lines.len())
        .filter(|&k| {
            LABEL
                .find(&Folded::spaced(&lines[k].text).text)
                .is_some_and(|m| m.start() == 0)
        })
        .collect();
    lines.iter().enumerate().filter_map(move |(j, other)| {
        let line = line?;
        if j == li
            || (other.bbox.center_y() - line.bbox.center_y()).abs() > 1.3 * h
            || other.bbox.x0 <= line.bbox.x0
            || other.bbox.x0 >= within.1 - 1.0
        {
            return None;
        }
        // A line nearer another row's label than this one's is that row's value: the
        // officers' names under an empty place's cell, level enough with its tall-boxed label
        // (「讯间地点」 boxed 27 pt high over 「周斌军、芝平和 工作单位」, the 「讯间民警」 row's,
        // seed 2074 s029 p17: the blank place read as the names).
        let off = |l: &Line| (l.bbox.center_y() - other.bbox.center_y()).abs();
        let nearer_row = rows.iter().filter(|&&k| k != li && k != j).any(|&k| {
            let l = &lines[k];
            l.bbox.x0 < other.bbox.x0 && off(l) < off(line)
        });
        if nearer_row {
            return None;
        }
        // Up to the first label or the column, whichever comes first.
        let mut start = label_free_start(&other.text);
        if let Some(c) = column.filter(|c| *c > other.bbox.x0) {
            let before: String = other
                .glyphs
                .iter()
                .take_while(|g| g.bbox.x0 < c)
                .map(|g| g.ch)
                .collect();
            let cut = label_free_start(&before);
            if cut.chars().count() < start.chars().count() {
                start = cut;
            }
        }
        (!start.is_empty()).then_some((j, start))
    })
}

/// Where a table's unit column starts: the left edge of the leftmost 「工作单位」 read inside a
/// header row (not starting its line), the cell every officer's row has to the right of the
/// names.
fn unit_column(lines: &[Line]) -> Option<f32> {
    lines
        .iter()
        .filter_map(|l| {
            let f = Folded::spaced(&l.text);
            let at = f.text.find("工作单位")?;
            let glyph = l.glyphs.get(*f.map.get(f.char_index(at))?)?;
            let h = l.bbox.height().max(1.0);
            (glyph.bbox.x0 > l.bbox.x0 + 2.0 * h).then_some(glyph.bbox.x0)
        })
        .min_by(f32::total_cmp)
}

fn locate<T>(value: T, page: usize, line: &Line, whole: (usize, usize)) -> Located<T> {
    let (a, b) = (whole.0.min(line.glyphs.len()), whole.1.min(line.glyphs.len()));
    Located {
        value,
        page,
        bbox: line.span_bbox(a, b).unwrap_or(line.bbox),
        raw: line.text.chars().skip(a).take(b.saturating_sub(a)).collect(),
        conf: line.glyphs[a..b].iter().map(|g| g.conf).fold(1.0, f32::min),
    }
}

/// `locate`, with the confidence of the digits alone where there are any: what is in doubt in
/// an age, a date, a time or an ID number is a digit, and OCR reads the marks around a ruled
/// cell (「出生日期“”2001年2月22日」 at 0.87, seed 2047 s028 p7) or a label's character no
/// surer than a misread digit (「届民喘份证」, 喘 at 0.81, seed 2064 s021 p9), while the
/// digits read at 0.99.
fn locate_digits<T>(value: T, page: usize, line: &Line, whole: (usize, usize)) -> Located<T> {
    let located = locate(value, page, line, whole);
    let (a, b) = (whole.0.min(line.glyphs.len()), whole.1.min(line.glyphs.len()));
    let digits = line.glyphs[a..b].iter().filter(|g| g.ch.is_ascii_digit());
    match digits.map(|g| g.conf).reduce(f32::min) {
        Some(conf) => Located { conf, ..located },
        None => located,
    }
}

/// How far a typed character's box may sit off its neighbours' top and bottom, in print
/// heights: one font on one baseline, with the ink of 一 or 口 a little short of the rest.
const BAND_TOLERANCE: f32 = 0.15;

/// The print band of a line around a glyph: the median top and bottom of the ideographs
/// within eight print heights, so a skewed line is judged locally. Boxes twice as tall as
/// print are left out where others remain: print that OCR boxed the row's full height
/// (「问」「名」「军」 23 pt in a row of print 10 pt high, seed 2070 s006 p5) pulled the median
/// off the print and the typed 范军 with it. (A hand a half taller than print stays in: a
/// band drawn on the print alone takes it in as a loosely boxed typed character, 2057 s039
/// p8.)
fn band(line: &Line, g: &Glyph, print: f32) -> Option<(f32, f32)> {
    let mut near: Vec<&Glyph> = line
        .glyphs
        .iter()
        .filter(|o| {
            crate::text::is_ideograph(o.ch) && (o.bbox.center_x() - g.bbox.center_x()).abs() <= 8.0 * print
        })
        .collect();
    let row_tall = |o: &&Glyph| o.bbox.height() > ROW_BOX * print;
    if near.iter().any(|o| !row_tall(o)) {
        near.retain(|o| !row_tall(o));
    }
    Some((
        median(near.iter().map(|o| o.bbox.y0))?,
        median(near.iter().map(|o| o.bbox.y1))?,
    ))
}

/// Whether a glyph's box takes in the whole print band around it.
fn spans_band(g: &Glyph, (top, bottom): (f32, f32), print: f32) -> bool {
    let tol = BAND_TOLERANCE * print;
    g.bbox.y0 <= top + tol && g.bbox.y1 >= bottom - tol
}

/// Whether a glyph's top and bottom are the band's, within `BAND_TOLERANCE`.
fn level_with(g: &Glyph, (top, bottom): (f32, f32), print: f32) -> bool {
    let tol = BAND_TOLERANCE * print;
    (g.bbox.y0 - top).abs() <= tol && (g.bbox.y1 - bottom).abs() <= tol
}

/// Whether a glyph sits on the print band around it (`band`; none: a line with nothing to
/// measure it by, where every glyph counts as on it).
fn on_band(g: &Glyph, band: Option<(f32, f32)>, print: f32) -> bool {
    let Some((top, bottom)) = band else {
        return true;
    };
    let level = level_with(g, (top, bottom), print);
    // OCR boxes a run of print loosely now and then (「员：胡舌、」 all one taller box): a box
    // that takes in the whole band, not much taller than print, is print boxed so.
    let loose = spans_band(g, (top, bottom), print) && g.bbox.height() <= LOOSE_BOX * print;
    level || loose
}

/// Whether a character of a line sits on the print band of the typed characters around it
/// (`on_band`): typed, rather than a signature OCR read as text beside typed names.
pub(crate) fn on_print_band(line: &Line, g: &Glyph, print: f32) -> bool {
    on_band(g, band(line, g, print), print)
}

/// `on_print_band`, or boxed within that band and well short of it: a typed character OCR
/// boxed tight (「谭艳傅」, 傅 boxed 212–217 pt on a band of 208–217, seed 2079 s035 p6). A
/// hand's character, even one written small in a narrow cell, stands taller (方新宁 under the
/// typed names at two thirds of the band, seed 2069 s012 p18). The band is found once for both.
pub(crate) fn on_or_inside_print_band(line: &Line, g: &Glyph, print: f32) -> bool {
    let band = band(line, g, print);
    let tol = BAND_TOLERANCE * print;
    let inside = band.is_some_and(|(top, bottom)| {
        g.bbox.y0 >= top - tol
            && g.bbox.y1 <= bottom + tol
            && g.bbox.height() <= TIGHT_BOX_MOST * (bottom - top)
    });
    inside || on_band(g, band, print)
}

/// Tallest share of the print band a typed character's box OCR drew tight spans
/// (`on_or_inside_print_band`).
const TIGHT_BOX_MOST: f32 = 0.6;

/// From this height, in print heights, a box is the row's, not a character's (`band`).
const ROW_BOX: f32 = 2.0;

/// Tallest a loose OCR box of print runs, in print heights.
const LOOSE_BOX: f32 = 1.6;

/// The typed part of a name read on a scan, or none where it is not typed: at least half its
/// characters sit on the line's print band. A signature beside the typed names is read as
/// characters now and then (a scrawl as 「飞以」 or 「本人」), each of them off the band by a
/// fifth of a character or more; counted as an officer, it asked for a signature nobody
/// owed. Read with no separator after a typed name (「卢海痪歇」), the characters off the band
/// after two or more on it, each as tall as print, are that signature, and the name is the
/// typed ones.
///
/// Names are looked for in the value's glyphs in reading order from `read_to` (a signature
/// read as the typed name, 「卢海 … 卢海」, is judged by its own glyphs), anywhere when not
/// found after it; a name not found glyph by glyph is given the benefit of the doubt.
fn typed_name(line: &Line, whole: (usize, usize), name: String, read_to: &mut usize) -> Option<String> {
    let Some(print) = line.print_height() else {
        return Some(name);
    };
    let chars: Vec<char> = name.chars().collect();
    let Some(window) = glyphs_of(line, whole, &chars, read_to) else {
        return Some(name);
    };
    let bands: Vec<Option<(f32, f32)>> = window.iter().map(|g| band(line, g, print)).collect();
    let on: Vec<bool> = window
        .iter()
        .zip(&bands)
        .map(|(g, b)| on_band(g, *b, print))
        .collect();
    // A sliver OCR boxed of a typed character (「华」 3 pt high below the band) says nothing
    // either way: a signature is written larger than print, never smaller.
    let sliver = |g: &&Glyph| g.bbox.height() < 0.8 * print;
    let judged = window.iter().filter(|g| !sliver(g)).count();
    let typed_chars = window.iter().zip(&on).filter(|(g, o)| **o && !sliver(g)).count();
    if 2 * typed_chars < judged {
        return None;
    }
    let typed = on.iter().take_while(|o| **o).count();
    // Each character cut is as tall as print at least and off the band's level: OCR
    // sometimes boxes a typed character as a sliver below the band (「程华伪」, 伪 3 pt
    // square) or as a tall box taking in the band and more (「陶凯国」, 国 twice the print),
    // neither of which is a signature.
    let written = |i: usize| {
        let g = window[i];
        !on[i] && g.bbox.height() >= 0.8 * print && bands[i].is_none_or(|b| !spans_band(g, b, print))
    };
    if typed >= 2 && (typed..chars.len()).all(written) {
        Some(chars[..typed].iter().collect())
    } else {
        Some(name)
    }
}

/// The glyphs of `chars` in the value's glyphs, looked for in reading order from `read_to`
/// (moved past them), anywhere when not found after it.
fn glyphs_of<'a>(
    line: &'a Line,
    whole: (usize, usize),
    chars: &[char],
    read_to: &mut usize,
) -> Option<Vec<&'a Glyph>> {
    let glyphs: Vec<&Glyph> = value_glyphs(line, whole)
        .iter()
        .filter(|g| !g.ch.is_whitespace())
        .collect();
    let matches = |w: &[&Glyph]| {
        w.iter()
            .zip(chars)
            .all(|(g, c)| crate::text::fold::fold_char(g.ch) == *c)
    };
    let start = (*read_to..glyphs.len().saturating_sub(chars.len() - 1))
        .find(|&i| matches(&glyphs[i..i + chars.len()]))
        .or_else(|| glyphs.windows(chars.len()).position(matches))?;
    *read_to = start + chars.len();
    Some(glyphs[start..start + chars.len()].to_vec())
}

/// The typed name at the start of a part too long for a name (`names_or_read_on`), if the part
/// is two to four characters level with the print band followed only by characters that are
/// not: each as tall as print at least and either off the band or a third taller than print.
/// A hand writing its name over the band at one and a half times print is boxed as taking
/// in the band, which `on_band` forgives a loosely boxed typed character; in a part no name
/// is that long, so the strict level decides. Anything else is no name, as before.
fn typed_prefix(line: &Line, whole: (usize, usize), part: &str, read_to: &mut usize) -> Option<String> {
    let print = line.print_height()?;
    let chars: Vec<char> = part.chars().collect();
    let window = glyphs_of(line, whole, &chars, read_to)?;
    let bands: Vec<Option<(f32, f32)>> = window.iter().map(|g| band(line, g, print)).collect();
    let level: Vec<bool> = window
        .iter()
        .zip(&bands)
        .map(|(g, b)| b.is_some_and(|b| level_with(g, b, print)))
        .collect();
    let typed = level.iter().take_while(|l| **l).count();
    let written = |i: usize| {
        let g = window[i];
        !level[i]
            && g.bbox.height() >= 0.8 * print
            && (g.bbox.height() >= 1.3 * print || !on_band(g, bands[i], print))
    };
    ((2..=4).contains(&typed) && (typed..chars.len()).all(written)).then(|| chars[..typed].iter().collect())
}

/// A typed name on a scan with the officer's signature read on after it, no space between
/// (「龙确文龙俭」, 「龙续文龙」: seed 2042 s027): where the surname starts again after two
/// characters or more, in a run of four or more, the signature starts there.
fn signed_again(name: String) -> String {
    let mut chars = name.char_indices();
    let Some((_, surname)) = chars.next() else {
        return name;
    };
    if name.chars().count() < 4 {
        return name;
    }
    match chars.skip(1).find(|(_, c)| *c == surname) {
        Some((i, _)) => name[..i].to_string(),
        None => name,
    }
}

/// Whether two names from a header are one person's: the same, or — as OCR reads one name
/// twice — three characters or more long and one character apart (魏新辉 / 魏新交).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a == b || (a.chars().count() >= 3 && one_apart(a, b))
}

/// Whether two names are as long and differ in one character at most.
pub(crate) fn one_apart(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 1
}

/// Whether `long` is `short` with characters read on after it (or `short` is `long` with its
/// last characters lost): two characters or more of a name, the whole no longer than a name
/// runs (`name_max`).
pub(crate) fn read_on(short: &str, long: &str) -> bool {
    let (s, l) = (short.chars().count(), long.chars().count());
    s >= 2 && l > s && l <= name_max(long) && long.starts_with(short)
}

fn value_glyphs(line: &Line, range: (usize, usize)) -> &[Glyph] {
    let n = line.glyphs.len();
    &line.glyphs[range.0.min(n)..range.1.min(n)]
}

/// Person names in a field value: 「张三、李四」, 「张三 李四」, 「张三（警号123456）」.
pub fn names(value: &str) -> Vec<String> {
    parts(value)
        .into_iter()
        .filter(|name| name.chars().count() <= name_max(name))
        .collect()
}

/// The longest a name runs: five characters, a transliterated one (with ·) twelve.
pub(crate) fn name_max(name: &str) -> usize {
    if name.contains('·') { 12 } else { 5 }
}

/// `names`, with the parts up to three characters longer than a name in their place: on a
/// scan, a typed name with the officer's signature read on after it, larger than print
/// (「白庆志各庆状」, typed 白庆志 and the hand's 白庆志 read as 各庆状); `typed_prefix` says
/// which.
///
/// Where the value lists its names with 「、」 or a comma, each of them holds one name: a part
/// after a space within one (「罗峰俊罗峰 、 肖九雪当 媚到」, the hand's 肖娜雪 read on as 当 and
/// 媚到) is the officer's signature beside the typed name, not one more officer. Where
/// nothing but spaces (or a quote) parts them, a part after the first that opens with no
/// family name is that signature too (「杨海胶且 "欠思」, 「许晶慧上 要小」, seed 2074 s030 p12
/// and s002 p14: a second officer listed, the lone one's team of two unquestioned and the
/// signature he wrote counted short of two). So is an item of a list, opening with no family
/// name, made of the characters of the item before it: the hand read on through a comma.
fn names_or_read_on(value: &str) -> Vec<String> {
    let fits = |name: &String| {
        let read_on = if name.contains('·') { 0 } else { 3 };
        name.chars().count() <= name_max(name) + read_on
    };
    if value.contains(LIST_SEPARATORS) {
        // An item after a comma broken by a stop is a hand read through strokes OCR took for
        // a comma and a stop, no typed name (「沈龙 ,龙.克、毛旭春」, seed 2080 s019 p5:
        // 沈龙建's hand read as a third officer, and two who signed as two of three).
        let separators: Vec<char> = value.chars().filter(|c| LIST_SEPARATORS.contains(c)).collect();
        let items: Vec<String> = value
            .split(LIST_SEPARATORS)
            .enumerate()
            .filter(|(i, item)| {
                let after_comma = i.checked_sub(1).is_some_and(|j| separators[j] != '、');
                !(after_comma && item.trim().contains('.'))
            })
            .filter_map(|(_, item)| parts(item).into_iter().next())
            .collect();
        // An item opening with no family name whose characters all stand in the item before
        // it is that item's signature read on through a comma OCR found in the hand
        // (「武健浩武,健浩、史健洁」, seed 2075 s028 p10: typed 武健浩 and the hand 武健浩 read
        // 「武,健浩」, three officers listed where two signed).
        let read_again = |i: usize| {
            i > 0
                && !crate::text::surname::opens_with_surname(&items[i])
                && items[i].chars().all(|c| items[i - 1].contains(c))
        };
        items
            .iter()
            .enumerate()
            .filter(|&(i, _)| !read_again(i))
            .map(|(_, name)| name.clone())
            .filter(fits)
            .collect()
    } else {
        parts(value)
            .into_iter()
            .enumerate()
            .filter(|(i, name)| *i == 0 || crate::text::surname::opens_with_surname(name))
            .map(|(_, name)| name)
            .filter(fits)
            .collect()
    }
}

/// The marks a form's value lists names with; a space only parts them where nothing else does.
pub(crate) const LIST_SEPARATORS: [char; 3] = ['、', ',', '，'];

/// Whether a list of names opens with its separator: the name before it was lost to OCR.
fn opens_with_separator(value: &str) -> bool {
    value.trim_start().starts_with(LIST_SEPARATORS)
}

/// The parts of a field value between separators, as name characters, two or more of them.
fn parts(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    // 「（签名）」 split over two lines leaves 「（签」 and 「名）」 behind.
    let value = SIGN_NOTE.replace_all(value, " ");
    let value = value.as_ref();
    let cleaned: String = {
        // Drop parenthesised notes (警号, 签名) and digits.
        let mut depth = 0;
        value
            .chars()
            .map(crate::text::fold::fold_char)
            .filter(|c| match c {
                '(' | '[' => {
                    depth += 1;
                    false
                }
                ')' | ']' => {
                    depth -= 1;
                    false
                }
                _ => depth == 0,
            })
            .map(|c| if c.is_ascii_digit() { ' ' } else { c })
            .collect()
    };
    // 「和」 and 「及」 join two names (「张建国和李明」) but are given names' characters too
    // (「彭和健」, seed 2038 s005 p12: split there, the investigator's name was lost and his
    // colleague stood alone): they part a run only where each side is a name.
    fn joined(part: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in part.char_indices().filter(|(_, c)| matches!(c, '和' | '及')) {
            let rest = &part[i + c.len_utf8()..];
            if name_chars(&part[start..i]) >= 2 && name_chars(rest) >= 2 {
                out.push(&part[start..i]);
                start = i + c.len_utf8();
            }
        }
        out.push(&part[start..]);
        out
    }
    let cleaned = join_padded(&cleaned);
    // A quote, a dash or a Latin letter inside a run is no part of a typed name: on a scan it
    // is the signature read on after the name (「闫文波"吕-~入”」, seed 2049 s028 p10).
    let split: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || "、,;/\"'“”‘’-~_|".contains(c) || c.is_ascii_alphabetic())
        .flat_map(joined)
        .filter(|part| !part.is_empty())
        .collect();
    for (i, part) in split.iter().enumerate() {
        let name: String = part.chars().filter(|c| is_name_char(*c)).collect();
        // Speech is no name: a first question whose 「问：」 OCR lost is read as header, and an
        // officers' word in it (「…的 侦查员，向你出示工作证件。…，请你如」) would list 「请你如」.
        if name.contains(['你', '我']) {
            continue;
        }
        // Nor is a unit: where OCR lost the 「工作单位」 label its value runs on into the
        // names (「绵阳分局刑」, 「路派出所」, the 「同上」 of the recorder's row), and a
        // city's name split off by a space (「绵阳 市公安局…」) is the unit's too. Counted
        // as officers, such words made two officers of one, or one of none.
        let unit = |s: &str| UNIT_WORDS.iter().any(|w| s.contains(w));
        let city_of_next = split
            .get(i + 1)
            .is_some_and(|next| next.starts_with(['市', '县', '区', '省', '州']) && unit(next));
        if unit(&name) || city_of_next {
            continue;
        }
        if name.chars().count() >= 2 && !name.contains("签名") && !name.contains("警号") {
            out.push(name);
        }
    }
    out
}

/// A two-character name padded to a three-character one's width (「陈 明」, 「王　芳」: many
/// units' forms space them so, seed 2059 s001 p8), opening the value or an item of its list:
/// its two characters, each standing alone, joined. Lone characters further on are what OCR
/// made of a signature (「余人 叉 心」), not a name.
fn join_padded(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let lone = |i: usize| {
        chars.get(i).is_some_and(|c| is_name_char(*c))
            && !i
                .checked_sub(1)
                .and_then(|j| chars.get(j))
                .is_some_and(|c| is_name_char(*c))
            && !chars.get(i + 1).is_some_and(|c| is_name_char(*c))
    };
    let mut out = String::with_capacity(value.len());
    let mut opening = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if opening && lone(i) {
            let next = (i + 1..chars.len()).find(|&j| !chars[j].is_whitespace());
            if let Some(j) = next.filter(|&j| j > i + 1 && lone(j)) {
                out.push(c);
                out.push(chars[j]);
                i = j + 1;
                opening = false;
                continue;
            }
        }
        if !c.is_whitespace() {
            opening = LIST_SEPARATORS.contains(&c);
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Words of a police unit's name that no person's name holds.
const UNIT_WORDS: [&str; 10] = [
    "同上",
    "公安",
    "分局",
    "派出所",
    "大队",
    "中队",
    "支队",
    "刑侦",
    "单位",
    "市局",
];

/// How many characters of a name `text` holds.
/// Whether a list's item is one name character and a quote mark: a name whose next character
/// OCR read as the quote. (The value is folded text: curly quotes are straight ones there.)
fn cut_by_quote(item: &str) -> bool {
    let mut chars = item.trim_start().chars();
    matches!((chars.next(), chars.next()), (Some(c), Some('"' | '\'')) if is_name_char(c))
}

fn name_chars(text: &str) -> usize {
    text.chars().filter(|c| is_name_char(*c)).count()
}

fn is_name_char(c: char) -> bool {
    crate::text::is_ideograph(c) || c == '·'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::{line_at, page};

    /// A scanned header line: one 12-pt glyph per character as `line_at` lays it, with the
    /// characters at `low` (char indices) dropped 3 pt off the print's band.
    fn scanned(text: &str, low: &[usize]) -> Page {
        let mut p = page(1, &["讯问笔录", "", "问：你叫什么？"]);
        let mut line = line_at(72.0, 92.0, text);
        for i in low {
            let b = line.glyphs[*i].bbox;
            line.glyphs[*i].bbox = Rect::new(b.x0, b.y0 + 3.0, b.x1, b.y1 + 3.0);
        }
        p.lines.insert(1, Line::from_glyphs(line.glyphs));
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        p
    }

    fn officers(p: &Page) -> Vec<String> {
        read(p).investigators.into_iter().map(|i| i.value).collect()
    }

    #[test]
    fn a_name_read_twice_as_level_as_print_is_one_officer() {
        // Seed 2048 s027 p18: the hand as level as the typed name, so no band tells it; the
        // name starting again after itself does.
        let p = scanned(
            "询问民警(签名): 谭东新谭东新 工作单位:保定市公安局莲池区分局",
            &[],
        );
        assert_eq!(officers(&p), ["谭东新"]);
    }

    #[test]
    fn a_recorders_label_that_lost_its_last_character_is_read() {
        // Seed 2044 s001 p9: 「记录:/」, the recorder struck out.
        let p = page(
            1,
            &[
                "询问笔录",
                "询问人：秦晨杰",
                "记录:/工作单位/",
                "问：你的基本情况？",
            ],
        );
        assert!(read(&p).recorder_struck);
        // Seed 2067 s001 p16: the opening bracket of 「（签名）」 lost, the closing one kept.
        let p = page(
            1,
            &[
                "询问笔录",
                "询问民警(签名) :白兵 工作单位:香炉礁派出所",
                "记录人签名) :/ 工作单位:/",
                "问：你的基本情况？",
            ],
        );
        assert!(read(&p).recorder_struck);
        // Seed 2073 s016 p15: the bracket read 《; and 【 on the officers' row.
        let p = page(
            1,
            &[
                "询问笔录",
                "侦查员【签名):蒋霞",
                "记录人《签名):/ 工作单位:/",
                "问：你的基本情况？",
            ],
        );
        let f = read(&p);
        assert!(f.recorder_struck);
        assert_eq!(f.investigators.len(), 1);
        assert_eq!(f.investigators[0].value, "蒋霞");
        // Seed 2045 s034 p9: 「记录( 名)，范凯强」.
        let p = page(
            1,
            &[
                "讯问笔录",
                "侦查员：范凯强",
                "记录( 名)，范凯强 工作单位同上",
                "问：你的基本情况？",
            ],
        );
        assert_eq!(read(&p).recorder.map(|r| r.value).as_deref(), Some("范凯强"));
        // Only at a line's start: 「记录」 inside a line is no label.
        let p = page(
            1,
            &[
                "讯问笔录",
                "侦查员：范凯强、李明 备注:记录:李明",
                "问：你的基本情况？",
            ],
        );
        assert!(read(&p).recorder.is_none());
    }

    #[test]
    fn a_label_boxed_over_its_value_is_not_a_blank_field() {
        // Seed 2047 s021 p8: 「录」 boxed 67 pt wide, over 「录人」 and the recorder's name.
        let mut p = page(
            1,
            &[
                "讯问笔录",
                "讯问民警:汤龙勇、严芳琳",
                "记录: 工作单位同上",
                "问：你的基本情况？",
            ],
        );
        let fields = |p: &Page| blank_labels(p).iter().map(|b| b.field).collect::<Vec<_>>();
        assert_eq!(fields(&p), [BlankField::Recorder]);
        let line = &mut p.lines[2];
        let b = line.glyphs[1].bbox;
        line.glyphs[1].bbox = Rect::new(b.x0, b.y0, b.x0 + 67.0, b.y1);
        assert!(fields(&p).is_empty());
        // A character of the label still after the wide one: the value comes after it, and
        // the blank is judged (seed 2068 s001 p12: 「录」 30 pt wide for 11 pt print, then 「人:」).
        let mut p = page(
            1,
            &[
                "讯问笔录",
                "讯问民警:汤龙勇、严芳琳",
                "记录人: 工作单位同上",
                "问：你的基本情况？",
            ],
        );
        let line = &mut p.lines[2];
        let b = line.glyphs[1].bbox;
        line.glyphs[1].bbox = Rect::new(b.x0, b.y0, b.x0 + 40.0, b.y1);
        assert_eq!(fields(&p), [BlankField::Recorder]);
    }

    #[test]
    fn on_a_scan_a_scrawl_read_off_the_print_band_is_no_officer() {
        let text = "侦查员（签名）：韦宁强 飞以、唐磊龙";
        assert_eq!(officers(&scanned(text, &[12, 13])), ["韦宁强", "唐磊龙"]);
        // Listed with 「、」 of its own, a name OCR boxed loosely (taller boxes that take in
        // the band) is print.
        let listed = "侦查员（签名）：韦宁强、飞以、唐磊龙";
        let mut loose = scanned(listed, &[]);
        for g in &mut loose.lines[1].glyphs[12..14] {
            g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 - 2.0, g.bbox.x1, g.bbox.y1 + 3.0);
        }
        assert_eq!(officers(&loose), ["韦宁强", "飞以", "唐磊龙"]);
        // One character of a name off the band (OCR's box of 一 or 口 runs short) keeps it.
        assert_eq!(officers(&scanned(listed, &[13])), ["韦宁强", "飞以", "唐磊龙"]);
        assert_eq!(officers(&scanned(listed, &[12, 13])), ["韦宁强", "唐磊龙"]);
        // On an exported PDF the text is exact: nothing is judged by its box.
        let mut text_layer = scanned(text, &[12, 13]);
        text_layer.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&text_layer), ["韦宁强", "飞以", "唐磊龙"]);
    }

    #[test]
    fn on_a_scan_a_signature_read_on_after_a_typed_name_is_cut_from_it() {
        // The typed 「郑晨峰、卢海」, then both signatures read as 「痪歇 卢海」, off the band.
        let text = "询问人（签名）：郑晨峰、卢海痪歇 卢海";
        assert_eq!(officers(&scanned(text, &[14, 15, 17, 18])), ["郑晨峰", "卢海"]);
        // All on the band, 「卢海痪歇」 is what the form typed, and the 卢海 after a space in
        // its item of the list the hand beside it.
        assert_eq!(officers(&scanned(text, &[])), ["郑晨峰", "卢海痪歇"]);
        // A 卢海 read off the band after it is judged by its own glyphs, not the typed ones.
        assert_eq!(officers(&scanned(text, &[17, 18])), ["郑晨峰", "卢海痪歇"]);
        // A typed character OCR boxed as a sliver below the band is no signature.
        let mut sliver = scanned("询问人（签名）：郑晨峰、卢海痪", &[]);
        let b = sliver.lines[1].glyphs[14].bbox;
        sliver.lines[1].glyphs[14].bbox = Rect::new(b.x0, b.y1 - 2.0, b.x0 + 3.0, b.y1 + 1.0);
        assert_eq!(officers(&sliver), ["郑晨峰", "卢海痪"]);
        // Nor is one boxed tall over the band and the line below.
        let mut tall = scanned("询问人（签名）：郑晨峰、卢海痪", &[]);
        let b = tall.lines[1].glyphs[14].bbox;
        tall.lines[1].glyphs[14].bbox = Rect::new(b.x0, b.y0 - 1.0, b.x1, b.y1 + 14.0);
        assert_eq!(officers(&tall), ["郑晨峰", "卢海痪"]);
        // One character read on is cut as well; one left on the band is no typed name.
        assert_eq!(
            officers(&scanned("询问人（签名）：郑晨峰、卢海痪", &[14])),
            ["郑晨峰", "卢海"]
        );
        assert_eq!(
            officers(&scanned("询问人（签名）：郑晨峰、卢海", &[13])),
            ["郑晨峰", "卢海"]
        );
    }

    #[test]
    fn on_a_scan_a_signature_read_on_after_a_typed_name_past_a_names_length_is_cut_from_it() {
        // 「白庆志、邹芳琳」 typed; the hand's 白庆志, half as tall again as print and over the
        // band, read as 各庆状 right after the typed name (scanned fixture s031 p11).
        let text = "侦查员（签名）：白庆志各庆状、邹芳琳";
        let tall = |p: &mut Page, at: &[usize]| {
            for &i in at {
                let b = p.lines[1].glyphs[i].bbox;
                p.lines[1].glyphs[i].bbox = Rect::new(b.x0, b.y0 - 3.0, b.x1, b.y1 + 3.0);
            }
        };
        let mut p = scanned(text, &[]);
        tall(&mut p, &[11, 12, 13]);
        assert_eq!(officers(&p), ["白庆志", "邹芳琳"]);
        // Off the band instead of over it, the same.
        assert_eq!(officers(&scanned(text, &[11, 12, 13])), ["白庆志", "邹芳琳"]);
        // All six level with the print: no name is that long, and none is made of it.
        assert_eq!(officers(&scanned(text, &[])), ["邹芳琳"]);
        // A character after the typed ones level with the print again: not a read-on hand.
        let mut p = scanned(text, &[]);
        tall(&mut p, &[11, 12]);
        assert_eq!(officers(&p), ["邹芳琳"]);
        // One typed character is no typed name.
        let mut p = scanned("侦查员（签名）：白庆志各庆状、邹芳琳", &[]);
        tall(&mut p, &[9, 10, 11, 12, 13]);
        assert!(!officers(&p).iter().any(|n| n.starts_with('白')));
        // On an exported PDF the text is exact: a part that long is no name.
        let mut text_layer = scanned(text, &[11, 12, 13]);
        text_layer.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&text_layer), ["邹芳琳"]);
    }

    #[test]
    fn on_a_scan_each_item_of_a_list_is_one_officer_whatever_the_hand_read_on_after_a_space() {
        // Seed 2035 s021 p14: typed 罗峰俊、肖娜雪, each signed beside, the hands read on as
        // 罗峰 and 「当 媚到」, all on the print band: two officers, not three.
        let text = "询问民警（签名）：罗峰俊罗峰 、 肖九雪当 媚到";
        // (The surname starting again cuts the first hand off: `signed_again`.)
        assert_eq!(officers(&scanned(text, &[])), ["罗峰俊", "肖九雪当"]);
        // Without a list mark, a space is all that parts the names.
        assert_eq!(
            officers(&scanned("询问民警（签名）：罗峰俊 肖娜雪 林涛", &[])),
            ["罗峰俊", "肖娜雪", "林涛"]
        );
        // A text layer's names are exact: the list's parts are read as they are.
        let mut text_layer = scanned(text, &[]);
        text_layer.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&text_layer), ["罗峰俊罗峰", "肖九雪当", "媚到"]);
    }

    #[test]
    fn on_a_scan_an_item_made_of_the_item_before_its_characters_is_that_officers_hand() {
        // Seed 2075 s028 p10: typed 武健浩 and 史萍洁, 武健浩's hand read 「武,健浩」.
        let text = "侦查员（签名）：武健浩武,健浩、史健洁";
        assert_eq!(officers(&scanned(text, &[])), ["武健浩", "史健洁"]);
        // An item with a family name, or with a character the item before lacks, is an
        // officer.
        let text = "侦查员（签名）：武健浩,史浩、王洁";
        assert_eq!(officers(&scanned(text, &[])), ["武健浩", "史浩", "王洁"]);
        let text = "侦查员（签名）：武健浩,健明";
        assert_eq!(officers(&scanned(text, &[])), ["武健浩", "健明"]);
        // Nor is an item after a comma that a stop breaks (seed 2080 s019 p5: 沈龙建's hand
        // read 「,龙.克」).
        let text = "询问民警签名):沈龙建 ,龙.克、毛旭春";
        assert_eq!(officers(&scanned(text, &[])), ["沈龙建", "毛旭春"]);
    }

    #[test]
    fn he_and_ji_part_two_names_but_not_one_name_that_holds_them() {
        // Seed 2038 s005 p12: 彭磊健 read as 「彭和健」 was split at 和 into two single
        // characters, no names, and 郭东军 stood alone (and, as recorder too, was flagged).
        let mut p = scanned("讯问民警：彭和健、郭东军 工作单位：刑侦大队", &[]);
        p.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&p), ["彭和健", "郭东军"]);
        let mut p = scanned("讯问人：张建国和李明 工作单位：城东派出所", &[]);
        p.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&p), ["张建国", "李明"]);
        let mut p = scanned("讯问人：王和平及李明", &[]);
        p.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&p), ["王和平", "李明"]);
    }

    #[test]
    fn on_a_scan_a_typed_name_with_one_character_off_the_band_and_one_a_sliver_is_an_officer() {
        // 「熊斌华、杨刚」: OCR boxed 熊 low and 华 as a 3-pt sliver at the band's foot. The
        // sliver says nothing of a hand (written names are larger than print, not smaller):
        // one character of two judged is on the band, and the name is typed.
        let mut p = scanned("询问民警（签名）：熊斌华、杨刚", &[9]);
        let b = p.lines[1].glyphs[11].bbox;
        p.lines[1].glyphs[11].bbox = Rect::new(b.x0, b.y1 - 3.0, b.x0 + 3.0, b.y1);
        assert_eq!(officers(&p), ["熊斌华", "杨刚"]);
    }

    #[test]
    fn characters_boxed_the_rows_full_height_do_not_move_the_print_band() {
        // Seed 2070 s006 p5 as OCR boxed it: 「询问人(签名); 范军_y 入、、 韩红」 with 问, 名
        // and 军 23 pt tall over print 10 pt high. The band's median went their way, 范 fell
        // off it and 范军 was no officer (韩红琴, the recorder too, stood alone).
        let boxes: &[(char, f32, f32, f32, f32)] = &[
            ('询', 51.8, 149.5, 72.2, 159.6),
            ('问', 69.6, 142.3, 78.2, 165.4),
            ('人', 78.2, 149.8, 83.8, 159.4),
            ('(', 88.6, 150.5, 92.2, 160.3),
            ('签', 95.8, 149.5, 116.2, 159.6),
            ('名', 112.8, 142.3, 120.0, 165.4),
            (')', 122.9, 150.7, 124.1, 160.3),
            (':', 131.5, 152.9, 132.2, 158.6),
            (' ', 132.2, 149.5, 144.5, 159.8),
            ('范', 144.5, 149.5, 157.4, 159.8),
            ('军', 157.4, 142.3, 166.1, 165.4),
            ('_', 171.8, 157.7, 172.1, 160.1),
            ('y', 171.8, 152.2, 178.8, 160.1),
            (' ', 178.8, 147.1, 190.6, 160.3),
            ('入', 190.6, 147.1, 203.5, 160.3),
            ('、', 206.6, 157.9, 213.6, 161.0),
            ('、', 219.4, 157.2, 220.8, 159.8),
            (' ', 220.8, 149.8, 233.8, 159.8),
            ('韩', 233.8, 149.8, 239.0, 159.8),
            ('红', 245.3, 149.8, 256.8, 159.6),
            (' ', 256.8, 142.3, 327.4, 165.4),
            ('工', 343.9, 150.5, 353.8, 159.6),
            ('作', 354.7, 150.0, 364.6, 159.8),
            ('单', 370.6, 149.8, 386.6, 159.8),
            ('位', 389.5, 150.0, 399.0, 159.8),
            (':', 390.7, 152.0, 395.0, 158.0),
            ('同', 403.7, 150.0, 413.7, 159.8),
            ('上', 415.2, 150.2, 424.5, 159.8),
        ];
        let glyphs = boxes
            .iter()
            .map(|&(ch, x0, y0, x1, y1)| Glyph {
                ch,
                bbox: Rect::new(x0, y0 - 50.0, x1, y1 - 50.0),
                conf: 0.99,
            })
            .collect();
        let mut p = page(1, &["讯问笔录", "", "", "", "问：你叫什么？"]);
        p.lines.insert(1, Line::from_glyphs(glyphs));
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        assert_eq!(officers(&p), ["范军", "韩红"]);
    }

    #[test]
    fn on_a_scan_a_signature_read_as_the_typed_name_one_character_off_is_the_same_officer() {
        let text = "询问民警（签名）：冯兵、金俊斌 金俊总";
        assert_eq!(officers(&scanned(text, &[])), ["冯兵", "金俊斌"]);
        // A text layer's names are exact: one character apart, they are two officers.
        let mut text_layer = scanned(text, &[]);
        text_layer.source = crate::page::PageSource::TextLayer;
        assert_eq!(officers(&text_layer), ["冯兵", "金俊斌", "金俊总"]);
    }

    #[test]
    fn on_a_scan_names_read_on_a_wrapped_cells_line_are_judged_by_that_lines_glyphs() {
        // 「询问民警（签」/「名）」 wrapped, the names on the line between: the signature read
        // there as 「飞以」, off the band, is no third officer.
        let mut p = laid_out(&[
            (72.0, 100.0, "询问民警（签"),
            (76.0, 108.0, "名） 毛勇庆、李波 飞以 工作单位 派出所"),
            (72.0, 140.0, "问：你的基本情况？"),
        ]);
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        for g in &mut p.lines[1].glyphs[10..12] {
            g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 + 3.0, g.bbox.x1, g.bbox.y1 + 3.0);
        }
        assert_eq!(officers(&p), ["毛勇庆", "李波"]);
        assert!(!read(&p).investigators_unread);
        // The first typed name's boxes off the band too (「签名) 谭杰辉、董兵 太 首兵」, seed 2058
        // s006 p7): the one name kept is no proof of one officer.
        // (One boxed above the band, two as slivers, as 谭杰辉 were.)
        let b = p.lines[1].glyphs[3].bbox;
        p.lines[1].glyphs[3].bbox = Rect::new(b.x0, b.y0 - 4.0, b.x1, b.y1 - 4.0);
        for g in &mut p.lines[1].glyphs[4..6] {
            g.bbox = Rect::new(g.bbox.x0, g.bbox.y1 - 2.0, g.bbox.x1, g.bbox.y1);
        }
        let f = read(&p);
        assert_eq!(officers(&p), ["李波"]);
        assert!(f.investigators_unread);
    }

    #[test]
    fn a_listed_name_read_as_the_first_character_of_the_recorders_is_the_recorder() {
        // Seed 2072 s011 p8: 「讯问民警:汪宇超、秦」 over 「记录人:秦蔬」.
        let header = |officers_line: &str| {
            let mut p = page(
                1,
                &[
                    "讯问笔录",
                    officers_line,
                    "记录人:秦蔬 工作单位 同上",
                    "问：你叫什么？",
                ],
            );
            p.source = crate::page::PageSource::Ocr { monochrome: false };
            read(&p)
        };
        for listed in ["讯问民警:汪宇超、秦", "讯问民警:汪宇超、秦”"] {
            let f = header(listed);
            let names: Vec<&str> = f.investigators.iter().map(|i| i.value.as_str()).collect();
            assert_eq!(names, ["汪宇超", "秦蔬"], "{listed}");
            assert!(!f.investigators_unread, "{listed}");
        }
        // A character that opens no one's name read there leaves the doubt.
        let f = header("讯问民警:汪宇超、李");
        assert!(f.investigators_unread);
        assert!(!f.investigators.iter().any(|i| i.value == "秦蔬"));
        // So does one cut by a quote, a hand read on after it (「史“N必」 for 史超 and his
        // scrawl, seed 2082 s007 p20: one officer left, the recorder's 孔涛峰, flagged as
        // alone); a whole name before a quote does not.
        assert!(header("讯问民警:史“N必、秦蔬").investigators_unread);
        assert!(!header("讯问民警:汪宇超“、秦蔬").investigators_unread);
    }

    #[test]
    fn a_typed_officers_row_read_a_second_time_through_the_hand_names_no_one() {
        // Seed 2072 s005 p19: the hand over 询问民警 许亮超、孔晨凯 read as a line of its own,
        // 「询问 民莘 许亮 起、和孔晨归 闻」: 民警 misread before a space is no label there.
        let mut p = page(
            1,
            &[
                "询问笔录",
                "询问 民莘 许亮 起、和孔晨归 闻",
                "询问民警 许亮超、孔晨凯 工作单位 派出所",
                "记录人 孔晨凯 工作单位 同上",
                "问：你叫什么？",
            ],
        );
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        assert_eq!(officers(&p), ["许亮超", "孔晨凯"]);
    }

    #[test]
    fn a_wrapped_cells_line_stops_at_the_unit_column() {
        // Seed 2056 s005 p15: 「名 NT 工人 出所」, 工人 the 工作单位 label garbled in the unit's
        // column, which the recorder's row below shows starting at x 180.
        let officers_of = |cell: &str| {
            let mut p = laid_out(&[
                (72.0, 100.0, "讯问民警(签"),
                (76.0, 108.0, cell),
                (72.0, 130.0, "记录人(签名) 王五 工作单位 同上"),
                (72.0, 160.0, "问：你的基本情况？"),
            ]);
            p.source = crate::page::PageSource::Ocr { monochrome: false };
            officers(&p)
        };
        // 名) ends at x 94; fourteen spaces of 6 pt put 工 at 184.
        assert!(officers_of("名)              工人 出所").is_empty());
        assert_eq!(officers_of("名) 李波          工人 出所"), ["李波"]);
    }

    #[test]
    fn an_officers_label_word_inside_running_text_names_nobody() {
        let p = page(
            1,
            &[
                "询问笔录",
                "询问人：张建国、李明",
                "（口头传唤/自动投案的说询问人于5月1日9时5分到达，12时36分离开，本人签名：汤健凯）",
            ],
        );
        assert_eq!(officers(&p), ["张建国", "李明"]);
    }

    #[test]
    fn a_first_question_whose_marker_ocr_lost_names_no_officer() {
        // 「问：」 lost, the first question is read as header (seed 2033 s034): the officers'
        // word in it with a space before it is a label, and what follows is speech.
        let p = page(
            1,
            &[
                "询问笔录",
                "侦查员 龙海亮、袁娜 工作单位 刑事侦查大队",
                ": 我们是游仙区分局刑事侦查大队的 侦查员，向你出示工作证件。今天找你了解情况，请你如",
            ],
        );
        assert_eq!(officers(&p), ["龙海亮", "袁娜"]);
    }

    #[test]
    fn the_unit_label_with_its_last_character_lost_ends_the_officers_names() {
        let p = page(
            1,
            &[
                "讯问笔录",
                "侦查员（签名）：秦帆成、 工作单 绵阳市公安局人民路派出所",
            ],
        );
        assert_eq!(officers(&p), ["秦帆成"]);
    }

    /// A page of lines placed where a ruled table or a wrapped cell puts them.
    fn laid_out(lines: &[(f32, f32, &str)]) -> Page {
        let mut p = page(1, &[]);
        p.lines = lines.iter().map(|&(x, y, text)| line_at(x, y, text)).collect();
        p
    }

    #[test]
    fn a_place_tesseract_split_on_its_row_is_read_whole() {
        // Seed 2060 s014 p6: the place's line ends at 建, its rest a line of its own right
        // after it on the same row.
        let place = |rest: (f32, &str)| {
            let p = laid_out(&[
                (72.0, 72.0, "询问笔录"),
                (72.0, 100.0, "询问地点 南通市公安局海门区分局建"),
                (rest.0, 100.0, rest.1),
                (72.0, 130.0, "问：你好。"),
            ]);
            read(&p).location.map(|l| l.value)
        };
        // 17 characters of 12 pt from x 72 end at 276 (the ASCII space is half as wide).
        assert_eq!(
            place((276.0, "设路派出所办案区询问室")).as_deref(),
            Some("南通市公安局海门区分局建设路派出所办案区询问室")
        );
        // A line further along the row, or a label's cell, is not the place's rest.
        assert_eq!(
            place((330.0, "设路派出所")).as_deref(),
            Some("南通市公安局海门区分局建")
        );
        assert_eq!(
            place((276.0, "工作单位 同上")).as_deref(),
            Some("南通市公安局海门区分局建")
        );
    }

    #[test]
    fn an_officers_label_ocr_clipped_still_names_them() {
        let p = page(
            1,
            &[
                "讯问笔录",
                "侦查 。。张建国、李明 工作单位 XX派出所",
                "记录员 李明 工作单位 同上",
                "工作单位 刑事侦查 大队",
                "问：我们是XX派出所的民警。",
            ],
        );
        let f = read(&p);
        let names: Vec<&str> = f.investigators.iter().map(|i| i.value.as_str()).collect();
        assert_eq!(names, ["张建国", "李明"]);
        let p = page(1, &["询问笔录", "询问民 : 张建国、李明", "问：你好。"]);
        assert_eq!(read(&p).investigators.len(), 2);
        let p = page(
            1,
            &[
                "询问笔录",
                "侦查(签名)许德记，王刚文 工作单位 派出所",
                "问：你好。",
            ],
        );
        assert_eq!(officers(&p), ["许德记", "王刚文"]);
        // 讯问人 with 讯 misread, its 签名 after it.
        let p = page(
            1,
            &["讯问笔录", "和问人签名)汪屋、向璋娜 工作单位 大队", "问：你好。"],
        );
        assert_eq!(officers(&p), ["汪屋", "向璋娜"]);
        // 讯问人 with its last one or two characters lost, the bracketed 签名 after it (seed
        // 2053 s022).
        let p = page(1, &["讯问笔录", "讯(签名):方庆、魏振住", "问：你好。"]);
        assert_eq!(officers(&p), ["方庆", "魏振住"]);
        let p = page(1, &["询问笔录", "询问(签名):方庆", "问：你好。"]);
        assert_eq!(officers(&p), ["方庆"]);
        // The subject's label is not an officer's.
        let p = page(1, &["讯问笔录", "被讯问人签名:王雷帆", "问：你好。"]);
        assert!(officers(&p).is_empty());
    }

    #[test]
    fn a_bare_asking_label_names_the_officers_only_where_names_alone_follow() {
        let p = page(
            1,
            &[
                "询问笔录",
                "时间:2025年05月12日12时07分至13时43分",
                "询问:、雷华 印波晨",
                "工作单位:绍兴市公安局越城区分局青年路派出所",
                "被询问人:袁宁鑫 性别:男",
                "问：你好。",
            ],
        );
        assert_eq!(officers(&p), ["雷华", "印波晨"]);
        // The place's label with 地点 lost, the subject's with 被 and 人 lost: no officers.
        let p = page(
            1,
            &[
                "询问笔录",
                "询问:洛阳市公安局西工区分局文化路派出所 询问室",
                "问：你好。",
            ],
        );
        assert!(officers(&p).is_empty());
        let p = page(
            1,
            &["询问笔录", "询问:袁宁鑫", "被询问人:袁宁鑫 性别:男", "问：你好。"],
        );
        assert!(officers(&p).is_empty());
        // 人 read as a full stop, the unit's cell on the same line (seed 2050 s010 p17).
        let p = page(
            1,
            &[
                "询问笔录",
                "时间 2024-11-0312:20至2024-11-0313:13",
                "询问地点 佛山市公安局顺德区分局执法办案中心第二询问室",
                "询问。天全 大新 工作单位 佛山市公安区分局刑事全",
                "记录员 石新 工作单位 同上",
                "问：你好。",
            ],
        );
        assert_eq!(officers(&p), ["天全", "大新"]);
        // The title garbled is no label (seed 2047 s002 p12), nor a place up to the unit names.
        let p = page(
            1,
            &["询问 笔有", "第1次", "询问民警签名): 向平明贞平队", "问：你好。"],
        );
        assert!(officers(&p).is_empty());
        let p = page(
            1,
            &[
                "询问笔录",
                "询问。顺德区分局 询问室 工作单位 佛山市公安局",
                "问：你好。",
            ],
        );
        assert!(officers(&p).is_empty());
        // Where the officers' own label was read, a bare one adds nobody.
        let p = page(1, &["询问笔录", "询问人:雷华", "询问:印波晨", "问：你好。"]);
        assert_eq!(officers(&p), ["雷华"]);
    }

    #[test]
    fn a_range_of_times_under_a_garbled_label_is_the_time() {
        let p = page(
            1,
            &[
                "询问笔录",
                "起:自201619日20时51分起至 同日21时28",
                "地点:江苏省南通市崇川区学府路335号",
                "询问民警:李宇新、肖林红",
                "问：你好。",
            ],
        );
        let f = read(&p);
        assert_eq!(
            f.start.map(|s| s.value.to_string()).as_deref(),
            Some("2016-01-09 20:51:00")
        );
        assert_eq!(
            f.end.map(|s| s.value.to_string()).as_deref(),
            Some("2016-01-09 21:28:00")
        );
        // A birth date and a summons' arrival and leaving are no range of the transcript.
        let p = page(
            1,
            &[
                "询问笔录",
                "被询问人:彭志 出生日期:1976年05月14日",
                "（被询问人于3月4日20时0分到达，3月5日11时50分离开）",
                "问：你好。",
            ],
        );
        assert!(read(&p).start.is_none());
    }

    #[test]
    fn a_place_wrapped_beside_its_bare_label_is_read_from_the_level_lines() {
        // Seed 2072 s037 p9: 「地点」 read alone, the place on two lines level with it in the
        // value's cell; the officers' row below (「讯问( 洛阳…」, 人 and 签名 lost) is no place.
        let p = laid_out(&[
            (97.0, 142.0, "起止时间 2022-05-31 08:54至2022-05-31 10:48"),
            (
                158.0,
                167.0,
                "河南省洛阳市洛龙区工农路454号（因其患病行动不便，经批准在其住处讯",
            ),
            (159.0, 181.0, "问）"),
            (108.0, 174.0, "地点"),
            (91.0, 196.0, "讯问( 洛阳 市公安局洛龙区分局香炉"),
            (91.0, 260.0, "问：你好。"),
        ]);
        assert_eq!(
            read(&p).location.map(|l| l.value).as_deref(),
            Some("河南省洛阳市洛龙区工农路454号(因其患病行动不便,经批准在其住处讯问)")
        );
    }

    #[test]
    fn a_place_whose_label_lost_or_misread_a_character_is_read() {
        for line in [
            "地:绵阳市公安局涪城区分局中华路派出所民警办公室",
            "地;绵阳市公安局涪城区分局中华路派出所民警办公室",
            "好点:绵阳市公安局涪城区分局中华路派出所民警办公室",
        ] {
            let p = page(1, &["询问笔录", line, "问：你好。"]);
            assert_eq!(
                read(&p).location.map(|l| l.value).as_deref(),
                Some("绵阳市公安局涪城区分局中华路派出所民警办公室")
            );
        }
        // 地 inside a value is no label.
        let p = page(1, &["询问笔录", "户籍所在地:四川省绵阳市", "问：你好。"]);
        assert!(read(&p).location.is_none());
        // 「询问地点：」 with 地点 lost (seed 2063 s038 p7); 「询问:」 before a time is 询问时间's.
        let clipped = |line: &str| {
            read(&page(1, &["询问笔录", line, "问：你好。"]))
                .location
                .map(|l| l.value)
        };
        assert_eq!(
            clipped("询问:绍兴市公安局越城区分局人民路派出所民警办公室").as_deref(),
            Some("绍兴市公安局越城区分局人民路派出所民警办公室")
        );
        assert_eq!(clipped("询问:2017年10月4日10时00分至11时06分"), None);
        // Its colon lost too (2064 s025 p9), or 地点 run into the place (2064 s001 p9).
        assert_eq!(clipped("讯问 押解途中警车上").as_deref(), Some("押解途中警车上"));
        assert_eq!(
            clipped("讯问党城区城市便捷酒店486房间").as_deref(),
            Some("党城区城市便捷酒店486房间")
        );
        // The officers' row and the title are no place, whatever unit they name.
        assert_eq!(
            clipped("讯问人 张伟 工作单位 绵阳市公安局涪城区分局中华路派出所"),
            None
        );
        assert_eq!(clipped("讯问民警 张伟、李强 绵阳市公安局涪城区分局"), None);
    }

    #[test]
    fn a_sign_note_in_square_or_angle_brackets_hides_no_names() {
        // 「（签名）」 read with 〔 or 〈: the bracket opened must not swallow the names after it.
        for line in [
            "询问人〔签名):蒋帆旭、顾洁静，工作单位: 派出所",
            "询问人〈签名〉 蒋帆旭 顾洁静",
        ] {
            let p = page(1, &["询问笔录", line, "问：你好。"]);
            assert_eq!(officers(&p), ["蒋帆旭", "顾洁静"], "{line}");
        }
    }

    #[test]
    fn reads_a_free_line_header() {
        let p = page(
            3,
            &[
                "讯问笔录（第一次）",
                "时间：2024年3月5日10时20分至2024年3月5日11时40分",
                "地点：XX市公安局执法办案中心第三讯问室",
                "讯问人（签名）：张建国、李明 工作单位：XX派出所",
                "记录人（签名）：王芳 工作单位：XX派出所",
                "被讯问人：赵小虎 性别：男 年龄：34 出生日期：1990年1月2日",
                "身份证件种类及号码：居民身份证 110101199001021234",
                "问：我们是XX派出所的民警，现依法对你进行讯问。",
            ],
        );
        let f = read(&p);
        assert_eq!(f.session.as_ref().map(|s| s.value), Some(1));
        assert_eq!(
            f.start.as_ref().map(|s| s.value.to_string()),
            Some("2024-03-05 10:20:00".into())
        );
        assert_eq!(
            f.end.as_ref().map(|s| s.value.to_string()),
            Some("2024-03-05 11:40:00".into())
        );
        assert_eq!(
            f.location.as_ref().map(|s| s.value.as_str()),
            Some("XX市公安局执法办案中心第三讯问室")
        );
        assert_eq!(
            f.investigators
                .iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>(),
            ["张建国", "李明"]
        );
        assert_eq!(f.recorder.as_ref().map(|s| s.value.as_str()), Some("王芳"));
        assert_eq!(f.subject.as_ref().map(|s| s.value.as_str()), Some("赵小虎"));
        assert_eq!(f.sex.as_ref().map(|s| s.value.as_str()), Some("男"));
        assert_eq!(f.age.as_ref().map(|s| s.value), Some(34));
        assert_eq!(
            f.id_number.as_ref().map(|s| s.value.as_str()),
            Some("110101199001021234")
        );
        assert_eq!(f.location.as_ref().unwrap().page, 3);
    }

    #[test]
    fn reads_a_table_header_with_spaced_labels_and_blank_end() {
        let p = page(
            1,
            &[
                "询 问 笔 录",
                "时  间   2019年7月1日9时5分 至    年  月  日  时  分",
                "地  点   被询问人家中    询问人  刘洋 陈晨",
                "记录人   陈晨",
                "被询问人  孙丽   性别 女",
                "问:你的身份?",
            ],
        );
        let f = read(&p);
        assert_eq!(
            f.start.as_ref().map(|s| s.value.to_string()),
            Some("2019-07-01 09:05:00".into())
        );
        assert!(f.end.is_none());
        assert_eq!(
            f.location.as_ref().map(|s| s.value.as_str()),
            Some("被询问人家中")
        );
        assert_eq!(
            f.investigators
                .iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>(),
            ["刘洋", "陈晨"]
        );
        assert_eq!(f.subject.as_ref().map(|s| s.value.as_str()), Some("孙丽"));
    }

    #[test]
    fn a_birth_date_wrapped_in_its_table_cell_is_read_around_its_label() {
        // 「出生日期」 level with the ID number of the cell beside it; its own value wrapped
        // in the cell, 「1980年11月27」 above the label's line and 「日」 below (as the
        // generator's table draws it, and a text layer gives it).
        let mut p = page(1, &["讯问笔录"]);
        p.lines.extend([
            line_at(90.0, 258.0, "犯罪嫌疑人 段波文 性别 男 年龄 45"),
            line_at(158.0, 283.2, "1980年11月27 身份证号"),
            line_at(95.6, 290.9, "出生日期 231202197911131730"),
            line_at(158.0, 298.6, "日 码"),
            line_at(90.0, 330.0, "问：你叫什么？"),
        ]);
        let f = read(&p);
        assert_eq!(
            f.birth_date.map(|b| b.value),
            chrono::NaiveDate::from_ymd_opt(1980, 11, 27)
        );
        assert_eq!(
            f.id_number.map(|i| i.value).as_deref(),
            Some("231202197911131730")
        );
    }

    #[test]
    fn an_id_number_is_not_read_out_of_a_date_written_before_it() {
        let p = page(1, &["出生日期 1975-02-20 421102197502208696", "问：……"]);
        assert_eq!(
            read(&p).id_number.map(|i| i.value),
            Some("421102197502208696".to_string())
        );
        let p = page(1, &["身份证号码：1234567890123456789", "问：……"]);
        assert_eq!(read(&p).id_number, None);
    }

    #[test]
    fn an_id_numbers_confidence_is_its_digits() {
        // Seed 2064 s021 p9: 「居民身份证」 read 「届民喘份证」, 喘 at 0.81, every digit at 0.99:
        // the number was read surely, and its wrong check digit went unjudged.
        let mut p = page(1, &["号份证件种类及号码:届民喘份证130403198401041634", "问：……"]);
        for g in &mut p.lines[0].glyphs {
            g.conf = if g.ch == '喘' { 0.81 } else { 0.99 };
        }
        let id = read(&p).id_number.unwrap();
        assert_eq!(id.value, "130403198401041634");
        assert_eq!(id.conf, 0.99);
    }

    #[test]
    fn an_age_ocr_left_unread_takes_no_digits_of_the_birth_date_after_it() {
        // Seed 2058 s031 p12: the age read as 「。」 and 出生日期 as 「出生日」; the age was read
        // as 200, the first three digits of the date.
        let p = page(1, &["被询问人郭芳华 性别女 年龄。出生日20070812", "问：……"]);
        let f = read(&p);
        assert_eq!(f.age.as_ref().map(|a| a.value), None);
        assert_eq!(
            f.birth_date.as_ref().map(|d| d.value.to_string()),
            Some("2007-08-12".into())
        );
        // The birth date's label garbled past reading: its digits are still no age.
        let f = read(&page(
            1,
            &["被询问人郭芳华 性别女 年龄。出牛日20070812", "问：……"],
        ));
        assert_eq!(f.age.as_ref().map(|a| a.value), None);
        // An age beside its unit, or closing the line, is still read.
        for (line, age) in [
            ("被询问人 林英 性别 女 年龄 37岁 出生日期 19870101", 37),
            ("被询问人 林英 年龄：9", 9),
        ] {
            let f = read(&page(1, &[line, "问：……"]));
            assert_eq!(f.age.as_ref().map(|a| a.value), Some(age), "{line}");
        }
    }

    #[test]
    fn a_blank_place_takes_no_value_from_the_officers_row_under_its_tall_boxed_label() {
        // Seed 2074 s029 p17: 「讯间地点」 boxed 27 pt high, its cell empty; the officers'
        // names a line below, nearer the officers' label, were read as the place.
        use crate::page_testkit::line_at;
        let tall = |mut l: Line, to: f32| {
            for g in l.glyphs.iter_mut() {
                g.bbox = Rect::new(g.bbox.x0, g.bbox.y0, g.bbox.x1, to);
            }
            Line::from_glyphs(l.glyphs)
        };
        let lines = vec![
            line_at(250.0, 84.0, "讯问笔录"),
            line_at(91.0, 141.0, "起止时间 2023-08-03 13:30至2023-08-03 14:53"),
            tall(line_at(91.0, 161.0, "讯问地点"), 187.6),
            tall(line_at(86.0, 185.4, "讯问民警"), 212.4),
            line_at(154.8, 196.0, "周斌军、芝平和 工作单位"),
            line_at(97.6, 212.0, "签名)"),
            line_at(86.0, 240.0, "问：你叫什么？"),
        ];
        let mut p = page(1, &[]);
        p.lines = lines;
        crate::page_testkit::scanned(std::slice::from_mut(&mut p));
        let f = read(&p);
        assert_eq!(f.location.map(|l| l.value), None);
        // A place level with its own label is still read there.
        let mut lines = p.lines.clone();
        lines[4] = line_at(154.8, 168.0, "绍兴市公安局上虞区分局讯问室");
        p.lines = lines;
        assert_eq!(
            read(&p).location.map(|l| l.value),
            Some("绍兴市公安局上虞区分局讯问室".to_string())
        );
    }

    #[test]
    fn a_birth_date_label_with_its_ri_misread_is_still_the_birth_date() {
        // Seed 2081 s016 p6: 出生日期 read 「出生旦期」; unread, the date was not there to say
        // that the age beside it, its 4 read 3 under the form's underline, was misread.
        let p = page(1, &["被询回人 曹磊宇 性别男 年龄39 出生旦期1969-07-26", "问：……"]);
        let f = read(&p);
        assert_eq!(
            f.birth_date.as_ref().map(|d| d.value.to_string()),
            Some("1969-07-26".into())
        );
        assert_eq!(f.age.as_ref().map(|a| a.value), Some(39));
    }

    #[test]
    fn a_birth_date_with_a_day_of_three_digits_is_read_in_doubt() {
        // Seed 2074 s016 p12: 「2002年9月235日」 for the 25th.
        let conf = |line: &str| read(&page(1, &[line, "问：……"])).birth_date.map(|d| d.conf);
        assert_eq!(
            conf("犯罪嫌疑人 贺庆龙 出生日期 2002年9月235日 361102200209256777"),
            Some(0.0)
        );
        assert!(conf("犯罪嫌疑人 贺庆龙 出生日期 2002年9月25日 361102200209256777").is_some_and(|c| c > 0.5));
    }

    #[test]
    fn ocr_punctuation_between_label_and_value_keeps_the_value_whole() {
        // OCR reads the colon as a comma and a stray quote: the value still starts at the name.
        let p = page(1, &["被询问人，”潘明鹏 性别 男 年龄 17", "问：……"]);
        let f = read(&p);
        assert_eq!(f.subject.as_ref().map(|s| s.value.as_str()), Some("潘明鹏"));
        assert_eq!(f.age.as_ref().map(|a| a.value), Some(17));
    }

    #[test]
    fn a_struck_out_recorder_is_no_recorder() {
        let p = page(
            1,
            &[
                "讯问人：张建国 工作单位：城东派出所",
                "记录人： / 工作单位： /",
                "问：……",
            ],
        );
        let f = read(&p);
        assert!(f.recorder_struck);
        assert!(f.recorder.is_none());
        let p = page(1, &["讯问人：张建国、李明", "记录人：李明", "问：……"]);
        assert!(!read(&p).recorder_struck);
        // A speck read as a quote beside the slash (seed 2078 s029 p13); alone it strikes
        // nothing out.
        let p = page(1, &["侦查员(签名):罗芳兰", "记录人(签名):/”工作单位:/", "问：……"]);
        assert!(read(&p).recorder_struck);
        let p = page(1, &["侦查员(签名):罗芳兰", "记录人(签名):” 工作单位:/", "问：……"]);
        assert!(!read(&p).recorder_struck);
    }

    #[test]
    fn a_recorder_struck_out_in_a_wrapped_table_cell_is_no_recorder() {
        // 「记录员（签」/「名）」 wraps in its label cell; the 「/」 sits level between the halves.
        let p = laid_out(&[
            (72.0, 100.0, "讯问人（签"),
            (150.0, 108.0, "程杰 工作单位 保定市公安局中华路派出所"),
            (72.0, 116.0, "名）"),
            (72.0, 140.0, "记录员（签"),
            (150.0, 148.0, "/ 工作单位 /"),
            (72.0, 156.0, "名）"),
            (72.0, 190.0, "问：你的基本情况？"),
        ]);
        let f = read(&p);
        assert_eq!(
            f.investigators
                .iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>(),
            ["程杰"]
        );
        assert!(f.recorder_struck);
        assert!(f.recorder.is_none());
    }

    #[test]
    fn a_wrapped_cells_value_is_read_on_its_own_row_not_the_row_above() {
        // Both label cells wrap. The investigators' value line is within a line height of the
        // recorder's label too, above it; the recorder's own value line is nearer, below.
        let p = laid_out(&[
            (72.0, 96.0, "讯问民警（签"),
            (80.0, 108.0, "名） 程峰 工作单位 路派出所"),
            (72.0, 120.0, "记录员（签"),
            (80.0, 128.0, "名） 刘洋 工作单位 同上"),
            (72.0, 170.0, "问：你的基本情况？"),
        ]);
        let f = read(&p);
        assert_eq!(officers(&p), ["程峰"]);
        assert_eq!(f.recorder.as_ref().map(|r| r.value.as_str()), Some("刘洋"));
    }

    #[test]
    fn an_empty_value_before_a_run_on_unit_label_stays_empty() {
        // Forms without colons underline the values; the unit is run on after its label.
        let p = page(
            1,
            &[
                "讯问人（签名）：马海志、龙燕欣",
                "记录人（签名）： 工作单位绵阳市公安局刑事侦查大队",
                "问：……",
            ],
        );
        let f = read(&p);
        assert!(f.recorder.is_none());
        assert_eq!(
            blank_labels(&p).iter().map(|b| b.field).collect::<Vec<_>>(),
            [BlankField::Recorder]
        );
        // A label word inside a place is still the place.
        let p = page(1, &["地点 被询问人家中", "问：……"]);
        assert_eq!(
            read(&p).location.map(|l| l.value),
            Some("被询问人家中".to_string())
        );
    }

    #[test]
    fn the_wrapped_unit_of_a_cell_to_the_right_does_not_fill_a_blank_field() {
        // Ruled table: 地点 left blank, 记录员 left blank; the unit names in the right-hand
        // cells wrap onto lines of their own, level with or just below those labels.
        let p = laid_out(&[
            (80.0, 100.0, "地点"),
            (370.0, 124.0, "九江市公安局濂溪区分局刑事侦"),
            (72.0, 131.0, "询问民警 钱庆文、陶飞 工作单位"),
            (370.0, 138.0, "查大队"),
            (370.0, 160.0, "九江市公安局濂溪区分局刑事侦"),
            (60.0, 167.0, "记录员（签名） 工作单位"),
            (370.0, 174.0, "查大队"),
            (72.0, 200.0, "被询问人 石国 性别 男"),
            (72.0, 230.0, "问：你的基本情况？"),
        ]);
        let blank: Vec<BlankField> = blank_labels(&p).iter().map(|b| b.field).collect();
        assert_eq!(blank, [BlankField::Location, BlankField::Recorder]);
    }

    #[test]
    fn specks_in_the_values_column_before_a_wrapped_unit_do_not_fill_a_blank_place() {
        // Seed 2064 s030 p9: 地点 left blank; the next line read 「己 、」 of two specks 3 pt
        // high under the place's cell, then the unit's name wrapped in its own cell far right.
        let place = |speck_height: f32| {
            let mut p = laid_out(&[
                (80.0, 100.0, "地点"),
                (104.0, 124.0, "己、"),
                (370.0, 124.0, "洛阳市公安局洛龙区分局人民"),
                (72.0, 131.0, "侦查员 江超、丁佳 工作单位"),
                (370.0, 138.0, "路派出所"),
                (72.0, 160.0, "记录人 丁佳 工作单位 同上"),
                (72.0, 200.0, "被询问人 余婷佳 性别 女"),
                (72.0, 230.0, "问：你的基本情况？"),
            ]);
            // OCR made one line of the specks and the unit's name.
            let unit = p.lines.remove(2);
            let mut glyphs = p.lines[1].glyphs.clone();
            for g in &mut glyphs {
                g.bbox = Rect::new(g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y0 + speck_height);
            }
            glyphs.extend(unit.glyphs);
            p.lines[1] = Line::from_glyphs(glyphs);
            blank_labels(&p).iter().map(|b| b.field).collect::<Vec<_>>()
        };
        assert_eq!(place(3.0), [BlankField::Location]);
        // Characters written there are the place's value run on: not blank.
        assert_eq!(place(12.0), []);
    }

    #[test]
    fn the_tail_of_a_signature_on_the_row_below_does_not_fill_a_blank_place() {
        use crate::page_testkit::signature_strokes;
        let mut p = laid_out(&[
            (56.0, 144.0, "讯问地点"),
            (56.0, 165.0, "讯问民警（签名）：万俊、张月玲"),
            (56.0, 230.0, "问：你的基本情况？"),
        ]);
        // The top loop of a signature after the officers' names, 5 pt into the place's row.
        p.strokes = signature_strokes(Rect::new(206.0, 157.0, 230.0, 166.0));
        assert_eq!(
            blank_labels(&p).iter().map(|b| b.field).collect::<Vec<_>>(),
            [BlankField::Location]
        );
        // Handwriting on the place's own line fills it.
        p.strokes = signature_strokes(Rect::new(120.0, 142.0, 200.0, 158.0));
        assert!(blank_labels(&p).is_empty());
    }

    /// Ink at `bbox` as a scan leaves it: one blob of `segments`.
    fn blob(bbox: Rect, segments: u32) -> crate::page::Stroke {
        crate::page::Stroke {
            bbox,
            freeform: true,
            segments,
            color: [0.1, 0.1, 0.15],
        }
    }

    #[test]
    fn each_half_of_a_scanned_time_is_judged_by_its_own_ink() {
        // The start written by hand (and read), the end left blank: the start's ink had
        // filled the end too (seed 2044 s035 p13, where it was the start's print).
        let mut p = scanned("时间：2026年02月21日11时30分至 年 月 日 时 分", &[]);
        let line = p.lines[1].clone();
        let at = |ch: char, nth: usize| line.glyphs.iter().filter(|g| g.ch == ch).nth(nth).unwrap().bbox;
        let (first, last) = (at('2', 0), at('分', 0));
        let start_ink = crate::page_testkit::signature_strokes(Rect::new(
            first.x0,
            first.y0 - 2.0,
            last.x0,
            last.y1 + 2.0,
        ));
        p.strokes = start_ink.clone();
        let fields = |p: &Page| blank_labels(p).iter().map(|b| b.field).collect::<Vec<_>>();
        assert_eq!(fields(&p), [BlankField::End]);
        // Seed 2026 s037 p12: a sliver beside each printed 年 月 日 of the blank end is the
        // print's rim, no hand.
        p.strokes = ['年', '月', '日']
            .iter()
            .map(|&c| {
                let g = at(c, 1);
                blob(Rect::new(g.x0 - 5.0, g.y0 + 1.0, g.x0 - 0.5, g.y1 - 1.0), 5)
            })
            .chain(start_ink)
            .collect();
        assert_eq!(fields(&p), [BlankField::End]);
        // An end written by hand OCR could not read fills it.
        let end = at('年', 1);
        p.strokes.extend(crate::page_testkit::signature_strokes(Rect::new(
            end.x0 - 4.0,
            end.y0 - 3.0,
            end.x0 + 40.0,
            end.y1 + 2.0,
        )));
        assert!(fields(&p).is_empty());
    }

    #[test]
    fn a_tables_rule_broken_by_the_scan_does_not_fill_a_blank_field() {
        // Seed 2048 s015 p14: the cell's top edge across the row, in pieces of 2 segments.
        let mut p = scanned("地点", &[]);
        p.strokes = (0..13)
            .map(|i| {
                blob(
                    Rect::new(100.0 + 23.0 * i as f32, 93.0, 120.0 + 23.0 * i as f32, 94.0),
                    2,
                )
            })
            .collect();
        let fields = |p: &Page| blank_labels(p).iter().map(|b| b.field).collect::<Vec<_>>();
        assert_eq!(fields(&p), [BlankField::Location]);
        // A place written by hand fills it.
        p.strokes.extend(crate::page_testkit::signature_strokes(Rect::new(
            110.0, 90.0, 200.0, 106.0,
        )));
        assert!(fields(&p).is_empty());
    }

    #[test]
    fn a_blank_place_is_found_where_its_label_is_garbled() {
        let fields = |lines: &[&str]| {
            blank_labels(&page(1, lines))
                .iter()
                .map(|b| (b.field, b.label.clone()))
                .collect::<Vec<_>>()
        };
        let time = "时间:2018年02月08日10时10分至11时53分";
        let officers = "侦查员(签名):于洋、陆晶 工作单位:洛阳市公安局涧西区分局刑侦大队";
        let question = "问：你的基本情况？";
        // Seed 2035 s032 p12 (「讯问:」), 2048 s040 p11 (「讯问」).
        let place = vec![(BlankField::Location, "地点".to_string())];
        assert_eq!(fields(&["讯问笔录", time, "讯问:", officers, question]), place);
        assert_eq!(fields(&["讯问笔录", time, "讯问", officers, question]), place);
        // A place OCR read under no label is a value, not a blank.
        assert!(fields(&["讯问笔录", time, "洛阳市看守所", officers, question]).is_empty());
        // Nor is a row that is not where the form prints the place.
        assert!(fields(&["讯问笔录", time, officers, "讯问", question]).is_empty());
    }

    #[test]
    fn a_blank_end_is_found_where_the_times_label_is_garbled() {
        let fields = |text: &str| {
            blank_labels(&scanned(text, &[]))
                .iter()
                .map(|b| (b.field, b.label.clone()))
                .collect::<Vec<_>>()
        };
        let end = vec![(BlankField::End, "时间".to_string())];
        // Seed 2048 s017 p14 (「起止时间」), s025 p18 (「询问时间」, 止 read as 目).
        assert_eq!(fields("起 ”2024-02-19 15:00至 年 月 日 时 分"), end);
        assert_eq!(fields("询问 。 自2018年3月24日15时0分起至 年 月 日 时 分目"), end);
        // The start garbled too (seed 2049 s026 p12): a year and an hour before 「至」.
        assert_eq!(fields("起2018年明23月7时20分至 年 月 日 时 分"), end);
        // A speck read beside the label's own blank (seed 2046 s020 p9: 「“年 月 上日」).
        assert_eq!(
            fields("时间 2020年1月28日10时20分至 “年 月 上日 时 分")[0].0,
            BlankField::End
        );
        // Filled in, whatever the label reads.
        assert!(fields("起 ”2024-02-19 15:00至2024-02-19 16:10").is_empty());
        assert!(fields("询问 。 自2018年3月24日15时0分起至 年 月 日 16时 分").is_empty());
    }

    #[test]
    fn a_blank_value_with_a_label_after_it_does_not_run_on_to_the_next_line() {
        // Seed 2048 s002 p15: 「被询问人」 below read as 「让询问人」, whose 「让」 passed for the
        // blank recorder's value carried over.
        let p = page(
            1,
            &[
                "询问笔录",
                "记录人 工作单位 同上",
                "让询问人 薛凯国 性别 男 年龄 47",
                "问：你的基本情况？",
            ],
        );
        assert_eq!(
            blank_labels(&p).iter().map(|b| b.field).collect::<Vec<_>>(),
            [BlankField::Recorder]
        );
        // The line's last value may run on to the next line's start.
        let p = page(
            1,
            &["询问笔录", "地点", "北京市朝阳区建国路1号", "问：你的基本情况？"],
        );
        assert!(blank_labels(&p).is_empty());
    }

    #[test]
    fn splits_names_and_drops_notes() {
        assert_eq!(names("张三（警号012345）、李四"), ["张三", "李四"]);
        assert_eq!(names("欧阳明明 买买提·艾力"), ["欧阳明明", "买买提·艾力"]);
        // A signature read on after the typed name, set off by the quotes and dashes OCR made
        // of its strokes (seed 2049 s028 p10), is no part of the name.
        assert_eq!(names("闫文波\"吕-~入”"), ["闫文波"]);
    }

    #[test]
    fn a_two_character_name_padded_to_three_is_one_name() {
        // Seed 2059 s001 p8: 「侦查员(签名):陈 明”工作单位…」 and 「记录员(签名):陈 明”」.
        assert_eq!(names("陈 明”"), ["陈明"]);
        assert_eq!(names(" 王　芳 "), ["王芳"]);
        assert_eq!(names("陈 明、王 芳"), ["陈明", "王芳"]);
        // Lone characters after a name are a signature OCR read, not another name.
        assert_eq!(names("余人 叉 心_"), ["余人"]);
        assert_eq!(names("张三 李四"), ["张三", "李四"]);
        let p = page(
            1,
            &[
                "询问笔录",
                "侦查员(签名):陈 明”工作单位:佛山区分局青年路派出所",
                "记录员(签名):陈 明”工作单位:同上",
                "问：好",
            ],
        );
        assert_eq!(officers(&p), ["陈明"]);
        assert_eq!(read(&p).recorder.map(|r| r.value), Some("陈明".to_string()));
    }

    #[test]
    fn a_units_words_run_on_into_the_names_are_no_officer() {
        assert_eq!(names("和 绵阳分局刑"), Vec::<String>::new());
        assert_eq!(names("程峰 路派出所"), ["程峰"]);
        assert_eq!(names("同上"), Vec::<String>::new());
        // The city split off the unit by a space is the unit's; a name before a city that
        // starts no unit stays.
        assert_eq!(names("王刚 绵阳 市公安局游仙区分局"), ["王刚"]);
        assert_eq!(names("王刚 李市明"), ["王刚", "李市明"]);
    }

    #[test]
    fn on_a_scan_a_signature_read_on_from_the_surname_again_is_cut() {
        assert_eq!(signed_again("龙确文龙俭".into()), "龙确文");
        assert_eq!(signed_again("龙续文龙".into()), "龙续文");
        assert_eq!(signed_again("欧阳明明".into()), "欧阳明明");
        // Three characters are a name whatever repeats.
        assert_eq!(signed_again("李小李".into()), "李小李");
        let mut p = page(1, &["讯问笔录", ".侦查员 严健、陆丽红 工作单位 队", "问：你好。"]);
        crate::page_testkit::scanned(std::slice::from_mut(&mut p));
        assert_eq!(officers(&p), ["严健", "陆丽红"]);
        // Running text before the label still makes it a word, not a label.
        let p = page(1, &["讯问笔录", "本案侦查员 严健", "问：你好。"]);
        assert!(officers(&p).is_empty());
    }

    #[test]
    fn on_a_scan_a_part_after_a_space_opening_with_no_family_name_is_the_signature() {
        // Seed 2074 s030 p12 and s002 p14: the hand beside the lone typed name read as a
        // second name.
        let officers_of = |row: &str| {
            let mut p = page(1, &["讯问笔录", row, "记录人(签名):/ 工作单位/", "问：你好。"]);
            crate::page_testkit::scanned(std::slice::from_mut(&mut p));
            officers(&p)
        };
        assert_eq!(officers_of("侦查员(签名):杨海鹏 \"欠思"), ["杨海鹏"]);
        assert_eq!(officers_of("询问民警(签名): 许晶慧 要小"), ["许晶慧"]);
        // Typed names a space apart each open with one.
        assert_eq!(officers_of("侦查员(签名):杨海鹏 欧阳明"), ["杨海鹏", "欧阳明"]);
        assert_eq!(officers_of("侦查员 王刚 李明"), ["王刚", "李明"]);
    }

    #[test]
    fn an_officers_label_with_its_middle_character_misread_before_qianming_is_read() {
        // Seed 2067 s013 p10: 「讯梧人签名)」 and 「记淡人“签名)”」, 问 and 录 misread.
        let mut p = page(
            1,
            &[
                "讯问笔录",
                "讯梧人签名) 严国波、孟旭帆 工作单位 出所",
                "记淡人“签名)”孟旭帆 工作单位 同上",
                "问：你好。",
            ],
        );
        crate::page_testkit::scanned(std::slice::from_mut(&mut p));
        assert_eq!(officers(&p), ["严国波", "孟旭帆"]);
        assert_eq!(read(&p).recorder.map(|r| r.value), Some("孟旭帆".to_string()));
    }

    #[test]
    fn a_bracket_read_twice_still_closes_the_label() {
        // Seed 2066 s021 p8: 「侦查员(〈签名)田勇 产SU_」, OCR read the bracket of 「（签名）」
        // twice; the label stopped at 侦查员 and 「(〈签名)田勇」 was no name.
        let mut p = page(
            1,
            &[
                "讯问笔录",
                "侦查员(〈签名)田勇 产SU_ 工作单位 路派出所",
                "记录员(签名)田勇.A 工作单位 同上",
                "问：你好。",
            ],
        );
        crate::page_testkit::scanned(std::slice::from_mut(&mut p));
        assert_eq!(officers(&p), ["田勇"]);
    }

    #[test]
    fn one_name_read_twice_with_one_character_off_is_one_person() {
        assert!(same_name("魏新辉", "魏新辉"));
        assert!(same_name("魏新辉", "魏新交"));
        // Two-character names one apart are two people as often as not.
        assert!(!same_name("张伟", "张卫"));
        assert!(!same_name("魏新辉", "魏心交"));
        assert!(!same_name("魏新辉", "魏新"));
    }
}

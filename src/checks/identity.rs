//! `invalid_identity`: the 18-digit citizen ID number written in a transcript header must pass
//! the GB 11643-1999 check digit, and the birth date and sex it encodes must agree with the
//! header's 出生日期, 性别 and 年龄 (age within one year, for the birthday). Numbers that are
//! part of a longer run of digits are not read as ID numbers.

use chrono::{Datelike, NaiveDate};

use crate::checks::timing::day;
use crate::checks::{Finding, RuleConfig, doc_text, glyph_confidences};
use crate::defect::{Category, Severity};
use crate::dossier::{Document, Dossier, Located, TranscriptFields};
use crate::page::{DIGIT_DOUBT, look_alikes, one_digit_confused};
use crate::structure::header::ids_in;
use crate::text::datetime::elevens;
use crate::text::fold::compact;

use super::Rule;

pub const CHECKSUM: Rule = Rule {
    id: "identity.checksum",
    category: Category::InvalidIdentity,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公民身份号码》（GB 11643-1999）第4.4条：校验码按ISO 7064:1983 MOD 11-2计算；《公安机关办理刑事案件程序规定》（2020）第二百零三条：讯问时应当问明犯罪嫌疑人的身份情况；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十五条第一项。",
};
pub const CONSISTENCY: Rule = Rule {
    id: "identity.consistency",
    category: Category::InvalidIdentity,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公民身份号码》（GB 11643-1999）第4.2、4.3条：出生日期码表示出生年月日，顺序码奇数分配给男性、偶数分配给女性；《公安机关办理刑事案件程序规定》（2020）第二百零三条；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十五条第一项。",
};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character GB 11643-1999 gives the first 17 digits, or `None` when they are not
/// 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    let digits: Vec<u32> = first17.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if digits.len() != 17 {
        return None;
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Whether an 18-character ID number's check character is right.
pub fn checksum_ok(id: &str) -> bool {
    let upper = id.to_uppercase();
    let Some(first17) = upper.get(..17) else {
        return false;
    };
    upper.chars().count() == 18 && check_char(first17).is_some_and(|c| upper.ends_with(c))
}

/// The birth date encoded in digits 7–14.
pub fn birth_date(id: &str) -> Option<NaiveDate> {
    let y = id.get(6..10)?.parse().ok()?;
    let m = id.get(10..12)?.parse().ok()?;
    let d = id.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// 男 or 女 from the 17th digit (odd is male).
/// Where in an ID number its sex is coded (the 17th digit: odd for a man).
const SEX_DIGIT: usize = 16;

pub fn sex(id: &str) -> Option<&'static str> {
    let d = id.chars().nth(SEX_DIGIT)?.to_digit(10)?;
    Some(if d % 2 == 1 { "男" } else { "女" })
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Whether the number stands alone in the text it was read from (not 18 digits cut out of a
/// longer number such as a bank account).
fn stands_alone(id: &Located<String>) -> bool {
    // Spaces separate: 「1975-02-20 4211…」 is a date and then a number.
    let raw: String = id.raw.to_uppercase();
    let Some(at) = raw.find(&id.value) else {
        // The raw text was folded differently; the header reader already required 18 chars.
        return true;
    };
    let before = raw[..at].chars().next_back();
    let after = raw[at + id.value.len()..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether `read` is `real` with one digit of a two-digit month or day dropped (the year and
/// the other component the same).
fn digit_lost(read: NaiveDate, real: NaiveDate) -> bool {
    let dropped = |r: u32, t: u32| one_digit_of(i64::from(r), i64::from(t));
    read.year() == real.year()
        && ((read.day() == real.day() && dropped(read.month(), real.month()))
            || (read.month() == real.month() && dropped(read.day(), real.day())))
}

/// Whether `read` is `real` with one digit read as one print confuses it with
/// (`look_alikes`): 1965年3月13日 for 1965年3月15日.
fn digit_confused(read: NaiveDate, real: NaiveDate) -> bool {
    let digits = |d: NaiveDate| d.format("%Y%m%d").to_string();
    one_digit_confused(&digits(read), &digits(real))
}

/// How many times `text` writes the date `date` out (「1965年3月15日」 or 「1965年03月15日」).
fn times_stated(text: &str, date: NaiveDate) -> usize {
    let text = compact(text);
    let mut forms = vec![day(date), date.format("%Y年%m月%d日").to_string()];
    forms.dedup();
    forms.iter().map(|f| text.matches(f.as_str()).count()).sum()
}

/// Whether `read`, one digit, is a digit of `real`, two: `real` with a digit lost.
fn one_digit_of(read: i64, real: i64) -> bool {
    (10..100).contains(&real) && (0..10).contains(&read) && (read == real / 10 || read == real % 10)
}

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    // Only a scan misreads: the dossier's numbers are gathered once, and only for one.
    let read = d.pages.iter().any(|p| p.is_scan()).then(|| numbers_read(d));
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let scanned = doc
            .fields
            .id_number
            .as_ref()
            .is_some_and(|id| d.page(id.page).is_some_and(|p| p.is_scan()));
        transcript(d, doc, read.as_deref().filter(|_| scanned), &mut out);
    }
    out
}

/// Every ID number standing alone in the dossier's text, in whatever document it is
/// written: the numbers a misread one may be checked against.
fn numbers_read(d: &Dossier) -> Vec<String> {
    d.pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| ids_in(&compact(&l.text)).collect::<Vec<_>>())
        .collect()
}

/// Most body digits (the first 17) in which a scanned number failing its check digit may
/// differ from a number read elsewhere in the dossier that passes it, and be taken for that
/// number misread.
const MISREAD_DIGITS: usize = 2;

/// Whether a scanned ID number failing its check digit is a misreading of another number
/// read in the dossier that passes the check and differs from it in at most
/// `MISREAD_DIGITS` of the first 17 digits, and not in the check digit. The same person is
/// questioned more than once and named on other forms, and OCR confuses 6 with 8 and 5 with
/// 3 in a number it reads four times right (seed 2038: 「130802…」 once, 「130602…」
/// elsewhere). A wrong check digit itself (the number right, its last character not) is no
/// misreading and stays a defect.
fn misread(id: &str, read: &[String]) -> bool {
    read.iter().any(|other| {
        let differing = id
            .chars()
            .zip(other.chars())
            .take(17)
            .filter(|(a, b)| a != b)
            .count();
        checksum_ok(other)
            && other.chars().nth(17) == id.chars().nth(17)
            && (1..=MISREAD_DIGITS).contains(&differing)
    })
}

/// A digit OCR read with less confidence than this, where the number's other digits read at
/// 0.99, is in doubt: the 8 that was a 6 read at 0.92–0.95 (seed 2057 s031 p5, p7).
const UNSURE_DIGIT: f32 = 0.97;

/// What a scanned number failing its check digit may be, misread: each body digit OCR was
/// unsure of, read instead as the digit print confuses it with, that makes the number pass
/// (the digit's place and the number). That digit is misread the same way wherever the
/// number is written on the scan (the 6 of 330602… read as 8 in the header and in the answer
/// alike, seed 2057 s031), so no other reading shows it. A wrong check digit itself stays a
/// defect: only the first 17 are tried.
///
/// A number opening with no province's code (GB/T 2260) was misread there whatever digit OCR
/// made of it: 「24020…」 for 21020…, its 1 read 4 at 0.969 (seed 2070 s019 p11). There any
/// digit that gives a province's code and passes the check is tried.
fn unsure_digit_repairs(id: &str, confidences: &[f32]) -> Vec<(usize, String)> {
    let chars: Vec<char> = id.chars().collect();
    let no_province = !opens_with_province(id);
    let mut repairs = Vec::new();
    for i in 0..17.min(chars.len()) {
        if !confidences.get(i).is_some_and(|c| *c < UNSURE_DIGIT) {
            continue;
        }
        let others: Vec<char> = if no_province && i < 2 {
            ('0'..='9').filter(|d| *d != chars[i]).collect()
        } else {
            look_alikes(chars[i]).collect()
        };
        for other in others {
            let mut fixed = chars.clone();
            fixed[i] = other;
            let fixed: String = fixed.iter().collect();
            if checksum_ok(&fixed) && (!no_province || opens_with_province(&fixed)) {
                repairs.push((i, fixed));
            }
        }
    }
    repairs
}

/// The codes of the provinces, autonomous regions and municipalities (GB/T 2260, with Taiwan,
/// Hong Kong and Macao) that open a citizen number.
const PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
    "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
];

fn opens_with_province(id: &str) -> bool {
    id.get(..2).is_some_and(|p| PROVINCES.contains(&p))
}

/// The stated sex, read surely, where the number `id` codes the other one: the problem as
/// the finding words it.
fn sex_disagrees(f: &TranscriptFields, id: &str) -> Option<String> {
    let stated = f.sex.as_ref().filter(|s| s.conf >= DOUBT)?;
    let coded = sex(id)?;
    (stated.value != coded).then(|| format!("性别写作{}，身份号码为{}", stated.value, coded))
}

fn finding(rule: &Rule, doc: &Document, at: &Located<String>, message: String) -> Finding {
    Finding {
        rule: rule.id,
        page: at.page,
        document: Some(doc.index),
        bbox: at.bbox,
        message,
        evidence: at.raw.clone(),
    }
}

/// Fields OCR read with less confidence than this are not compared: a digit in doubt would
/// turn a lawful ID number into a false flag. (Text layers read at 1.0.)
const DOUBT: f32 = 0.85;

/// `read`: on a scan, every ID number read in the dossier, of which a number failing its
/// check digit may be a misreading (`misread`), or of a digit OCR was unsure of
/// (`unsure_digit_misread`, the number's glyphs read back from `d`'s page).
fn transcript(d: &Dossier, doc: &Document, read: Option<&[String]>, out: &mut Vec<Finding>) {
    let f = &doc.fields;
    let Some(id) = f.id_number.as_ref().filter(|id| id.conf >= DOUBT) else {
        return;
    };
    if id.value.chars().count() != 18 || !stands_alone(id) {
        return;
    }
    if !checksum_ok(&id.value) {
        if let Some(read) = read {
            // The number is right elsewhere, or a digit of it in doubt; the header it was
            // read from is not to be trusted for a stated age or birth date either (2038
            // s025 p12: the number and the age misread on the same header).
            if misread(&id.value, read) {
                return;
            }
            // A digit OCR was unsure of may be the misreading no other copy shows.
            let confidences = glyph_confidences(d, id, &id.value, |c| {
                c.is_ascii_digit() || c.eq_ignore_ascii_case(&'x')
            })
            .unwrap_or_default();
            let repairs = unsure_digit_repairs(&id.value, &confidences);
            if !repairs.is_empty() {
                // Repaired one way only, the number's sex digit read surely still says what
                // it says, and OCR does not read 女 for 男: a disagreement stands
                // (「341202197303088935」, its 6 read 8 at 0.92, for a woman, seed 2064 s029
                // p9).
                if let [(at, fixed)] = repairs.as_slice()
                    && *at != SEX_DIGIT
                    && confidences.get(SEX_DIGIT).is_some_and(|c| *c >= UNSURE_DIGIT)
                    && let Some(problem) = sex_disagrees(f, fixed)
                {
                    out.push(finding(
                        &CONSISTENCY,
                        doc,
                        id,
                        format!(
                            "第{}页公民身份号码{}与笔录所记身份信息不符：{}（扫描读出第{}位为{}，按校验码应为{}）",
                            id.page,
                            fixed,
                            problem,
                            at + 1,
                            &id.value[*at..*at + 1],
                            &fixed[*at..*at + 1]
                        ),
                    ));
                }
                return;
            }
        }
        let expected = id.value.get(..17).and_then(check_char);
        out.push(finding(
            &CHECKSUM,
            doc,
            id,
            format!(
                "第{}页公民身份号码{}校验码错误（按GB 11643-1999末位应为{}）",
                id.page,
                id.value,
                expected.map_or_else(|| "?".to_string(), |c| c.to_string())
            ),
        ));
        // A number that fails its check digit may be misread anywhere: comparing its birth
        // date and sex would only repeat the same doubt.
        return;
    }
    let Some(born) = birth_date(&id.value) else {
        out.push(finding(
            &CONSISTENCY,
            doc,
            id,
            format!("第{}页公民身份号码{}的出生日期码不是有效日期", id.page, id.value),
        ));
        return;
    };
    let mut problems = Vec::new();
    // On a scan, a birth date that is the number's with a digit of its month or day lost is
    // that date misread: 11 read as one 1 (「1992年1月25日」 for 1992年11月25日, seed 2044
    // s015 p17), 28 read as 2 beside a garbled 日 (「1994年2月2日」, 2044 s002 p17).
    let shortened = |b: &Located<NaiveDate>| read.is_some() && digit_lost(b.value, born);
    // On a scan, a birth date one digit off the number's, by a digit print confuses, where
    // the transcript states the number's date in so many words, is that date misread (the
    // header's 「1965年3月13H」 beside the answer's 「1965年3月15日出生」, seed 2056 s017 p10).
    let text = doc_text(d, doc);
    let confused = |b: &Located<NaiveDate>| {
        read.is_some() && digit_confused(b.value, born) && times_stated(&text, born) > 0
    };
    // A stated age or birth date is compared only where its digits were read surely
    // (`DIGIT_DOUBT`: they are misread at 0.89 to 0.93, 34 for 54, 1998 for 1996): one digit off
    // there is a mismatch, where an ID number misread mostly fails its checksum instead. A
    // birth date read in doubt that the transcript writes out again, the header's reading
    // besides, is read twice alike: read (「1978年1月15日」, its 1 at 0.94, and the answer's
    // 「1978年1月15日出生」 beside a number of 19770607, seed 2067 s035 p8).
    let read_twice = |b: &Located<NaiveDate>| read.is_some() && times_stated(&text, b.value) >= 2;
    if let Some(b) = f
        .birth_date
        .as_ref()
        .filter(|b| b.conf >= DIGIT_DOUBT || read_twice(b))
        && b.value != born
        && !shortened(b)
        && !confused(b)
    {
        problems.push(format!("出生日期写作{}，身份号码为{}", day(b.value), day(born)));
    }
    problems.extend(sex_disagrees(f, &id.value));
    // On a scan, a stated birth date that agrees with the number has checked it already; a
    // stated age that does not is then its two digits misread (OCR read 35 as 33 at 0.95 or
    // more: seed 2037 s005 p9), the age being worked out from that same date.
    let age_in_doubt = read.is_some() && f.birth_date.as_ref().is_some_and(|b| b.value == born);
    if !age_in_doubt
        && let (Some(age), Some(start)) = (f.age.as_ref().filter(|a| a.conf >= DIGIT_DOUBT), f.start.as_ref())
    {
        let real = age_on(born, start.value.date());
        // On a scan, an age of one digit that is a digit of the real one is that age with a
        // digit lost (「年龄：2」 for 22, seed 2059 s005 p16), as a birth date's month or day
        // is (`digit_lost`); the real one on the day the start says, or on the day it says
        // with its lone 1s read as 11 (`elevens`): the face that lost the age's 2 of 25 read
        // the transcript's 11月12日 as 1月12日, when the suspect was still 24 (seed 2084 s034
        // p15).
        let stated = i64::from(age.value);
        let shortened = read.is_some()
            && std::iter::once(start.value)
                .chain(elevens(start.value, &start.raw))
                .map(|on| i64::from(age_on(born, on.date())))
                .any(|real_age| one_digit_of(stated, real_age) || one_digit_of(stated, real_age - 1));
        let real_age = i64::from(real);
        if (stated - real_age).abs() > 1 && !shortened {
            problems.push(format!(
                "年龄写作{}岁，按身份号码于笔录日应为{}岁",
                age.value, real
            ));
        }
    }
    if !problems.is_empty() {
        out.push(finding(
            &CONSISTENCY,
            doc,
            id,
            format!(
                "第{}页公民身份号码{}与笔录所记身份信息不符：{}",
                id.page,
                id.value,
                problems.join("；")
            ),
        ));
    }
}

//! Dates and times as dossiers write them: 「2024年3月5日10时20分」, 「2024-03-05 10:20」,
//! 「二〇二四年三月五日」, ranges 「…至11时40分」, 「至同日…」, 「至次日…」. Parsing is lenient
//! (spaces anywhere, 点 for 时, missing 分) because forms are filled by hand and by OCR.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use super::fold::fold_char;

/// A date, optionally with a time, found at a position of the (numeral-converted) text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stamp {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl Stamp {
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        self.time.map(|t| self.date.and_time(t))
    }
}

/// Replaces Chinese numerals by Arabic digits: 「二〇二四」→「2024」 (digit by digit),
/// 「二十三」→「23」, 「十」→「10」. Other text is folded (full-width digits → ASCII).
pub fn arabic_numerals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().map(fold_char).collect();
    let mut i = 0;
    while i < chars.len() {
        if cn_digit(chars[i]).is_some() || chars[i] == '十' {
            let start = i;
            while i < chars.len() && (cn_digit(chars[i]).is_some() || chars[i] == '十') {
                i += 1;
            }
            let run: Vec<char> = chars[start..i].to_vec();
            out.push_str(&convert_run(&run));
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn convert_run(run: &[char]) -> String {
    if !run.contains(&'十') {
        // Digit by digit: years (二〇二四) and plain digits.
        return run
            .iter()
            .filter_map(|c| cn_digit(*c))
            .map(|d| char::from(b'0' + d as u8))
            .collect();
    }
    // Positional with 十: 十 = 10, 十五 = 15, 二十 = 20, 二十三 = 23.
    let pos = run.iter().position(|c| *c == '十').unwrap_or(0);
    let tens = if pos == 0 {
        1
    } else {
        run[..pos]
            .iter()
            .filter_map(|c| cn_digit(*c))
            .fold(0, |a, d| a * 10 + d)
    };
    let ones = run[pos + 1..]
        .iter()
        .filter_map(|c| cn_digit(*c))
        .fold(0, |a, d| a * 10 + d);
    (tens * 10 + ones).to_string()
}

/// A date-time whose 月, 日 and 时 (or 年 too) OCR lost from a form that writes every field
/// in two digits (「2017053109时15分」, 「2017年06010213分」, seed 2026 s033 p5) is
/// `packed`: the year, then month, day, hour and minute two digits each up to the 分. Nothing
/// else of a form runs a year into ten more digits ending in 分.
///
/// A date's 月 may come as a character OCR built on it (「2019年06明22朋12时」, seed 2052
/// s027 p8): between a year's month and its day nothing else stands there.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<ymd>(?P<y>(?:19|20)\d{2})\s*[年\-./]\s*(?P<m>\d{1,2})\s*[月明朋\-./]\s*(?P<d>\d{1,2})\s*日?)
      | (?P<ym>(?P<y3>(?:19|20)\d{2})(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*日)
      | (?P<glued>(?P<y4>(?:19|20)\d{2})(?P<md4>\d{2,4})\s*日)
      | (?P<packed>(?P<y6>(?:19|20)\d{2})\s*年?\s*(?P<m6>\d{2})(?P<d6>\d{2})\s*(?P<h6>\d{2})\s*[时点:]?\s*(?P<mi6>\d{2})\s*分)
      | (?P<bare>\b(?P<y5>(?:19|20)\d{2})(?P<m5>\d{2})(?P<d5>\d{2})\b)
      | (?P<md>(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)
      | (?P<same>同日|当日|当天|同天)
      | (?P<next>次日|翌日|第二天)
      | (?P<hm>(?P<h>\d{1,2})\s*(?:[时点]\s*(?:(?P<mi>\d{1,2})\s*分?)?|:\s*(?P<mi2>\d{2})))
        ",
    )
    .expect("datetime token pattern")
});

/// The month and day of a date whose 年 and 月 OCR lost (「2021721日」, 「20221021日」): the
/// digits after the year, split one way only into a valid month and day (「721」: 7-21, as
/// 72-1 is none), or none where two ways are valid (「121」: 1-21 or 12-1).
fn glued_month_day(year: Option<u32>, digits: &str) -> Option<(u32, u32)> {
    match glued_splits(year?, digits).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Every valid month and day the digits after a glued date's year split into.
fn glued_splits(year: u32, digits: &str) -> Vec<(u32, u32)> {
    let Ok(year) = i32::try_from(year) else {
        return Vec::new();
    };
    (1..digits.len())
        .filter(|&cut| cut <= 2 && digits.len() - cut <= 2)
        .filter_map(|cut| Some((digits[..cut].parse().ok()?, digits[cut..].parse().ok()?)))
        .filter(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d).is_some())
        .collect()
}

static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})(\d{2,4})(\s*日)").expect("glued date pattern"));

/// Every date-time a run of digits whose 年, 月, 日, 时 and 分 OCR all lost can be read as
/// (「201799925」 for 2017年9月9日9时25分, seed 2073 s010 p6): the year, then month, day and
/// hour of one or two digits each and the minute of two, every way the rest splits into a
/// valid date-time. Only where a date-time must stand (after a summons' 到达时间) is the
/// caller to ask, and it picks among the readings as the facts allow.
pub fn unmarked_readings(s: &str) -> Vec<NaiveDateTime> {
    let Some(c) = UNMARKED.captures(s) else {
        return Vec::new();
    };
    let (Ok(year), rest) = (c[1].parse::<u32>(), &c[2]) else {
        return Vec::new();
    };
    // The hour of one or two digits and the minute of two end the run; what stands before
    // them is a glued month and day (`glued_splits`).
    let mut out = Vec::new();
    for hour_digits in 1..=2 {
        let Some(date_end) = rest.len().checked_sub(hour_digits + 2) else {
            continue;
        };
        let (month_day, time) = rest.split_at(date_end);
        let (hour, minute) = time.split_at(hour_digits);
        let (Ok(hour), Ok(minute)) = (hour.parse::<u32>(), minute.parse::<u32>()) else {
            continue;
        };
        let Some(time) = NaiveTime::from_hms_opt(hour, minute, 0) else {
            continue;
        };
        for (m, d) in glued_splits(year, month_day) {
            out.extend(NaiveDate::from_ymd_opt(year as i32, m, d).map(|date| date.and_time(time)));
        }
    }
    out
}

static UNMARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\D{0,2}((?:19|20)\d{2})(\d{5,8})(?:\D|$)").expect("unmarked date-time pattern")
});

/// The first date-time of `s`, or, where a glued date splits two ways (「2023127日13时45分」:
/// 1月27日 or 12月7日, seed 2069 s027 p6), the first date-time of each reading. The caller
/// that knows what the time must come before picks among them.
pub fn first_datetime_readings(s: &str) -> Vec<NaiveDateTime> {
    if let Some(t) = first_datetime(s) {
        return vec![t];
    }
    let Some(c) = GLUED.captures(s) else {
        return Vec::new();
    };
    let (Some(whole), Ok(year)) = (c.get(0), c[1].parse::<u32>()) else {
        return Vec::new();
    };
    glued_splits(year, &c[2])
        .into_iter()
        .filter_map(|(m, d)| {
            let written = format!(
                "{}{}年{m}月{d}{}{}",
                &s[..whole.start()],
                &c[1],
                &c[3],
                &s[whole.end()..]
            );
            first_datetime(&written)
        })
        .collect()
}

/// Digits OCR read as letters or strokes, put back: the letter O between two digits is a
/// zero (「2017年06O10213分」, seed 2026 s033 p5), and a bracket or bar standing alone before
/// 时 is a one (「2022年6月9日]时24分」, seed 2049 s007 p4). No date or time is written with
/// either.
fn digits_read_as_marks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit());
    (0..chars.len())
        .map(|i| {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            match chars[i] {
                'O' | 'o' if digit(before) && digit(chars.get(i + 1)) => '0',
                ']' | '|' | 'l' | 'I' | '丨'
                    if !digit(before) && matches!(chars.get(i + 1), Some('时' | '点')) =>
                {
                    '1'
                }
                c => c,
            }
        })
        .collect()
}

/// A date-time written 「2023.09.10 05:10」 whose dots and space OCR lost (「2023091005:10至
/// 2023.091006:34」, 「2023.09091039」, seed 2069 s019): the year, month, day, hour and minute
/// two digits each (the minute's colon read as a dot now and then: 「2025.09.2622.40」, seed
/// 2069 s034 p10), no other digit before them, and the range's 至 (到, 止, 起), a space, a
/// bracket or the text's end after them, as nothing else of a form is written. `stamps`
/// reads it written out (「2023年09月10日05时10分」); a day's two digits would otherwise be
/// all it kept of a dotted date.
static PACKED_WITHOUT_FEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<pre>^|[^\d])(?P<y>(?:19|20)\d{2})\s*[.\-/]?\s*(?P<m>\d{2})\s*[.\-/]?\s*(?P<d>\d{2})\s*(?P<h>\d{2})\s*[:.]?\s*(?P<mi>\d{2})(?P<end>\s|至|到|止|起|\)|）|$)",
    )
    .expect("packed date-time pattern")
});

fn written_out(text: String) -> String {
    // Most lines hold no such date-time: one scan, and the text as it came.
    if !PACKED_WITHOUT_FEN.is_match(&text) {
        return text;
    }
    let write = |t: &str| {
        PACKED_WITHOUT_FEN
            .replace_all(t, "${pre}${y}年${m}月${d}日${h}时${mi}分${end}")
            .into_owned()
    };
    // A range's end is the character before its second date-time: a second pass finds that.
    write(&write(&text))
}

/// Every date or date-time written in `s`, in order. A time without a date takes the last
/// date seen (「至11时40分」 ends on the start's day); 「次日」 moves to the next day.
pub fn stamps(s: &str) -> Vec<Stamp> {
    let text = written_out(digits_read_as_marks(&arabic_numerals(s)));
    let mut out: Vec<Stamp> = Vec::new();
    let mut current: Option<NaiveDate> = None;
    // Whether the last stamp still waits for its time (a date just seen).
    let mut pending_date = false;
    for caps in TOKEN.captures_iter(&text) {
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let packed = caps.name("packed").is_some();
        // A packed date-time that is the tail of a longer number (an ID's digits) is none.
        if caps
            .name("packed")
            .is_some_and(|m| text[..m.start()].ends_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        let ymd = if caps.name("ymd").is_some() {
            (num("y"), num("m"), num("d"))
        } else if caps.name("ym").is_some() {
            (num("y3"), num("m3"), num("d3"))
        } else if caps.name("bare").is_some() {
            // All of 年月日 lost (「起止时间:20231207 10时40分」, seed 2047 s034 p14): eight digits
            // standing alone, as no other number of a form does, read as year, month and day.
            (num("y5"), num("m5"), num("d5"))
        } else if packed {
            (num("y6"), num("m6"), num("d6"))
        } else if let Some(md) = caps.name("md4") {
            let (m, d) = glued_month_day(num("y4"), md.as_str()).unzip();
            (num("y4"), m, d)
        } else {
            (None, None, None)
        };
        if caps.name("ymd").is_some()
            || caps.name("ym").is_some()
            || caps.name("glued").is_some()
            || caps.name("bare").is_some()
            || packed
        {
            let (Some(y), Some(m), Some(d)) = ymd else {
                continue;
            };
            let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) else {
                continue;
            };
            // A packed date-time carries its time; one out of range leaves no stamp.
            let time = if packed {
                let Some(time) = num("h6")
                    .zip(num("mi6"))
                    .and_then(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0))
                else {
                    continue;
                };
                Some(time)
            } else {
                None
            };
            current = Some(date);
            out.push(Stamp { date, time });
            pending_date = time.is_none();
        } else if caps.name("md").is_some() {
            let (Some(base), Some(m), Some(d)) = (current, num("m2"), num("d2")) else {
                continue;
            };
            let Some(date) = NaiveDate::from_ymd_opt(chrono::Datelike::year(&base), m, d) else {
                continue;
            };
            current = Some(date);
            out.push(Stamp { date, time: None });
            pending_date = true;
        } else if caps.name("same").is_some() {
            if let Some(date) = current {
                out.push(Stamp { date, time: None });
                pending_date = true;
            }
        } else if caps.name("next").is_some() {
            if let Some(date) = current.and_then(|d| d.checked_add_days(Days::new(1))) {
                current = Some(date);
                out.push(Stamp { date, time: None });
                pending_date = true;
            }
        } else if caps.name("hm").is_some() {
            let Some(h) = num("h") else { continue };
            let mi = num("mi").or(num("mi2")).unwrap_or(0);
            let Some(time) = NaiveTime::from_hms_opt(h, mi, 0) else {
                continue;
            };
            match (pending_date, out.last_mut(), current) {
                (true, Some(last), _) => last.time = Some(time),
                (false, _, Some(date)) => out.push(Stamp {
                    date,
                    time: Some(time),
                }),
                _ => continue,
            }
            pending_date = false;
        }
    }
    out
}

/// The first two date-times of a 「时间 … 至 …」 field: (start, end). The end is `None` when
/// it was left blank.
pub fn time_range(s: &str) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let all: Vec<NaiveDateTime> = stamps(s).iter().filter_map(Stamp::datetime).collect();
    (all.first().copied(), all.get(1).copied())
}

/// The first date written in `s`.
pub fn first_date(s: &str) -> Option<NaiveDate> {
    stamps(s).first().map(|s| s.date)
}

/// The first date-time written in `s`.
pub fn first_datetime(s: &str) -> Option<NaiveDateTime> {
    stamps(s).iter().find_map(Stamp::datetime)
}

/// The readings of `value` a scan may have shortened: OCR of a condensed face reads 「11」 as
/// one 1 (「11时27分」 as 「1时27分」, seed 2046 s038 p12; 「2024年11月10日」 as 「1月10日」, seed
/// 2050 s025 p10). Each of the month, day and hour that is 1 in `value`, where `raw` shows a
/// 1 standing alone before that unit, may have been 11, alone or with the others: a face
/// that loses one 1 of a pair loses the next (「2022年11月11日」 read 「2022年1月1日」, seed
/// 2084 s034 p11). Every such reading but `value` itself.
pub fn elevens(value: NaiveDateTime, raw: &str) -> Vec<NaiveDateTime> {
    use chrono::Timelike;
    let hour = value.hour() == 1 && lone_one_before(raw, &['时', '点', ':']);
    let dates = std::iter::once(value.date()).chain(elevens_date(value.date(), raw));
    let mut out: Vec<NaiveDateTime> = dates
        .flat_map(|d| {
            let at = d.and_time(value.time());
            std::iter::once(at).chain(hour.then(|| at.with_hour(11)).flatten())
        })
        .filter(|v| *v != value)
        .collect();
    out.dedup();
    out
}

/// `elevens` for a date: its month or day, or both, where each is a lone 1 in `raw`, read
/// as 11.
fn elevens_date(value: NaiveDate, raw: &str) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let month = value.month() == 1 && lone_one_before(raw, &['月']);
    // The day's 日 may itself be misread as 月 (「2026年1月1月23时10分」 for 1月11日, seed 2058
    // s010 p13): a lone 1 before a second 月, before the hour, is the day's.
    let after_month = raw.split_once('月').map_or("", |(_, rest)| rest);
    let after_month = after_month.split(['时', '点', '年', '至']).next().unwrap_or("");
    let day =
        value.day() == 1 && (lone_one_before(raw, &['日', '号']) || lone_one_before(after_month, &['月']));
    let months = value.with_month(11).filter(|_| month);
    let days = value.with_day(11).filter(|_| day);
    let both = months.and_then(|m| m.with_day(11)).filter(|_| day);
    [months, days, both].into_iter().flatten().collect()
}

/// Whether `raw` holds a 1 with no digit before it, right before one of `units` (the text
/// folded first: a full-width ： is `:`).
fn lone_one_before(raw: &str, units: &[char]) -> bool {
    let chars: Vec<char> = arabic_numerals(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    chars
        .windows(2)
        .enumerate()
        .any(|(i, w)| w[0] == '1' && units.contains(&w[1]) && (i == 0 || !chars[i - 1].is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn reads_the_common_range_forms() {
        let cases = [
            (
                "2024年3月5日10时20分至2024年3月5日11时40分",
                "2024-03-05 10:20",
                "2024-03-05 11:40",
            ),
            (
                "2024年03月05日10时20分 至 11时40分",
                "2024-03-05 10:20",
                "2024-03-05 11:40",
            ),
            (
                "2024-03-05 10:20至2024-03-05 11:40",
                "2024-03-05 10:20",
                "2024-03-05 11:40",
            ),
            (
                "自2024年3月5日10时20分起至同日11时40分止",
                "2024-03-05 10:20",
                "2024-03-05 11:40",
            ),
            (
                "２０２４年３月５日２３时１０分至次日１时５分",
                "2024-03-05 23:10",
                "2024-03-06 01:05",
            ),
            (
                "二〇二四年三月五日十时二十分至十一时",
                "2024-03-05 10:20",
                "2024-03-05 11:00",
            ),
            (
                "2024 年 3 月 5 日 10 点 20 分至 3月6日 9点",
                "2024-03-05 10:20",
                "2024-03-06 09:00",
            ),
        ];
        for (text, start, end) in cases {
            assert_eq!(time_range(text), (Some(dt(start)), Some(dt(end))), "{text}");
        }
    }

    #[test]
    fn a_date_whose_year_and_month_marks_ocr_lost_is_read_where_it_splits_one_way() {
        assert_eq!(
            first_datetime("被传唤人到达时间:2021721日11时15分"),
            Some(dt("2021-07-21 11:15"))
        );
        assert_eq!(first_date("20221021日"), NaiveDate::from_ymd_opt(2022, 10, 21));
        assert_eq!(
            first_datetime("离开时间:20242月21日9时0分"),
            Some(dt("2024-02-21 09:00"))
        );
        // 1-21 or 12-1: no date. Digits without 日 are no date either (an ID number's
        // birth digits, a phone number) unless they are eight standing alone.
        assert_eq!(first_date("2021121日"), None);
        assert_eq!(first_date("出生日期:1968622"), None);
        assert_eq!(first_date("身份证号码320614199507240001"), None);
        assert_eq!(first_date("联系方式 13703717587"), None);
    }

    #[test]
    fn a_date_time_whose_every_unit_ocr_lost_is_read_every_way_its_digits_split() {
        // Seed 2073 s010 p6: 2017年9月9日9时25分 read 「201799925」: one way only.
        assert_eq!(
            unmarked_readings("201799925 被传唤人:石"),
            vec![dt("2017-09-09 09:25")]
        );
        // 1-2 10:15, 1-21 0:15 and 12-1 0:15: the caller picks.
        assert_eq!(unmarked_readings("2017121015").len(), 3);
        // Too few digits, or a longer number's, are none.
        assert!(unmarked_readings("2017991").is_empty());
        assert!(unmarked_readings("320621201799925").is_empty());
    }

    #[test]
    fn a_date_time_of_two_digit_fields_whose_marks_ocr_lost_is_read_packed() {
        // Seed 2026 s033 p5: 月, 日 and 时 lost, and a zero read as the letter O.
        assert_eq!(
            first_datetime("被传唤人到达时间:2017053109时15分 被传唤人:"),
            Some(dt("2017-05-31 09:15"))
        );
        assert_eq!(
            first_datetime("被传唤人离开:2017年06O10213分 被传唤人:"),
            Some(dt("2017-06-01 02:13"))
        );
        // Fields out of range, or the tail of a longer number, are none.
        assert_eq!(first_datetime("2017133109时15分"), None);
        assert_eq!(first_datetime("2017053125时15分"), None);
        assert_eq!(first_datetime("32062120170531091 5分"), None);
        assert_eq!(first_datetime("3206212017053109时15分"), None);
        // A time that follows the packed one takes its day.
        assert_eq!(
            time_range("2017053109时15分至11时40分"),
            (Some(dt("2017-05-31 09:15")), Some(dt("2017-05-31 11:40")))
        );
    }

    #[test]
    fn a_dotted_date_time_whose_dots_and_space_ocr_lost_is_read_packed() {
        // Seed 2069 s019: 「2023.09.10 05:10至2023.09.10 06:34」 and its like as OCR read them.
        assert_eq!(
            time_range("2023091005:10至2023.091006:34"),
            (Some(dt("2023-09-10 05:10")), Some(dt("2023-09-10 06:34")))
        );
        assert_eq!(
            time_range("2023.09091039至202309.091213 四"),
            (Some(dt("2023-09-09 10:39")), Some(dt("2023-09-09 12:13")))
        );
        assert_eq!(
            time_range("2023.09070009至2023.09.070103"),
            (Some(dt("2023-09-07 00:09")), Some(dt("2023-09-07 01:03")))
        );
        // The minute's colon read as a dot (seed 2069 s034 p10).
        assert_eq!(
            time_range("2025.09.2622.40至2025.09.2523:32"),
            (Some(dt("2025-09-26 22:40")), Some(dt("2025-09-25 23:32")))
        );
        // Written whole, the same.
        assert_eq!(
            time_range("2023.09.10 05:10至2023.09.10 06:34"),
            (Some(dt("2023-09-10 05:10")), Some(dt("2023-09-10 06:34")))
        );
        // Twelve digits run on into more, or a date before a sum, are no date-time.
        assert_eq!(first_datetime("320621202309100510"), None);
        assert_eq!(first_datetime("2023.09.10 1200元"), None);
        assert_eq!(
            first_date("2023.09.10 1200元"),
            Some(dt("2023-09-10 00:00").date())
        );
    }

    #[test]
    fn a_glued_date_splitting_two_ways_gives_each_reading() {
        // Seed 2069 s027 p6: 「2023年12月7日」 read 「2023127日」.
        assert_eq!(first_datetime("2023127日13时45分"), None);
        assert_eq!(
            first_datetime_readings("2023127日13时45分"),
            [dt("2023-01-27 13:45"), dt("2023-12-07 13:45")]
        );
        assert_eq!(first_datetime_readings("2021721日9时"), [dt("2021-07-21 09:00")]);
        assert_eq!(
            first_datetime_readings("2023年12月7日13时45分"),
            [dt("2023-12-07 13:45")]
        );
        assert!(first_datetime_readings("到达时间 ，").is_empty());
    }

    #[test]
    fn an_hour_of_one_read_as_a_bracket_is_one() {
        // Seed 2049 s007 p4.
        assert_eq!(
            first_datetime("被传唤人离开时间，2022年6月9日]时24分 被传唤人, 军"),
            Some(dt("2022-06-09 01:24"))
        );
        assert_eq!(
            first_datetime("2022年6月9日 |时24分"),
            Some(dt("2022-06-09 01:24"))
        );
        // After a digit it is no digit of its own: 「2]时」 is 2时 or 21时, unread either way.
        assert_eq!(first_datetime("2022年6月9日2]时24分"), None);
    }

    #[test]
    fn eight_digits_standing_alone_are_a_date() {
        // All of 年月日 lost (seed 2047 s034 p14).
        assert_eq!(
            time_range("20231207 10时40分 至12时08分"),
            (Some(dt("2023-12-07 10:40")), Some(dt("2023-12-07 12:08")))
        );
        assert_eq!(first_date("20231341"), None);
    }

    #[test]
    fn a_blank_end_is_none() {
        assert_eq!(
            time_range("2024年3月5日10时20分至    年  月  日  时  分"),
            (Some(dt("2024-03-05 10:20")), None)
        );
    }

    #[test]
    fn converts_chinese_numerals() {
        assert_eq!(arabic_numerals("二〇一七年十二月三十一日"), "2017年12月31日");
        assert_eq!(arabic_numerals("第一次"), "第1次");
        assert_eq!(
            first_date("日期：二〇一七年十二月三十一日"),
            NaiveDate::from_ymd_opt(2017, 12, 31)
        );
    }

    #[test]
    fn a_lone_one_may_be_eleven_a_scan_shortened() {
        let at = |s: &str| first_datetime(s).unwrap();
        let end = at("2015年4月12日1时27分");
        assert_eq!(
            elevens(end, "至2015年4月12日1时27分"),
            [at("2015年4月12日11时27分")]
        );
        let start = at("2024年1月10日16时08分");
        assert_eq!(
            elevens(start, "自2024年1月10日16时08分起"),
            [at("2024年11月10日16时08分")]
        );
        // A day whose 日 OCR read as 月.
        let start = at("2026年1月1月23时10分");
        assert_eq!(start, at("2026年1月1日23时10分"));
        assert_eq!(
            elevens(start, "起止时间 ”2026年1月1月23时10分至2026年1月12月0时11分"),
            [
                at("2026年11月1日23时10分"),
                at("2026年1月11日23时10分"),
                at("2026年11月11日23时10分")
            ]
        );
        // The second 月 of the range's end is not the start's day.
        let written = at("2026年01月01日23时10分");
        assert!(
            !elevens(written, "2026年01月01日23时10分至2026年1月2日0时11分")
                .contains(&at("2026年01月11日23时10分"))
        );
        // 01, 21 and 10 are no lone 1, nor a 1 that is not the component's.
        assert!(elevens(at("2024年01月10日16时08分"), "2024年01月10日16时08分").is_empty());
        assert!(elevens(at("2024年3月21日1时08分"), "2024年3月21日01时08分").is_empty());
        assert!(elevens(at("2024年3月10日10时08分"), "2024年3月10日10时08分").is_empty());
        let born = first_date("1992年1月1日").unwrap();
        assert_eq!(
            elevens_date(born, "出生日期1992年1月1日"),
            [
                first_date("1992年11月1日").unwrap(),
                first_date("1992年1月11日").unwrap(),
                first_date("1992年11月11日").unwrap()
            ]
        );
    }

    #[test]
    fn a_month_ocr_read_as_a_character_built_on_it_is_a_month() {
        assert_eq!(
            first_datetime("讯问时间:2019年06明22朋12时33分至14时30分"),
            first_datetime("2019年6月22日12时33分")
        );
        assert_eq!(first_date("2019年6朋2日"), first_date("2019年6月2日"));
    }
}

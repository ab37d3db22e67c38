//! Calendar periods in the configured time zone (Asia/Shanghai by default). Times are stored
//! in UTC milliseconds; a month or a day is turned into its UTC range here, so a defect
//! confirmed at 2026-10-31 23:30 +08:00 (15:30 UTC) falls in October, not November.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("expected a month as YYYY-MM, got {0:?}")]
pub struct BadMonth(pub String);

impl FromStr for Month {
    type Err = BadMonth;

    fn from_str(s: &str) -> Result<Month, BadMonth> {
        let bad = || BadMonth(s.to_string());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1970..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    /// The month `t` falls in, in zone `tz`.
    pub fn containing(t: DateTime<Utc>, tz: Tz) -> Month {
        let local = t.with_timezone(&tz);
        Month {
            year: local.year(),
            month: local.month(),
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                month: self.month - 1,
                ..self
            }
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// The 12 months ending with this one, oldest first.
    pub fn last_twelve(self) -> Vec<Month> {
        let mut months = vec![self];
        for _ in 1..12 {
            let first = months[months.len() - 1].previous();
            months.push(first);
        }
        months.reverse();
        months
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// `[start, end)` of the month in `tz`, as UTC milliseconds.
    pub fn range_ms(self, tz: Tz) -> (i64, i64) {
        (
            local_midnight_ms(self.first_day(), tz),
            local_midnight_ms(self.next().first_day(), tz),
        )
    }
}

/// UTC milliseconds of 00:00 on `day` in `tz` (the earliest such instant, should a zone
/// ever skip or repeat midnight).
pub fn local_midnight_ms(day: NaiveDate, tz: Tz) -> i64 {
    local_time_ms(day, NaiveTime::MIN, tz)
}

/// UTC milliseconds of `time` on `day` in `tz`; a time skipped by a DST jump counts as the
/// instant the clocks jumped to.
pub fn local_time_ms(day: NaiveDate, time: NaiveTime, tz: Tz) -> i64 {
    let naive = day.and_time(time);
    match tz.from_local_datetime(&naive).earliest() {
        Some(t) => t.timestamp_millis(),
        None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc().timestamp_millis(), |t| t.timestamp_millis()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_late_evening_in_shanghai_belongs_to_its_local_month() {
        let t = utc("2026-10-31T23:30:00+08:00");
        assert_eq!(Month::containing(t, SHANGHAI).to_string(), "2026-10");
        assert_eq!(Month::containing(t, chrono_tz::UTC).to_string(), "2026-10");
        let t = utc("2026-11-01T00:10:00+08:00");
        assert_eq!(Month::containing(t, SHANGHAI).to_string(), "2026-11");
        assert_eq!(Month::containing(t, chrono_tz::UTC).to_string(), "2026-10");
        let (start, end) = "2026-10".parse::<Month>().unwrap().range_ms(SHANGHAI);
        assert_eq!(start, utc("2026-09-30T16:00:00Z").timestamp_millis());
        assert_eq!(end, utc("2026-10-31T16:00:00Z").timestamp_millis());
    }

    #[test]
    fn months_parse_strictly_and_step_across_years() {
        assert!("2026-13".parse::<Month>().is_err());
        assert!("2026-1".parse::<Month>().is_err());
        assert!("202610".parse::<Month>().is_err());
        let m: Month = "2026-01".parse().unwrap();
        assert_eq!(m.previous().to_string(), "2025-12");
        let twelve = m.last_twelve();
        assert_eq!(twelve.len(), 12);
        assert_eq!(twelve[0].to_string(), "2025-02");
        assert_eq!(twelve[11], m);
    }
}

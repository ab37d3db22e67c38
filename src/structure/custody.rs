//! Custody: when the suspect was delivered to the detention house (看守所). From then on only
//! the detention house's interrogation room is a lawful place to interrogate (CPL art 118(2)),
//! so the location check needs this moment. It is read from the execution block of a 拘留证,
//! a 看守所 receipt, a 拘留通知书, or a transcript that states it.

use std::sync::LazyLock;

use chrono::NaiveTime;
use regex::Regex;

use crate::dossier::{Custody, Document, Located};
use crate::page::{Line, Page};
use crate::structure::labels::compile;
use crate::text::datetime::stamps;
use crate::text::fold::compact;

static DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"看守所.{0,20}(羁押|收押|关押|收监)|(送|押送|送押|送交|送往|送至|送到|交付|入).{0,20}看守所|收押时间|送押时间|入所时间",
    )
});
static PLACE: LazyLock<Regex> = LazyLock::new(|| compile(r"[\p{Han}A-Za-z]{2,16}?看守所"));
/// Statements about the future or the past of another case are not delivery.
static NOT_DELIVERY: LazyLock<Regex> = LazyLock::new(|| compile(r"拟|将要|准备|是否|吗|曾经|以前|释放"));

/// The earliest delivery to a detention house stated anywhere in the dossier. A date with no
/// time counts from the end of that day, so a same-day interrogation is not wrongly flagged.
pub fn find(pages: &[Page], _documents: &[Document]) -> Option<Custody> {
    let mut best: Option<Custody> = None;
    for page in pages.iter().filter(|p| p.is_readable()) {
        // Read clause by clause: a birth date in the same line (「出生日期1980年9月2日，送…看守所」)
        // is not the delivery time.
        let clauses: Vec<(&Line, String)> = page
            .lines
            .iter()
            .flat_map(|l| {
                // A label's colon OCR read as a semicolon (「收押时间;2026年1月10日16时59分」)
                // or a comma (「收押时间，20231月12日14时37分」, seed 2068 s019 p8) does not part
                // the label from its time (`compact` folds 「；」 to 「;」 and 「，」 to 「,」).
                compact(&l.text)
                    .replace("时间;", "时间:")
                    .replace("时间,", "时间:")
                    .split(['，', ',', '。', ';', '；'])
                    .map(|c| (l, c.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        // A 拘留证 is announced to the detainee before he is taken to the detention house: a
        // delivery stated before the page's announcement (「本证已于…向我宣布」) is misread
        // (seed 2037 s038: 「2018715日2时」, the hour's second digit lost).
        let announced = clauses
            .iter()
            .filter(|(_, text)| text.contains("宣布"))
            .flat_map(|(_, text)| stamps(text))
            .filter_map(|s| s.datetime())
            .max();
        for (line, text) in clauses {
            if !DELIVERY.is_match(&text) || NOT_DELIVERY.is_match(&text) || text.contains("出生") {
                continue;
            }
            let Some(stamp) = stamps(&text).into_iter().next() else {
                continue;
            };
            let when = stamp.date.and_time(
                stamp
                    .time
                    .unwrap_or(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default()),
            );
            if best.as_ref().is_some_and(|b| b.held_since.value <= when)
                || announced.is_some_and(|a| when < a)
            {
                continue;
            }
            let place = PLACE.find(&text).map(|m| place_name(m.as_str()));
            best = Some(Custody {
                held_since: Located {
                    value: when,
                    page: page.number,
                    bbox: line.bbox,
                    raw: line.text.clone(),
                    conf: line.confidence(),
                },
                place,
            });
        }
    }
    best
}

/// 「已于…送XX市看守所」 → 「XX市看守所」: the name starts after the last verb or date word.
fn place_name(m: &str) -> String {
    let cut = m
        .char_indices()
        .filter(|(_, c)| "送押往至到交于在入已时分日".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    m[cut.unwrap_or(0)..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::page;

    #[test]
    fn reads_the_delivery_time_from_an_execution_block() {
        let pages = vec![
            page(
                1,
                &[
                    "拘 留 证",
                    "根据《中华人民共和国刑事诉讼法》第八十二条之规定，决定对赵小虎执行拘留，送XX市看守所羁押。",
                    "2024年3月5日",
                ],
            ),
            page(2, &["犯罪嫌疑人已于2024年3月5日18时30分送XX市看守所羁押。"]),
        ];
        let c = find(&pages, &[]).unwrap();
        assert_eq!(c.held_since.value.to_string(), "2024-03-05 18:30:00");
        assert_eq!(c.held_since.page, 2);
        assert_eq!(c.place.as_deref(), Some("XX市看守所"));
    }

    #[test]
    fn a_receipt_time_whose_colon_ocr_read_as_a_semicolon_is_read() {
        // 「南通市看守所收押时间;2026年1月10日16时59分」 (seed 2035 s009 p7).
        let pages = vec![page(1, &["拘留证", "南通市看守所收押时间;2026年1月10日16时59分"])];
        let c = find(&pages, &[]).unwrap();
        assert_eq!(c.held_since.value.to_string(), "2026-01-10 16:59:00");
        // Or as a comma, 年 lost besides (seed 2068 s019 p8).
        let pages = vec![page(
            1,
            &[
                "拘留证",
                "本证已于2023112日12时22分向我宣布。",
                "绵阳 收押时间，20231月12日14时37分",
            ],
        )];
        let c = find(&pages, &[]).unwrap();
        assert_eq!(c.held_since.value.to_string(), "2023-01-12 14:37:00");
    }

    #[test]
    fn a_delivery_read_before_the_warrants_announcement_is_misread() {
        let page_of = |delivery: &str| {
            vec![page(
                1,
                &["拘 留 证", "本证已于2018年7月15日17时27分向我宣布。", delivery],
            )]
        };
        assert!(
            find(
                &page_of("犯罪嫌疑人已于2018年7月15日2时送绍兴市看守所羁押。"),
                &[]
            )
            .is_none()
        );
        assert_eq!(
            find(
                &page_of("犯罪嫌疑人已于2018年7月15日21时送绍兴市看守所羁押。"),
                &[]
            )
            .unwrap()
            .held_since
            .value
            .to_string(),
            "2018-07-15 21:00:00"
        );
    }

    #[test]
    fn a_date_without_time_counts_from_the_end_of_the_day() {
        let pages = vec![page(1, &["收押时间：2024年3月6日"])];
        assert_eq!(
            find(&pages, &[]).unwrap().held_since.value.to_string(),
            "2024-03-06 23:59:00"
        );
    }
}

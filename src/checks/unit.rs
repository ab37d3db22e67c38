//! `time_conflict` across the dossiers of one unit (rules reference R-PER-4: 「and across
//! dossiers, if available」): an investigator or recorder named in a transcript of this
//! dossier and in a transcript of another case of the same unit whose time ranges overlap.
//! A single file cannot show this, so the rule has two halves that never touch a database:
//! `slots` lists who was busy when in a checked dossier (the service stores them), and
//! `conflicts` compares this dossier's slots with the other dossiers' stored ones (which the
//! service selects: same unit, other cases, latest version of each). Ranges that only touch
//! (one ends as the other starts) do not conflict, as within a dossier.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::checks::timing::{fmt, officers, person_key, range, short};
use crate::checks::{Rule, RuleConfig};
use crate::defect::{Category, Defect, Severity};
use crate::dossier::Dossier;

pub const UNIT_OVERLAP: Rule = Rule {
    id: "timing.unit_overlap",
    category: Category::TimeConflict,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十条第四项：询问人同一时段询问不同证人的；第九十五条第一项：讯问笔录填写的讯问时间、讯问地点、讯问人、记录人有误或者存在矛盾的；《刑事诉讼法》第一百一十八条。",
};

/// One officer busy in one transcript: what the service stores per checked dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The name after the normalisation the in-dossier rule compares with (`person_key`).
    pub person: String,
    /// The transcript's index in the report.
    pub document: usize,
    /// The page of the transcript's 时间 line, and its box there (fractions of the page).
    pub page: usize,
    pub bbox: [f32; 4],
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// A slot of another dossier of the unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Booked {
    pub dossier_id: i64,
    pub case_number: String,
    pub slot: Slot,
}

/// Every officer of every transcript whose range is read and not empty.
pub fn slots(d: &Dossier) -> Vec<Slot> {
    let mut out = Vec::new();
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let Some((start, end)) = range(doc) else {
            continue;
        };
        if end.value == start.value {
            continue;
        }
        let (w, h) = d.page(start.page).map_or((0.0, 0.0), |p| (p.width, p.height));
        for officer in officers(doc) {
            out.push(Slot {
                person: person_key(officer.name),
                document: doc.index,
                page: start.page,
                bbox: start.bbox.to_fractions(w, h),
                start: start.value,
                end: end.value,
            });
        }
    }
    out
}

fn overlaps(a: &Slot, b: &Slot) -> bool {
    a.start < b.end && b.start < a.end
}

/// A transcript of this dossier and one of another dossier that share officers in time.
struct Pair<'a> {
    own: &'a Slot,
    other: &'a Booked,
    names: Vec<&'a str>,
}

/// One defect per pair (transcript of this dossier, transcript of another dossier) sharing
/// an officer at overlapping times, naming every shared officer; none when the unit's rules
/// file switches the rule off.
pub fn conflicts(own: &[Slot], others: &[Booked], config: &RuleConfig) -> Vec<Defect> {
    let setting = config.setting(UNIT_OVERLAP.id);
    if !setting.enabled.unwrap_or(true) {
        return Vec::new();
    }
    // (own document, other dossier, other document) → the pair and its shared names
    let mut pairs: BTreeMap<(usize, i64, usize), Pair<'_>> = BTreeMap::new();
    for a in own {
        for b in others
            .iter()
            .filter(|b| b.slot.person == a.person && overlaps(a, &b.slot))
        {
            let entry = pairs
                .entry((a.document, b.dossier_id, b.slot.document))
                .or_insert(Pair {
                    own: a,
                    other: b,
                    names: Vec::new(),
                });
            if !entry.names.contains(&a.person.as_str()) {
                entry.names.push(&a.person);
            }
        }
    }
    pairs
        .into_values()
        .map(
            |Pair {
                 own: a,
                 other: b,
                 names,
             }| Defect {
                category: UNIT_OVERLAP.category,
                rule: UNIT_OVERLAP.id.to_string(),
                severity: setting.severity.unwrap_or(UNIT_OVERLAP.severity),
                page: a.page,
                document: Some(a.document),
                bbox: a.bbox,
                message: format!(
                    "{}同时出现在本案卷第{}页笔录（{}至{}）和本单位案件{}第{}页笔录（{}至{}）中，时间重叠",
                    names.join("、"),
                    a.page,
                    fmt(a.start),
                    short(a.end),
                    b.case_number,
                    b.slot.page,
                    fmt(b.slot.start),
                    short(b.slot.end)
                ),
                evidence: format!(
                    "案件{}第{}页：{}至{}",
                    b.case_number,
                    b.slot.page,
                    fmt(b.slot.start),
                    short(b.slot.end)
                ),
                basis: UNIT_OVERLAP.basis.to_string(),
                deduction: setting.deduction.unwrap_or(UNIT_OVERLAP.deduction),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::RuleSetting;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn slot(person: &str, document: usize, start: &str, end: &str) -> Slot {
        Slot {
            person: person.into(),
            document,
            page: document + 3,
            bbox: [0.1, 0.1, 0.5, 0.12],
            start: at(start),
            end: at(end),
        }
    }

    fn booked(case: &str, s: Slot) -> Booked {
        Booked {
            dossier_id: 7,
            case_number: case.into(),
            slot: s,
        }
    }

    #[test]
    fn an_officer_in_two_cases_at_overlapping_times_is_one_defect_naming_the_other_case() {
        let own = [
            slot("张建国", 1, "2024-03-05 10:00", "2024-03-05 11:30"),
            slot("李明", 1, "2024-03-05 10:00", "2024-03-05 11:30"),
        ];
        let others = [
            booked(
                "A2024-9",
                slot("张建国", 4, "2024-03-05 11:00", "2024-03-05 12:00"),
            ),
            booked("A2024-9", slot("李明", 4, "2024-03-05 11:00", "2024-03-05 12:00")),
        ];
        let d = conflicts(&own, &others, &RuleConfig::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].rule, "timing.unit_overlap");
        assert_eq!(d[0].category, Category::TimeConflict);
        assert_eq!((d[0].page, d[0].document), (4, Some(1)));
        assert!(d[0].message.contains("张建国、李明"), "{}", d[0].message);
        assert!(d[0].evidence.contains("A2024-9第7页"), "{}", d[0].evidence);
        assert!(d[0].deduction > 0.0 && d[0].basis.contains("第九十条"));
    }

    #[test]
    fn touching_ranges_other_officers_and_a_disabled_rule_give_nothing() {
        let own = [slot("张建国", 1, "2024-03-05 10:00", "2024-03-05 11:30")];
        let touching = [booked(
            "A2024-9",
            slot("张建国", 4, "2024-03-05 11:30", "2024-03-05 12:00"),
        )];
        assert!(conflicts(&own, &touching, &RuleConfig::default()).is_empty());
        let other_person = [booked(
            "A2024-9",
            slot("张建军", 4, "2024-03-05 11:00", "2024-03-05 12:00"),
        )];
        assert!(conflicts(&own, &other_person, &RuleConfig::default()).is_empty());
        let overlap = [booked(
            "A2024-9",
            slot("张建国", 4, "2024-03-05 11:29", "2024-03-05 12:00"),
        )];
        assert_eq!(conflicts(&own, &overlap, &RuleConfig::default()).len(), 1);
        let mut off = RuleConfig::default();
        off.rules.insert(
            UNIT_OVERLAP.id.into(),
            RuleSetting {
                enabled: Some(false),
                ..RuleSetting::default()
            },
        );
        assert!(conflicts(&own, &overlap, &off).is_empty());
    }
}

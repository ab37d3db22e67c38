//! `missing_guardian`: a person under 18 on the day of questioning must be questioned with the
//! legal representative or another appropriate adult present (rules reference R-SP-1; CPL art
//! 281, MPS-Crim art 323, 法院解释2021 arts 90(5), 94(4)). Age comes from the header's birth
//! date, else the birth date of a valid ID number, else the stated age; presence from the
//! transcript text: 法定代理人 / 监护人 / 合适成年人 / a parent 到场, or a signed
//! 「法定代理人（签名）」 line or header field with a name.

use std::sync::LazyLock;

use regex::Regex;

use crate::checks::{Finding, RuleConfig, identity};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier};
use crate::page::DIGIT_DOUBT;
use crate::structure::labels::compile;
use crate::text::fold::compact;

use super::Rule;

pub const MINOR_ADULT_PRESENT: Rule = Rule {
    id: "guardian.minor_adult_present",
    category: Category::MissingGuardian,
    severity: Severity::Major,
    deduction: 5.0,
    basis: "《刑事诉讼法》第二百八十一条：对于未成年犯罪嫌疑人，在讯问的时候，应当通知其法定代理人到场；《公安机关办理刑事案件程序规定》（2020）第三百二十三条；《最高人民法院关于适用〈刑事诉讼法〉的解释》（2021）第九十条第五项、第九十四条第四项。",
};

static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(法定代理人|监护人|合适成年人|父亲|母亲|其父|其母|爷爷|奶奶|外公|外婆|老师|成年亲属).{0,20}(到场|在场|陪同|参加|参与)|(到场|在场)的?(法定代理人|监护人|合适成年人)",
    )
});
static SIGNED_LINE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(法定代理人|监护人|合适成年人)[^:：]{0,6}[:：]\s*([\p{Han}·]{2,5})"));

/// The youngest age at which a child is questioned in practice; below it a stated age is a
/// misreading (see `transcript`).
const YOUNGEST_WITNESS: i32 = 6;

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    d.documents
        .iter()
        .filter(|doc| doc.kind.is_transcript())
        .filter_map(|doc| transcript(d, doc))
        .collect()
}

/// The subject's age on the day of questioning, and how it was known.
fn age(doc: &Document) -> Option<(i32, &'static str)> {
    let f = &doc.fields;
    let on = f.start.as_ref().map(|s| s.value.date());
    if let (Some(b), Some(on)) = (&f.birth_date, on) {
        return Some((identity::age_on(b.value, on), "按出生日期"));
    }
    if let (Some(id), Some(on)) = (&f.id_number, on)
        && identity::checksum_ok(&id.value)
        && let Some(b) = identity::birth_date(&id.value)
    {
        return Some((identity::age_on(b, on), "按身份号码"));
    }
    // A stated age OCR read a digit of in doubt is no age to flag a child by (「年龄 9。」, its 9
    // at 0.85, for 69: seed 2067 s006 p12, the subject born 1946 by the number and the
    // answer). Typed text reads at 1.0.
    f.age
        .as_ref()
        .filter(|a| a.conf >= DIGIT_DOUBT)
        .and_then(|a| i32::try_from(a.value).ok())
        .map(|a| (a, "按所记年龄"))
}

fn transcript(d: &Dossier, doc: &Document) -> Option<Finding> {
    let (age, how) = age(doc)?;
    if !(1..18).contains(&age) {
        return None;
    }
    // Nobody under 12 answers for a crime (Criminal Law art 17) or under 14 for an offence
    // (Public Security Administration Punishments Law art 12): a suspect's stated age under
    // 12 is a misreading (OCR lost a digit of 「年龄57」), not a child. A witness or victim
    // is questioned young, but not as an infant: one too young to tell right from wrong or
    // to say what happened is no witness (Criminal Procedure Law art 62), so a stated age
    // under 6 is a lost digit too (「年龄：2」 for 25, seeds 2044 s002 and 2050 s028).
    let youngest = if doc.kind == DocKind::InterrogationRecord {
        12
    } else {
        YOUNGEST_WITNESS
    };
    if how == "按所记年龄" && age < youngest {
        return None;
    }
    let present = d.lines_of(doc).any(|(_, l)| {
        let t = compact(&l.text);
        PRESENT.is_match(&t)
            || SIGNED_LINE
                .captures(&t)
                .is_some_and(|c| !c[2].contains("签名") && !c[2].contains("捺"))
    });
    if present {
        return None;
    }
    // Pointed at the subject, else the time, else the age itself: a header whose name and
    // time OCR garbled still states the child's age (「让谢门人:能庆」, 「询癌时间:自2015312唱?」
    // over 「年龄:16」, seed 2078 s039 p7).
    let subject = doc.fields.subject.as_ref();
    let at = subject
        .map(|s| (s.page, s.bbox, s.raw.clone()))
        .or_else(|| doc.fields.start.as_ref().map(|s| (s.page, s.bbox, s.raw.clone())))
        .or_else(|| doc.fields.age.as_ref().map(|a| (a.page, a.bbox, a.raw.clone())))?;
    Some(Finding {
        rule: MINOR_ADULT_PRESENT.id,
        page: at.0,
        document: Some(doc.index),
        bbox: at.1,
        message: format!(
            "第{}页被{}问人{}{}问时未满十八周岁（{}为{}岁），笔录未记载法定代理人或合适成年人到场",
            at.0,
            if doc.kind == crate::dossier::DocKind::InterrogationRecord {
                "讯"
            } else {
                "询"
            },
            subject.map_or("", |s| s.value.as_str()),
            if doc.kind == crate::dossier::DocKind::InterrogationRecord {
                "讯"
            } else {
                "询"
            },
            how,
            age
        ),
        evidence: at.2,
    })
}

//! `improper_location`: where an interrogation or inquiry was held. A suspect is interrogated
//! in the interrogation room of a case-handling site, unless a statutory exception is
//! recorded (urgency on the scene; injury, illness or pregnancy at a hospital or the
//! residence; approval for a suspect not detained; a place of execution). Once delivered to
//! the detention house, only its interrogation room is lawful. An administrative suspect
//! questioned inside a police station must be in the case-handling area.

use std::sync::LazyLock;

use regex::Regex;

use crate::checks::{
    CaseKind, Finding, RuleConfig, case_kind, doc_text, glyph_confidences, is_suspect_inquiry,
};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier, Located};
use crate::structure::labels::compile;
use crate::text::fold::compact;

use super::Rule;

pub const INTERROGATION_ROOM: Rule = Rule {
    id: "location.interrogation_room",
    category: Category::ImproperLocation,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第一百九十八条：讯问犯罪嫌疑人，除下列情形以外，应当在公安机关执法办案场所的讯问室进行：（一）紧急情况下在现场进行讯问的；（二）对有严重伤病或者残疾、行动不便的，以及正在怀孕的犯罪嫌疑人，在其住处或者就诊的医疗机构进行讯问的……",
};
pub const DETENTION_HOUSE: Rule = Rule {
    id: "location.detention_house",
    category: Category::ImproperLocation,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《刑事诉讼法》（2018）第一百一十八条第二款：犯罪嫌疑人被送交看守所羁押以后，侦查人员对其进行讯问，应当在看守所内进行；《公安机关办理刑事案件程序规定》（2020）第一百九十八条第二款；《关于办理刑事案件严格排除非法证据若干问题的规定》第九条。",
};
pub const ADMIN_CASE_AREA: Rule = Rule {
    id: "location.admin_case_area",
    category: Category::ImproperLocation,
    severity: Severity::Minor,
    deduction: 2.0,
    basis: "《公安机关办理行政案件程序规定》第七十一条：在公安机关询问违法嫌疑人，应当在办案场所进行（依2018年文本；2020年修订文本条文号待核）。",
};

/// Words that name a lawful interrogation place by themselves. OCR reads 室 as another
/// character under the same roof (「第一询问宝」, seed 2049 s009 p9; 「询问宣」, 2050 s032):
/// after 询问 or 讯问 in a place's name it stands for nothing else. Lost at the value's end
/// (「…白云派出所第一询问」, 2056 s019 p5), the place still names that room and no other.
static ROOM: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"[讯询审][问间]([室宝宣空窒]|\s*$)|提讯室|办案(中心|区|场所)|执法办案|询[问间]区")
});
/// The detention house, also as OCR gives it with one character dropped (「九江守所讯问室」):
/// taking it for somewhere else would flag a lawful interrogation.
/// 看守所, also as OCR garbles one of its characters (看字所, 看于所, 着守所), or splits 守 in
/// two (「九江市看了于所8号讯问室」, seed 2069 s034 p12).
static DETENTION_HOUSE_RE: LazyLock<Regex> = LazyLock::new(|| compile(r"看守所|守所|看守|看\p{Han}{1,2}所"));
static EXECUTION_PLACE: LazyLock<Regex> = LazyLock::new(|| compile(r"拘留所|戒毒所|监狱|强制隔离"));
static HOSPITAL: LazyLock<Regex> = LazyLock::new(|| compile(r"医院|病房|病区|卫生院|诊所|医疗|急诊"));
static MEDICAL_REASON: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"受伤|伤势|住院|治疗|病情|疾病|患病|生病|重病|伤病|残疾|行动不便|怀孕|孕|分娩|抢救|手术")
});
/// A residence, named as such or written as a street address (「…路51号…1304室」). A street
/// and its number are the address whatever OCR made of 号 (「…中山路536扎」, seed 2076 s013
/// p10: a pregnant suspect questioned at home with approval flagged as outside a room).
static RESIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"住处|住所|家中|住宅|家里|居所|寓所|住家|其家|家门|\d+号|\d+室|\d+栋|单元|小区|村\d*组|\d+弄|[路街巷]\d+",
    )
});
static APPROVAL: LazyLock<Regex> = LazyLock::new(|| compile(r"批准|经.{0,12}负责人|负责人同意|审批"));
/// The home named in a sentence: an approval counts for the place only in a sentence that
/// names it, not the approval of a summons extension elsewhere in the transcript.
static HOME_WORD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"住处|住所|家中|家里|其家|你家|我家|住宅|寓所|居所|住地|地点"));
static SCENE: LazyLock<Regex> = LazyLock::new(|| compile(r"现场"));
/// The urgency that allows questioning at the scene, or a reason given for being there where
/// OCR lost its words (「(因情 在现场进行讯问)」 for 「因情况紧急，在现场进行讯问」).
static URGENCY: LazyLock<Regex> =
    LazyLock::new(|| compile(r"紧急|紧迫|来不及|当场|现场讯问|情况危急|因.{1,8}在现场"));
static POLICE_PREMISES: LazyLock<Regex> =
    LazyLock::new(|| compile(r"派出所|公安局|分局|公安处|警务|刑侦|治安大队|公安"));
/// A recorded reason for interrogating a detainee outside the detention house: taken out
/// (提解) for identifying a scene, or for medical treatment. 「你辨认一下」 in the Q&A is not
/// one.
static OUTSIDE_EXPLAINED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"提解|提押|押解出所|带出看守所|离开看守所|(因|由于|为了?).{0,16}(辨认现场|指认现场|指认作案|就医|治疗|住院|受伤|伤势|病情)",
    )
});
/// A reason and its approval written in the place's own brackets (「…病房（因其受伤住院治疗，经
/// 批准在…病房讯问）」), as forms write the exception: read so even where OCR garbled the words
/// of the illness (「(因其受 院台疗,经批准…)」, seed 2069 s019 p10).
static REASON_IN_PLACE: LazyLock<Regex> = LazyLock::new(|| compile(r"[(（]\s*因.{1,16}经?批准"));
/// Facility names that contain words of a medical reason (「住院部」), removed from the place
/// before looking for a stated reason.
static FACILITY: LazyLock<Regex> =
    LazyLock::new(|| compile(r"住院(部|楼|处|区)|门诊(部|楼)?|急诊(科|室|楼)?|病房楼"));

/// A word that names where in a town a place is: a room, building, facility, street, site
/// or vehicle, or where on or by it (「警车上」), not only a city or district. An escort
/// (押解, 途中) is on the way between sites, whatever of its vehicle OCR lost. A hotel is one
/// by its first word whatever OCR made of 店 (「城市便捷酒访2465」, seed 2069 s006 p8).
static NAMES_A_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"[室所局院队店馆号楼栋房场部厅站舍家路街道村厂司校园寓宅门处车船上内外边旁酒宾旅]|中心|现场|押解|途中",
    )
});

pub fn check(d: &Dossier, config: &RuleConfig) -> Vec<Finding> {
    let kind = case_kind(d);
    let mut out = Vec::new();
    for doc in &d.documents {
        let Some(loc) = doc.fields.location.as_ref() else {
            continue;
        };
        let place = compact(&loc.value);
        // An unreadable location is reported as unreadable by OCR, not judged here. OCR's
        // confidence is low on some clean reads (seed 2038 s029 p6: 「…派出所户籍室」 at
        // 0.36): a place of words alone that names a room, building or site is read enough.
        if loc.conf < 0.5 && !(clean(&place) && NAMES_A_PLACE.is_match(&place)) {
            continue;
        }
        // On a scan OCR may read the start of the place and lose the rest of its line
        // (「讯问地点 洛阳」, 「地点:大连市公」: seeds 2037 and 2038): a place that names no
        // building, room, street or site is too little read to judge. Typed, it is what
        // the form says, and judged.
        if d.page(loc.page).is_some_and(|p| p.is_scan()) && !NAMES_A_PLACE.is_match(&place) {
            continue;
        }
        let registered = config
            .location
            .interrogation_rooms
            .iter()
            .any(|r| !r.is_empty() && place.contains(&compact(r)));
        match doc.kind {
            DocKind::InterrogationRecord => {
                if let Some(f) = interrogation(d, doc, loc, &place, registered) {
                    out.push(f);
                }
            }
            DocKind::InquiryRecord if kind == CaseKind::Administrative => {
                if let Some(f) = admin_inquiry(d, doc, loc, &place, registered) {
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    out
}

/// Only characters, digits and brackets: nothing OCR makes of specks and strokes (“ | _ ~)
/// inside the place. A speck before or after it is the ruled cell's or the scanner's, not the
/// place's (「”花园派出所巡罗车内」, seed 2064 s005 p10: a patrol car went unjudged).
fn clean(place: &str) -> bool {
    let kept = |c: char| {
        crate::text::is_ideograph(c)
            || c.is_ascii_alphanumeric()
            || matches!(c, '(' | ')' | '（' | '）' | '-')
    };
    place.trim_matches(|c: char| !kept(c)).chars().all(kept)
}

fn finding(rule: &Rule, doc: &Document, loc: &Located<String>, message: String) -> Finding {
    Finding {
        rule: rule.id,
        page: loc.page,
        document: Some(doc.index),
        bbox: loc.bbox,
        message,
        evidence: loc.raw.clone(),
    }
}

fn approved_at_home(text: &str) -> bool {
    text.split(['。', '；', ';', '！', '!', '？', '?'])
        .any(|sentence| APPROVAL.is_match(sentence) && HOME_WORD.is_match(sentence))
}

fn interrogation(
    d: &Dossier,
    doc: &Document,
    loc: &Located<String>,
    place: &str,
    registered: bool,
) -> Option<Finding> {
    // A reason may be stated in the place field itself (「…（因其患病，经批准在其住处讯问）」),
    // but not by the name of a facility (「住院部」).
    let raw = compact(&loc.raw);
    let text = doc_text(d, doc).replace(&raw, &FACILITY.replace_all(&raw, ""));
    let in_custody = match (&d.custody, &doc.fields.start) {
        (Some(c), Some(start)) => start.value > c.held_since.value,
        _ => false,
    };
    if in_custody {
        if DETENTION_HOUSE_RE.is_match(place) || OUTSIDE_EXPLAINED.is_match(&text) {
            return None;
        }
        // On a scan, a place OCR read several characters of in doubt may be the detention
        // house garbled past its name (「刀江市有了所8 讯门」 for 九江市看守所8号讯问室, seed 2068
        // s006 p13): no proof of anywhere else.
        if d.page(loc.page).is_some_and(|p| p.is_scan()) && garbled(d, loc, place) {
            return None;
        }
        let since = d
            .custody
            .as_ref()
            .map(|c| c.held_since.value.format("%Y年%-m月%-d日%H时%M分").to_string())
            .unwrap_or_default();
        return Some(finding(
            &DETENTION_HOUSE,
            doc,
            loc,
            format!(
                "犯罪嫌疑人已于{since}送看守所羁押，此后的讯问却在「{}」进行，且未说明理由",
                loc.value
            ),
        ));
    }
    if registered
        || ROOM.is_match(place)
        || DETENTION_HOUSE_RE.is_match(place)
        || EXECUTION_PLACE.is_match(place)
    {
        return None;
    }
    let reason = if HOSPITAL.is_match(place) {
        if MEDICAL_REASON.is_match(&text) || REASON_IN_PLACE.is_match(&raw) {
            return None;
        }
        "在医疗机构讯问但未记明犯罪嫌疑人伤病等法定事由"
    } else if SCENE.is_match(place) {
        if URGENCY.is_match(&text) {
            return None;
        }
        "在现场讯问但未记明紧急情况"
    } else if RESIDENCE.is_match(place) {
        if MEDICAL_REASON.is_match(&text) || approved_at_home(&text) {
            return None;
        }
        "在住处讯问但未记明伤病、怀孕等事由或办案部门负责人批准"
    } else {
        // On a scan, a place whose end OCR read unsurely may hold the room it names there
        // (「…北关汽出所并敌人读癌罕」 for …北关派出所办案区讯问室, seed 2059 s035 p11: 读 at
        // 0.66, 罕 at 0.72): no room read is then no proof of none.
        if d.page(loc.page).is_some_and(|p| p.is_scan()) && end_unsure(d, loc, place) {
            return None;
        }
        "不在执法办案场所讯问室"
    };
    Some(finding(
        &INTERROGATION_ROOM,
        doc,
        loc,
        format!("讯问地点「{}」不规范：{reason}", loc.value),
    ))
}

/// The last characters of a place, where the room is written, and how many of them read
/// below [`UNSURE_CHAR`] make the place's end unread.
const PLACE_END: usize = 6;
const UNSURE_CHAR: f32 = 0.8;
const UNSURE_AT_END: usize = 2;

fn end_unsure(d: &Dossier, loc: &Located<String>, place: &str) -> bool {
    read_below(d, loc, place, UNSURE_CHAR, PLACE_END) >= UNSURE_AT_END
}

/// How many of the place's last `among_last` characters OCR read below `conf` (none where
/// its glyphs cannot be found again).
fn read_below(d: &Dossier, loc: &Located<String>, place: &str, conf: f32, among_last: usize) -> usize {
    glyph_confidences(d, loc, place, |c| !c.is_whitespace()).map_or(0, |read| {
        read.iter().rev().take(among_last).filter(|c| **c < conf).count()
    })
}

/// Characters of a scanned place read below this confidence are in doubt (print reads at
/// 0.97–0.99), and this many of them anywhere in it leave the place garbled.
const DOUBTFUL_CHAR: f32 = 0.9;
const DOUBTFUL_CHARS: usize = 3;

fn garbled(d: &Dossier, loc: &Located<String>, place: &str) -> bool {
    // A place names its city or unit first: Latin letters standing there are OCR's reading of
    // ideographs it lost (「ee讯问室」 for 九江市看守所第十二讯问室, seed 2082 s008 p14).
    place
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        || read_below(d, loc, place, DOUBTFUL_CHAR, usize::MAX) >= DOUBTFUL_CHARS
}

fn admin_inquiry(
    d: &Dossier,
    doc: &Document,
    loc: &Located<String>,
    place: &str,
    registered: bool,
) -> Option<Finding> {
    if !is_suspect_inquiry(d, doc) || registered || ROOM.is_match(place) || !POLICE_PREMISES.is_match(place) {
        return None;
    }
    Some(finding(
        &ADMIN_CASE_AREA,
        doc,
        loc,
        format!(
            "在公安机关内询问违法嫌疑人，地点「{}」不在办案场所（询问室）",
            loc.value
        ),
    ))
}

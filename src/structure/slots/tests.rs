//! Slots judged on synthetic pages.

use super::*;
use crate::geom::Rect;
use crate::page::Page;
use crate::page_testkit::{after, fingerprint_image, line_at, page, signature_image, signature_strokes};

fn transcript_last_page() -> Page {
    page(
        2,
        &[
            "问：以上所说是否属实？",
            "答：属实。",
            "",
            "",
            "被讯问人（签名捺指印）：            年  月  日",
            "讯问人：          记录人：",
            "第2页 共2页",
        ],
    )
}

#[test]
fn a_signature_image_and_fingerprint_in_the_slot_sign_it() {
    let mut p = transcript_last_page();
    let slot = after(&p, "被讯问人（签名捺指印）：", 80.0);
    p.images.push(signature_image(slot));
    p.images.push(fingerprint_image(Rect::new(
        slot.x0 + 60.0,
        slot.y0,
        slot.x0 + 80.0,
        slot.y1,
    )));
    let slots = transcript_slots(&[&p]);
    let subject: Vec<_> = slots.iter().filter(|s| s.role == SlotRole::Subject).collect();
    assert_eq!(subject.len(), 1);
    assert_eq!(subject[0].state, SlotState::Signed);
    assert!(subject[0].fingerprint);
    let inv = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    assert_eq!(inv.state, SlotState::Blank);
}

#[test]
fn strokes_sign_a_slot_but_a_typed_name_does_not() {
    let mut p = transcript_last_page();
    let slot = after(&p, "讯问人：", 60.0);
    p.strokes.extend(signature_strokes(slot));
    p.lines[4] = crate::page_testkit::line_at(72.0, 152.0, "被讯问人（签名捺指印）：张三");
    let slots = transcript_slots(&[&p]);
    let state = |role| slots.iter().find(|s| s.role == role).unwrap().state;
    assert_eq!(state(SlotRole::Investigator), SlotState::Signed);
    assert_eq!(state(SlotRole::Subject), SlotState::Blank);
    assert_eq!(state(SlotRole::Recorder), SlotState::Blank);
}

#[test]
fn a_noted_refusal_is_not_a_blank_slot() {
    let mut p = transcript_last_page();
    p.lines.push(crate::page_testkit::line_at(
        72.0,
        172.0,
        "（被讯问人拒绝签名，特此注明）",
    ));
    p.lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let slots = transcript_slots(&[&p]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert_eq!(subject.state, SlotState::RefusalNoted);
}

#[test]
fn a_refusal_typed_in_the_slot_with_a_character_lost_is_a_refusal() {
    // 「被讯问人签名：拒绝签名」 read 「被讯问人签名: 拒绝名」 (seed 2047 s038 p14).
    let mut p = transcript_last_page();
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    p.lines[4] = crate::page_testkit::line_at(72.0, 152.0, "被讯问人签名: 拒绝名");
    let slots = transcript_slots(&[&p]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert_eq!(subject.state, SlotState::RefusalNoted);
}

#[test]
fn on_a_scan_the_ink_of_a_refusal_written_in_the_slot_is_not_a_signature() {
    // OCR reads the note in the slot, and the same ink, not explained by print-sized boxes,
    // also comes back as strokes.
    let mut p = transcript_last_page();
    p.lines[4] = crate::page_testkit::line_at(72.0, 152.0, "被讯问人（签名捺指印）：拒绝签名");
    let slot = after(&p, "被讯问人（签名捺指印）：", 40.0);
    p.strokes.extend(signature_strokes(slot));
    let slots = transcript_slots(&[&p]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert_eq!(subject.state, SlotState::RefusalNoted);
    // The same strokes with no refusal on the line are a signature.
    let mut q = transcript_last_page();
    let slot = after(&q, "被讯问人（签名捺指印）：", 40.0);
    q.strokes.extend(signature_strokes(slot));
    let slots = transcript_slots(&[&q]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert_eq!(subject.state, SlotState::Signed);
}

#[test]
fn closing_statement_printed_handwritten_or_missing() {
    let mut printed = transcript_last_page();
    printed.lines.insert(
        2,
        crate::page_testkit::line_at(72.0, 112.0, "以上笔录我看过，和我说的相符。"),
    );
    let state = |p: &Page| {
        transcript_slots(&[p])
            .into_iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .unwrap()
            .state
    };
    assert_eq!(state(&printed), SlotState::Signed);

    let mut handwritten = transcript_last_page();
    handwritten
        .images
        .push(signature_image(Rect::new(90.0, 112.0, 300.0, 130.0)));
    assert_eq!(state(&handwritten), SlotState::Signed);

    let missing = transcript_last_page();
    assert_eq!(state(&missing), SlotState::Blank);
}

#[test]
fn a_red_seal_is_neither_signature_nor_fingerprint() {
    let mut p = page(
        1,
        &["本告知书已向我宣读。", "", "被告知人（签名）：", "2024年3月5日"],
    );
    let slot = after(&p, "被告知人（签名）：", 80.0);
    p.images.push(crate::page::PlacedImage {
        bbox: Rect::new(slot.x0 - 20.0, slot.y0 - 40.0, slot.x0 + 100.0, slot.y0 + 80.0),
        pixel_width: 300,
        pixel_height: 300,
        ink_ratio: Some(0.3),
        red_ratio: Some(0.95),
    });
    let slots = notice_slots(&[&p]);
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].state, SlotState::Blank);
    assert!(!slots[0].fingerprint);
}

#[test]
fn on_a_scan_a_seal_is_no_fingerprint_where_ocrs_line_boxes_run_tall() {
    // The unit's seal, 86 pt across, stamped below the notified person's slot (seed 2081
    // s019 p9), its ink left red on the scan. OCR's boxes of the notice's last lines run
    // twice the print's height: by them the seal was small enough for a fingerprint.
    let with_red = |side: f32| {
        let mut p = page(
            3,
            &["本告知书我已看过。", "", "被告知人（签名）：", "", "告知人："],
        );
        for line in &mut p.lines {
            line.bbox.y0 -= 6.0;
            line.bbox.y1 += 6.0;
        }
        let slot = after(&p, "被告知人（签名）：", 80.0);
        p.strokes.push(crate::page::Stroke {
            bbox: Rect::new(
                slot.x0 + 20.0,
                slot.y0 + 10.0,
                slot.x0 + 20.0 + side,
                slot.y0 + 10.0 + side,
            ),
            freeform: true,
            segments: 300,
            color: [0.85, 0.1, 0.1],
        });
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        let slots = notice_slots(&[&p]);
        slots
            .iter()
            .find(|s| s.role == SlotRole::NoticeSubject)
            .map(|s| s.fingerprint)
    };
    assert_eq!(with_red(86.0), Some(false));
    // A fingerprint pressed there is one.
    assert_eq!(with_red(26.0), Some(true));
}

#[test]
fn an_ocr_read_handwritten_closing_statement_counts_below_the_last_answer_only() {
    let mut p = page(
        3,
        &[
            "问：这是你的笔录，请核对。",
            "答：相符。",
            "以上笔录我看这,和我说的相知",
            "被讯问人签名捺指印：",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let closing = slots
        .iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Signed);
    // The same garbled words inside the body are an answer, not the statement; nor does a
    // text-layer page get the OCR leniency.
    let mut p = page(
        3,
        &[
            "问：以上笔录你看了吗，相符吗？",
            "答：相符。",
            "被讯问人签名捺指印：",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let closing = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Blank);
    let p = page(
        3,
        &[
            "问：这是你的笔录，请核对。",
            "答：相符。",
            "以上笔录我看这,和我说的相知",
            "被讯问人签名捺指印：",
        ],
    );
    let closing = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Blank);
}

/// A scanned last page of a transcript: the last question and answer, the closing block's
/// `rows`, and the page number.
fn scanned_closing_block(rows: &[&str]) -> Page {
    scanned_rows(2, &["问：以上所说是否属实？", "答：属实。"], rows, "第2页 共2页")
}

/// A scanned page `number` of the lines `before`, then `rows`, then `last`.
fn scanned_rows(number: usize, before: &[&str], rows: &[&str], last: &str) -> Page {
    let mut lines = before.to_vec();
    lines.extend_from_slice(rows);
    lines.push(last);
    let mut p = page(number, &lines);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    p
}

/// The closing statement's state on a scanned last page of these lines.
fn scanned_closing_state(lines: &[&str]) -> SlotState {
    let mut p = page(3, lines);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    closing_state_of(&p)
}

#[test]
fn a_closing_statement_ocr_garbled_past_any_pattern_is_known_by_its_characters() {
    let closing_state = scanned_closing_state;
    // 以上笔录我看过，与我说的一致, as tesseract read a brush hand (笔录 → 党和).
    let read = [
        "问：还有补充吗？",
        "答：没有。",
        "以上党和我看过,与我说的一致",
        "被讯问人：",
        "记录人：",
    ];
    assert_eq!(closing_state(&read), SlotState::Signed);
    // The last answer running on to a second line is the body, whatever its words.
    let answer = [
        "问：还有补充吗？",
        "答：没有了，我说的都是实话，",
        "以上说的都是实话",
        "被讯问人：",
        "记录人：",
    ];
    assert_eq!(closing_state(&answer), SlotState::Blank);
}

#[test]
fn a_closing_statement_alone_on_the_last_page_after_an_ended_answer_is_no_run_on() {
    // Seed 2062 s009 p13: 「以上记录我看过·无误」 read 「以上也孙我 过'无误」, as surely as
    // print, atop a last page holding no body; the page before ended 「答:相符。」.
    let state = |last_answer: &str| {
        let mut before = page(
            1,
            &[
                "问：请你看一下笔录，看是否与你说的一致",
                last_answer,
                "被讯问人签名：",
            ],
        );
        before.source = crate::page::PageSource::Ocr { monochrome: false };
        let mut last = page(2, &["以上也孙我 过'无误", "被讯问人签名：", "法定代理人："]);
        last.source = crate::page::PageSource::Ocr { monochrome: false };
        transcript_slots(&[&before, &last])
            .into_iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .map(|s| s.state)
    };
    assert_eq!(state("答：相符。"), Some(SlotState::Signed));
    // After an answer that fills its line unended, the line may be that answer running on.
    assert_eq!(
        state("答：我没有什么要补充的了，我说的都是真实的，笔录上写的和我说的都一样，我以"),
        Some(SlotState::Blank)
    );
}

#[test]
fn a_garbled_closing_statement_opening_a_page_or_read_with_its_key_words_lost_is_found() {
    // A last page holding only the closing block, the statement's first stroke read as a
    // comma (seed 2048 s030 p15): it is not an answer whose 「答：」 OCR lost.
    let opening = [
        ",上上刘各向吉宣读过,和我说的相箱",
        "讯问民警：范新帆",
        "记录人：美燕",
    ];
    assert_eq!(scanned_closing_state(&opening), SlotState::Signed);
    // 「以上笔录我看过，与我说的一致」 in a neat hand read 「愉上峙孙我有过'与我说的一臻」 (seed
    // 2047 s021 p12): 看 and 一致 lost, 与我说的 left, read as surely as print.
    let p = scanned_closing_block(&["愉上峙孙我有过'与我说的一臻", "被询问人：", "记录人："]);
    let state = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .map(|s| s.state);
    assert_eq!(state, Some(SlotState::Signed));
}

/// The closing statement's state on a transcript's only page, `p`.
fn closing_state_of(p: &Page) -> SlotState {
    transcript_slots(&[p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap()
        .state
}

#[test]
fn a_short_last_answer_alone_atop_the_last_page_does_not_run_on() {
    // Seed 2061 s013 p12: 「答:一致。」 the body's one line on the page, the statement below it
    // read with 笔录, 看过 and 我 garbled. Only a full line runs on.
    let lines = |answer: &str| {
        scanned_closing_state(&[answer, "以上党孙我有这,与用说的一致", "被询问人：", "第2页 共2页"])
    };
    assert_eq!(lines("答：一致。"), SlotState::Signed);
    // A full last line may run on, and its run says what was said, not that it was read.
    assert_eq!(
        scanned_closing_state(&[
            "答：那天我和朋友在一起喝酒，后来因为一点小事和他吵了起来，我就动手打了他。以上",
            "说的都是实话，我都说完了。",
            "被询问人：",
            "第2页 共2页"
        ]),
        SlotState::Blank
    );
}

#[test]
fn a_closing_statement_ocr_listed_before_the_body_still_stands_below_it() {
    // Tesseract listed the handwritten statement's block first, the print above it after
    // (seed 2026 s031 p10): where the statement stands, not where it was listed, says it
    // follows the last answer.
    let mut p = scanned_closing_block(&["以工名长宣访过和载襄的起家", "被讯问人：", "记录人："]);
    for g in &mut p.lines[2].glyphs {
        g.conf = 0.9;
    }
    p.lines[2] = crate::page::Line::from_glyphs(std::mem::take(&mut p.lines[2].glyphs));
    assert_eq!(closing_state_of(&p), SlotState::Signed);
    let statement = p.lines.remove(2);
    p.lines.insert(0, statement);
    assert_eq!(closing_state_of(&p), SlotState::Signed);
    // Listed first or last, a garbled hand above the last answer is no statement written
    // after it (whole and in print, the statement counts wherever the form prints it).
    let mut p = scanned_closing_block(&["被讯问人：", "记录人："]);
    let mut above = line_at(72.0, 40.0, "以工名长宣访过和载襄的起家");
    above.glyphs.iter_mut().for_each(|g| g.conf = 0.9);
    p.lines.push(crate::page::Line::from_glyphs(above.glyphs));
    assert_eq!(closing_state_of(&p), SlotState::Blank);
}

#[test]
fn a_hand_is_a_sentence_long_by_the_print_not_by_ocrs_tall_line_boxes() {
    // Seed 2072 s003 p14: nine characters of a hand past reading, 127 pt wide, on a page whose
    // line boxes OCR drew 26 pt tall over 10 pt print: five boxes' height is no sentence's
    // measure, five print characters are.
    let state = |grow: f32| {
        let mut p = scanned_closing_block(&["内工记未发看二无该", "被询问人：", "记录人："]);
        for g in &mut p.lines[2].glyphs {
            g.conf = 0.9;
        }
        p.lines[2] = crate::page::Line::from_glyphs(std::mem::take(&mut p.lines[2].glyphs));
        for l in &mut p.lines {
            l.bbox.y0 -= grow;
            l.bbox.y1 += grow;
        }
        closing_state_of(&p)
    };
    assert_eq!(state(0.0), SlotState::Signed);
    assert_eq!(state(8.0), SlotState::Signed);
}

#[test]
fn a_hand_opening_with_the_statements_words_is_no_signature_row_for_a_colon() {
    // Seed 2066 s028 p18: 以上笔录我看过，和我说的相符 read 「以上必闲我在让:`知兽计的站全」, a
    // stroke read as a colon among its first eight characters, as a garbled label's would be.
    let hand = |text: &str| {
        let mut p = scanned_closing_block(&[text, "被询问人：", "记录人："]);
        for g in &mut p.lines[2].glyphs {
            g.conf = 0.9;
        }
        p.lines[2] = crate::page::Line::from_glyphs(std::mem::take(&mut p.lines[2].glyphs));
        closing_state_of(&p)
    };
    assert_eq!(hand("以上必闲我在让:`知兽计的站全"), SlotState::Signed);
    // 上 misread too: no label opens with 以 either (seed 2071 s017 p12).
    assert_eq!(hand("以工曝束发厦这:和禾"), SlotState::Signed);
}

#[test]
fn a_subject_row_ocr_garbled_below_the_body_is_no_closing_statement() {
    // Seed 2071 s017 p17: no statement written; the subject's row, its label garbled and
    // every other label lost, read 「儿罪业疆人， 加避华」 in a hand's confidence, a sentence
    // wide: the 罪 of 犯罪嫌疑人 is in no wording of the statement.
    let row = |text: &str| {
        let mut p = scanned_closing_block(&[text]);
        for g in &mut p.lines[2].glyphs {
            g.conf = 0.9;
        }
        p.lines[2] = crate::page::Line::from_glyphs(std::mem::take(&mut p.lines[2].glyphs));
        closing_state_of(&p)
    };
    assert_eq!(row("儿罪业疆人， 加避华"), SlotState::Blank);
    // A hand as wide with none of the label's characters is still the statement.
    assert_eq!(row("儿上业疆人， 加避华"), SlotState::Signed);
}

#[test]
fn a_signature_row_read_as_a_question_right_of_the_statement_is_not_the_body() {
    // 「被询问人: 健 2019年9月」 with 被询 lost, beside and below the statement (seed 2055 s005
    // p11): a 「问:」 standing right of the body's margin is a clipped label, and the body
    // ends with the answer above the statement.
    // The page as OCR read it: the last question and answer, the statement, the officers'
    // rows right of it, the subject's label at the foot.
    let page_with = |row: crate::page::Line| {
        let mut p = page(2, &[]);
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        p.lines.push(line_at(72.0, 63.0, "问：这是你的笔录，请核对。"));
        p.lines.push(line_at(72.0, 82.0, "答：好的。"));
        p.lines.push(line_at(72.0, 101.0, "以工千录我看这,与我议的一到"));
        p.lines.push(row);
        p.lines.push(line_at(290.0, 145.0, "询问民警:"));
        p.lines.push(line_at(290.0, 169.0, "记录人:"));
        p.lines.push(line_at(317.0, 757.0, "被询问人(签名):"));
        p.lines.push(line_at(272.0, 789.0, "第2页/共2页"));
        p
    };
    assert_eq!(
        closing_state_of(&page_with(line_at(290.0, 123.0, "问: 健 2019年9月"))),
        SlotState::Signed
    );
    // At the margin, a question under the statement-like line is still the body's.
    assert_eq!(
        closing_state_of(&page_with(line_at(72.0, 123.0, "问: 你还有什么要说的?"))),
        SlotState::Blank
    );
}

#[test]
fn a_statement_read_as_print_with_both_ends_garbled_is_known_by_read_and_what_i_said() {
    // 「以上笔录我看过，和我说的相符」 in a neat hand read as surely as print, 上 read 工 and 相符
    // lost (seed 2055 s011 p13), below a last answer that fills its line.
    let answer = "答：我当时就在旁边，看见他们两个人吵起来了，后来就打起来了。";
    let p = scanned_rows(
        2,
        &["问：还有补充吗？", answer],
        &["以工笔录我看过，和我说的坊帘", "被讯问人："],
        "第2页 共2页",
    );
    assert_eq!(closing_state_of(&p), SlotState::Signed);
    // The answer running on that says what was said, not that it was read, is the body.
    let p = scanned_rows(
        2,
        &["问：还有补充吗？", answer],
        &["我说的都是实话，以上说的都是真的", "被讯问人："],
        "第2页 共2页",
    );
    assert_eq!(closing_state_of(&p), SlotState::Blank);
}

#[test]
fn a_closing_statement_of_which_ocr_read_a_few_characters_is_known_by_its_width() {
    // OCR read four characters of a handwritten 以上笔录我看过，和我说的相符 written 16
    // characters' widths long (seed 2045 s013 p13): spread over the hand, it is the statement.
    let closing = |spread: f32| {
        let mut p = scanned_closing_block(&["以这,和我", "被讯问人：", "记录人："]);
        let line = &mut p.lines[2];
        let x0 = line.glyphs[0].bbox.x0;
        for (i, g) in line.glyphs.iter_mut().enumerate() {
            let x = x0 + i as f32 * spread;
            g.bbox = Rect::new(x, g.bbox.y0, x + g.bbox.width(), g.bbox.y1);
        }
        *line = crate::page::Line::from_glyphs(std::mem::take(&mut line.glyphs));
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .unwrap()
            .state
    };
    assert_eq!(closing(40.0), SlotState::Signed);
    // The same characters as close together as print are five characters of something else.
    assert_eq!(closing(12.0), SlotState::Blank);
}

#[test]
fn a_signature_whose_label_ocr_clipped_is_the_recorders_not_the_closing_statement() {
    // The closing block as OCR read it (s001-like): 「记录员」 came back as 「记录，」 and the
    // recorder's signature beside it is the only free ink; no statement was written.
    let mut p = page(
        2,
        &[
            "答：一致。",
            "被询问人：",
            "侦查员：",
            "记录，",
            "",
            "",
            "第2页 共2页",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    for label in ["被询问人：", "侦查员：", "记录，"] {
        let slot = after(&p, label, 90.0);
        p.strokes.extend(signature_strokes(slot));
    }
    let slots = transcript_slots(&[&p]);
    let state = |role| slots.iter().find(|s| s.role == role).unwrap().state;
    assert_eq!(state(SlotRole::Recorder), SlotState::Signed);
    assert_eq!(state(SlotRole::ClosingStatement), SlotState::Blank);
}

#[test]
fn ink_of_a_refusal_in_the_slot_is_no_signature_when_the_block_notes_it_twice() {
    // s006-like: 「被讯问人拒不签字，特此注明」 under the last answer, and 「拒绝签名」 written in
    // the footer slot, a fragment of which OCR left as a stroke.
    let mut p = page(
        3,
        &[
            "问：请核对。",
            "答：相符。",
            "被讯问人拒不签字，特此注明。",
            "",
            "",
            "",
            "被讯问人签名：拒绝签名",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slot = after(&p, "被讯问人签名：拒绝", 20.0);
    p.strokes.extend(signature_strokes(slot));
    let slots = transcript_slots(&[&p]);
    let subject: Vec<_> = slots.iter().filter(|s| s.role == SlotRole::Subject).collect();
    assert!(
        subject.iter().all(|s| s.state == SlotState::RefusalNoted),
        "{subject:?}"
    );
}

#[test]
fn on_a_scan_marks_far_past_a_label_are_the_hands_not_the_labels() {
    // Seed 2084 s033 p6: 「被询问人， )」 at the page's foot, its 「)」 the signature's tail
    // 57 pt past the comma: the label's box ran over the whole hand, the page unsigned.
    let subject = |gap: f32| {
        let mut scan = page(2, &["问：请核对。", "答：好的。", "被询问人， )"]);
        scan.source = crate::page::PageSource::Ocr { monochrome: false };
        let glyphs = &mut scan.lines[2].glyphs;
        let space_x0 = glyphs[5].bbox.x0;
        glyphs[5].bbox.x1 = space_x0 + gap;
        glyphs[6].bbox.x0 = space_x0 + gap;
        glyphs[6].bbox.x1 = space_x0 + gap + 1.0;
        let (y0, y1) = (glyphs[0].bbox.y0, glyphs[0].bbox.y1);
        let hand = Rect::new(space_x0 + 2.0, y0 - 4.0, space_x0 + gap, y1 + 4.0);
        scan.strokes.extend(signature_strokes(hand));
        transcript_slots(&[&scan])
            .into_iter()
            .find(|s| s.role == SlotRole::Subject)
            .unwrap()
    };
    let slot = subject(57.0);
    assert_eq!(slot.state, SlotState::Signed, "{slot:?}");
    assert!(slot.label_bbox.x1 <= 72.0 + 5.0 * 12.0, "{slot:?}");
    // A bracket a space after the label is the label's.
    let slot = subject(12.0);
    assert!(slot.label_bbox.x1 >= 72.0 + 6.0 * 12.0, "{slot:?}");
}

#[test]
fn on_a_scan_a_signature_read_as_the_labels_colon_is_the_slots_ink() {
    // Seed 2078 s030 p7: 「询问民警: 4上为2」 with 梁国阳's signature read as the colon, 51 pt
    // wide: the label's box ran over the hand, and the row held one name of two.
    let investigator = |colon_width: f32| {
        let mut scan = page(2, &["问：请核对。", "答：好的。", "被询问人：", "询问民警:"]);
        scan.source = crate::page::PageSource::Ocr { monochrome: false };
        let colon = scan.lines[3].glyphs.last_mut().unwrap();
        colon.bbox.x1 = colon.bbox.x0 + colon_width;
        let hand = Rect::new(
            colon.bbox.x0 + 2.0,
            colon.bbox.y0 - 4.0,
            colon.bbox.x1,
            colon.bbox.y1 + 4.0,
        );
        scan.strokes.extend(signature_strokes(hand));
        transcript_slots(&[&scan])
            .into_iter()
            .find(|s| s.role == SlotRole::Investigator)
            .unwrap()
    };
    let slot = investigator(50.0);
    assert_eq!(slot.state, SlotState::Signed);
    assert!(slot.label_bbox.x1 < 72.0 + 4.0 * 12.0 + 1.0, "{slot:?}");
    // A colon a print character's width is the label's.
    let slot = investigator(6.0);
    assert!(slot.label_bbox.x1 >= 72.0 + 4.0 * 12.0 + 6.0, "{slot:?}");
}

#[test]
fn a_label_whose_bracket_ocr_read_as_an_angle_bracket_is_still_the_slot() {
    let mut p = page(
        2,
        &["问：以上所说是否属实？", "答：属实。", "", "被讯问人〈签名):"],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert!(subject.label.contains('签'), "{subject:?}");
}

#[test]
fn on_a_scan_a_signature_ocr_read_as_latin_letters_signs_the_slot() {
    let lines = ["问：请核对。", "答：好的。", "被询问人：", "记录人:NA"];
    let recorder = |p: &Page| {
        transcript_slots(&[p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .unwrap()
            .state
    };
    let mut scan = page(2, &lines);
    scan.source = crate::page::PageSource::Ocr { monochrome: false };
    assert_eq!(recorder(&scan), SlotState::Signed);
    // In a text layer the same letters are typed, and typing signs nothing.
    assert_eq!(recorder(&page(2, &lines)), SlotState::Blank);
    // One letter is no signature, unless OCR boxed a whole scrawl as it (seed 2045 s036 p7:
    // 「记录人，_A」, the A 49 pt wide).
    let one = |read: &str, width: f32| {
        let row = format!("记录人:{read}");
        let mut scan = page(2, &["问：请核对。", "答：好的。", "被询问人：", &row]);
        scan.source = crate::page::PageSource::Ocr { monochrome: false };
        let a = scan.lines[3].glyphs.last_mut().unwrap();
        a.bbox.x1 = a.bbox.x0 + width;
        recorder(&scan)
    };
    assert_eq!(one("A", 6.0), SlotState::Blank);
    assert_eq!(one("A", 48.0), SlotState::Signed);
    // So is a sign no form prints (「犯罪嫌疑人，7~」, the ~ 27 pt wide: seed 2061 s019 p14);
    // a digit is print as it stands.
    assert_eq!(one("7~", 27.0), SlotState::Signed);
    assert_eq!(one("7~", 5.0), SlotState::Blank);
    assert_eq!(one("17", 27.0), SlotState::Blank);
}

#[test]
fn on_a_scan_a_piece_of_the_slots_rule_is_no_signature() {
    // Seed 2026 s022 p11: a light fingerprint pressed on the rule, erased by a bilevel
    // threshold, left a step in the rule; the piece past it (17 × 1.9 pt, three segments) is
    // too short for OCR's rule finder and signed a slot the scan shows empty.
    let mut scan = transcript_last_page();
    scan.source = crate::page::PageSource::Ocr { monochrome: true };
    let slot = after(&scan, "被讯问人（签名捺指印）：", 80.0);
    let rule_piece = crate::page::Stroke {
        bbox: Rect::new(slot.x0 + 20.0, slot.y1 - 6.5, slot.x0 + 37.0, slot.y1 - 4.6),
        freeform: true,
        segments: 3,
        color: [0.1, 0.1, 0.15],
    };
    scan.strokes.push(rule_piece.clone());
    assert_eq!(subject_slot(&scan).state, SlotState::Blank);
    // A name beside it signs the slot as before.
    let name = Rect::new(slot.x0 + 40.0, slot.y0, slot.x0 + 80.0, slot.y1 - 2.0);
    scan.strokes.extend(signature_strokes(name));
    assert_eq!(subject_slot(&scan).state, SlotState::Signed);
    // A stroke as tall as a hand's is ink, however wide.
    let mut scan = transcript_last_page();
    scan.source = crate::page::PageSource::Ocr { monochrome: true };
    scan.strokes.push(crate::page::Stroke {
        bbox: Rect::new(slot.x0 + 20.0, slot.y0 + 2.0, slot.x0 + 60.0, slot.y1 - 1.0),
        ..rule_piece.clone()
    });
    assert_eq!(subject_slot(&scan).state, SlotState::Signed);
    // On a text layer a vector stroke is drawn, not left over: it counts.
    let mut text = transcript_last_page();
    text.strokes.push(rule_piece);
    assert_eq!(subject_slot(&text).state, SlotState::Signed);
}

#[test]
fn signatures_under_a_label_ocr_garbled_are_kept_as_unlabelled_on_a_scan() {
    // The officers' row of a closing block read as 「们:号 , 类」: their signatures belong to
    // no slot, and are kept so that the checks know somebody signed there.
    let lines = [
        "问：请核对。",
        "答：好的。",
        "被讯问人：",
        "",
        "们:号 , 类",
        "",
        "",
        "第2页 共2页",
    ];
    let with_ink = |source| {
        let mut p = page(2, &lines);
        p.source = source;
        let row = after(&p, "们:", 120.0);
        p.strokes.extend(signature_strokes(row));
        p.strokes.extend(signature_strokes(Rect::new(
            row.x0 + 130.0,
            row.y0,
            row.x1 + 130.0,
            row.y1,
        )));
        transcript_slots(&[&p])
    };
    let scan = with_ink(crate::page::PageSource::Ocr { monochrome: false });
    let unlabelled: Vec<_> = scan.iter().filter(|s| s.role == SlotRole::Unlabelled).collect();
    assert_eq!(unlabelled.len(), 1);
    assert_eq!(unlabelled[0].state, SlotState::Signed);
    // An export's text layer is read as written: there is no such doubt.
    let text = with_ink(crate::page::PageSource::TextLayer);
    assert!(text.iter().all(|s| s.role != SlotRole::Unlabelled));
}

#[test]
fn ink_inside_a_label_ocr_read_is_no_row_of_signatures_under_a_garbled_label() {
    // Seed 2073 s011 p7: a 20 × 10 pt piece of 「记录员:」's print, inside the label's box,
    // taken by no slot, was kept as an unlabelled row of signatures.
    let mut p = scanned_closing_block(&["被询问人：", "侦查员：", "记录员："]);
    let label = p.lines.iter().find(|l| l.text == "记录员：").unwrap().bbox;
    p.strokes.push(crate::page::Stroke {
        bbox: Rect::new(label.x0 + 10.0, label.y0 + 1.0, label.x0 + 30.0, label.y1 - 1.0),
        freeform: true,
        segments: 24,
        color: [0.1, 0.1, 0.15],
    });
    let slots = transcript_slots(&[&p]);
    assert!(slots.iter().all(|s| s.role != SlotRole::Unlabelled), "{slots:?}");
}

#[test]
fn a_notices_sentence_wrapped_after_its_subject_is_no_slot() {
    // Seed 2080 s003 p9: the opening sentence broke right after 犯罪嫌疑人, which then ended
    // its line as a label would, its blank "slot" flagged as the notified person's.
    let labels = |first: &str| {
        let notice = page(
            1,
            &[
                "犯罪嫌疑人诉讼权利义务告知书",
                first,
                "享有以下诉讼权利，并承担以下义务：",
                "（一）如实供述自己罪行的，可以依法得到从宽处理。",
            ],
        );
        notice_slots(&[&notice])
            .into_iter()
            .filter(|s| s.label.contains("嫌疑人"))
            .count()
    };
    assert_eq!(
        labels("依照《中华人民共和国刑事诉讼法》的有关规定，在公安机关侦查期间，犯罪嫌疑人"),
        0
    );
    // Run into the prose with no comma (「…侦查期间，有犯罪嫌疑人」, seed 2082 s016 p7), too.
    assert_eq!(
        labels("依照《中华人民共和国刑事诉讼法》的有关规定，在公安机关侦查期间，有犯罪嫌疑人"),
        0
    );
    // After a colon or with 签名 it is the label still, and after a space.
    assert_eq!(labels("本告知书已向我宣读。 犯罪嫌疑人："), 1);
    assert_eq!(labels("本告知书已向我宣读，犯罪嫌疑人签名"), 1);
    assert_eq!(labels("本告知书已向我宣读我已看过 犯罪嫌疑人"), 1);
}

#[test]
fn a_hand_read_as_di_ends_no_slot_but_a_page_number_does() {
    // Seed 2082 s036 p15: 韦军's scrawl read 「第 亿_“」 ended the officers' area before the
    // second officer's hand. 第 before a number (「第1页」) still ends a slot's area.
    let area_end = |row: &str| {
        let p = scanned_header(&[row]);
        let slots = transcript_slots(&[&p]);
        let slot = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
        let line = p.lines.iter().find(|l| l.text == row).unwrap();
        let at = |c: char| line.glyphs.iter().find(|g| g.ch == c).unwrap().bbox.x0;
        (slot.area.x1, at('陶'), at('工'))
    };
    let (end, second, unit) = area_end("询问人（签名）：韦军第 亿、陶倩婷 工作单位 同上");
    assert!(second < end && end < unit, "{end} {second} {unit}");
    let (end, second, _) = area_end("询问人（签名）：韦军 第1页 陶倩婷 工作单位 同上");
    assert!(end < second, "{end} {second}");
}

#[test]
fn the_notified_persons_label_with_its_bei_misread_is_still_the_slot() {
    // Seed 2082 s016 p7: 「该告知人签名，」 unread, the notice had no slot of its own. The
    // notifying officer's 「告知人：」 below it is not the notified person's.
    let notice = page(3, &["本告知书我已看过。", "该告知人签名，", "", "告知人："]);
    let labels: Vec<String> = notice_slots(&[&notice]).into_iter().map(|s| s.label).collect();
    assert_eq!(labels, ["该告知人签名,"]);
}

#[test]
fn ocr_variants_of_the_fingerprint_and_notice_labels_end_where_the_slot_begins() {
    // 「擦指印」 is 捺指印 as OCR reads it: the label runs to its colon, so the slot starts after
    // it (its characters are no ink in the slot); 「被告知(」 is 被告知人 with 人 dropped.
    let mut p = page(2, &["问：请核对。", "答：一致。", "被询问人签名擦指印;"]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
    assert!(subject.label.contains('擦'), "{subject:?}");
    let notice = page(3, &["本告知书已向我宣读。", "被告知(、接指印); ", "2024年3月5日"]);
    let slots = notice_slots(&[&notice]);
    assert!(slots[0].label.starts_with("被告知"), "{:?}", slots[0]);
    // 签名 read as 答名, 被 as 社: still the notified person's label, not the officer's
    // 「告知人：」 below it. And 被 read as 试 starting the line leaves no officers' label.
    // Commas OCR read from the signature after 「（答名」 are not the label; a comma right after
    // 「侦查员」 is its colon and is.
    let mut p = page(
        2,
        &["问：请核对。", "答：一致。", "被询问人(答名 ， ，", "侦查员，"],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let label = |role| slots.iter().find(|s| s.role == role).map(|s| s.label.clone());
    assert_eq!(label(SlotRole::Subject).as_deref(), Some("被询问人(答名"));
    assert_eq!(label(SlotRole::Investigator).as_deref(), Some("侦查员,"));
    let mut p = page(1, &["问：你叫什么？", "答：贺军。", "试讯问人答名:"]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    assert!(
        !slots.iter().any(|s| s.role == SlotRole::Investigator),
        "{slots:?}"
    );
    // Or behind a fingerprint OCR read, 被 misread against 询问人 (seed 2076 s039 p13): a
    // character set close before an officer's label is the subject's 被. After a gap it is
    // a hand, and the label stands.
    for (row, officers) in [
        ("网 让询问人: 孔海 202510.23", false),
        ("孔海亮 询问人: 谢健", true),
    ] {
        let mut p = page(1, &["问：你叫什么？", "答：孔海亮。", row]);
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        let slots = transcript_slots(&[&p]);
        assert_eq!(
            slots.iter().any(|s| s.role == SlotRole::Investigator),
            officers,
            "{row}: {slots:?}"
        );
    }
    for label in [
        "被告知人答名:",
        "社告知人答名:",
        "被告知人〔签名/) :",
        "被告知人〔签名/印):",
        "被千知人(签名/):",
        "被告知人〈签名、氛指):",
        // 捺指印 with its 印 misread (seed 2081 s019 p9: cut at 签名/, its printed 擦指外
        // passed for the notified person's hand).
        "被告知人签名/擦指外):",
    ] {
        let notice = page(3, &["本告知书我已看过。", label, "2024年3月5日", "告知人:"]);
        let slots = notice_slots(&[&notice]);
        assert_eq!(slots.len(), 1, "{label}");
        assert!(slots[0].label.ends_with(':'), "{:?}", slots[0]);
    }
}

#[test]
fn the_officers_label_with_jing_and_wen_misread_is_the_investigators_slot() {
    // Seed 2072 s011 p10: 讯问民警 read 「讯间民区:」; unread, the officers' row went unjudged.
    let p = scanned_rows(
        3,
        &["问：请核对。", "答：一致。"],
        &["犯罪嫌疑人:", "讯间民区:"],
        "记录人:",
    );
    let slots = transcript_slots(&[&p]);
    let investigator = slots.iter().find(|s| s.role == SlotRole::Investigator);
    assert_eq!(
        investigator.map(|s| s.label.as_str()),
        Some("讯间民区:"),
        "{slots:?}"
    );
}

#[test]
fn on_a_scan_a_signature_read_as_text_below_the_header_signs_a_typed_name_above_does_not() {
    // Closing page: nothing is typed after 签名捺指印, so 「人必从」 is the hand OCR read.
    let mut closing = page(2, &["问：请核对。", "答：好的。", "被询问人签名捺指印:人必从"]);
    closing.source = crate::page::PageSource::Ocr { monochrome: false };
    let subject = transcript_slots(&[&closing])
        .into_iter()
        .find(|s| s.role == SlotRole::Subject)
        .unwrap();
    assert_eq!(subject.state, SlotState::Signed);
    // First page header: the name after 记录人（签名） is typed, whatever OCR says of it.
    let mut first = page(
        1,
        &["询问笔录", "记录人（签名）：张三", "问：你叫什么？", "答：李四。"],
    );
    first.source = crate::page::PageSource::Ocr { monochrome: false };
    let recorder = transcript_slots(&[&first])
        .into_iter()
        .find(|s| s.role == SlotRole::Recorder)
        .unwrap();
    assert_eq!(recorder.state, SlotState::Blank);
}

#[test]
fn on_a_first_page_whose_markers_the_scan_cut_off_the_hand_read_at_the_foot_signs() {
    // Seed 2057 s033 p13: 问/答 cut off at the page's edge left no question to end the header
    // at, so the whole page was header and the hand read 「一人」 a typed name.
    let mut first = page(
        1,
        &[
            "询问笔录",
            "被询问人 林英 性别 女 年龄 37",
            ": 我们是刑侦大队的侦查员，今天找你了解情况，清楚吗?",
            ":听明白了。",
            ":这是《证人诉讼权利义务告知书》，你看一下，是否清楚?",
            ":清楚了。",
            "被询问人签名拱指印: 一人",
        ],
    );
    first.source = crate::page::PageSource::Ocr { monochrome: false };
    let foot = transcript_slots(&[&first, &page(2, &["问：属实吗？", "答：属实。"])])
        .into_iter()
        .find(|s| s.role == SlotRole::Subject && s.page == 1 && s.label.contains('签'))
        .unwrap();
    assert_eq!(foot.state, SlotState::Signed);
}

#[test]
fn a_suspects_label_read_with_only_its_xian_and_ren_is_still_the_slot() {
    // Seed 2055 s015 p12: 「犯罪嫌疑人：」 read 「加弹嫌吕人，」 at the page's foot.
    let subject_labels = |row: &str| -> Vec<String> {
        let p = scanned_rows(
            3,
            &["问：以上所说是否属实？", "答：属实。"],
            &[row],
            "第3页 共3页",
        );
        transcript_slots(&[&p])
            .into_iter()
            .filter(|s| s.role == SlotRole::Subject && !s.label.is_empty())
            .map(|s| s.label)
            .collect()
    };
    assert_eq!(subject_labels("加弹嫌吕人，”， 杰"), ["加弹嫌吕人,"]);
    // Not inside a sentence, nor without the colon or comma a label has.
    assert!(subject_labels("经查犯罪嫌疑人张某到场").is_empty());
}

#[test]
fn on_a_scan_a_bare_officers_label_in_the_header_is_no_slot() {
    // 「侦查员：张三、李四」 types the names; only 「侦查员（签名）：」 asks for signatures there.
    let mut first = page(
        1,
        &[
            "讯问笔录",
            "侦查员：张三、李四",
            "记录员（签名）：李四",
            "问：你叫什么？",
        ],
    );
    first.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&first]);
    let roles: Vec<SlotRole> = slots
        .iter()
        .filter(|s| matches!(s.role, SlotRole::Investigator | SlotRole::Recorder))
        .map(|s| s.role)
        .collect();
    assert_eq!(roles, [SlotRole::Recorder]);
    // On an exported PDF the label stays a slot: strokes there are read exactly.
    first.source = crate::page::PageSource::TextLayer;
    let slots = transcript_slots(&[&first]);
    assert!(slots.iter().any(|s| s.role == SlotRole::Investigator));
}

#[test]
fn an_officers_label_ocr_clipped_is_still_a_slot() {
    let investigators = |p: &Page| -> Vec<SignatureSlot> {
        transcript_slots(&[p])
            .into_iter()
            .filter(|s| s.role == SlotRole::Investigator)
            .collect()
    };
    let mut p = page(
        2,
        &[
            "问：以上所说是否属实？",
            "答：属实。",
            "侦查， ",
            "询问民 :",
            "刑事侦查 大队",
            "第2页 共2页",
        ],
    );
    p.strokes.extend(signature_strokes(after(&p, "侦查， ", 60.0)));
    let inv = investigators(&p);
    assert_eq!(inv.len(), 2, "{inv:?}");
    assert_eq!(inv[0].state, SlotState::Signed);
    assert_eq!(inv[1].state, SlotState::Blank);
    // 「侦查」 alone on its line, the hand signed over 员： (seed 2044 s027 p9); in a sentence
    // 侦查 is no label.
    let p = page(
        2,
        &[
            "问：以上所说是否属实？",
            "答：属实。",
            "侦查",
            "刑事侦查",
            "记录人:",
            "第2页 共2页",
        ],
    );
    let inv = investigators(&p);
    assert_eq!(inv.len(), 1, "{inv:?}");
    assert_eq!(inv[0].label, "侦查");
}

#[test]
fn a_fingerprint_pressed_over_the_start_of_the_subjects_label_is_the_subjects() {
    // 「被讯问人：苏刚」 with the print pressed on 被 (seed 2033 s029 p12): left of the slot's
    // area, it went to the recorder's slot below, whose area reaches up a line, and the
    // subject was flagged 「已签名但未捺指印」.
    let mut p = scanned_closing_block(&["被讯问人:", "记录人:"]);
    for label in ["被讯问人:", "记录人:"] {
        p.strokes.extend(signature_strokes(after(&p, label, 60.0)));
    }
    let bei = p.lines[2].glyphs[0].bbox;
    p.strokes.push(crate::page::Stroke {
        bbox: Rect::new(bei.x0 - 4.0, bei.y0 - 4.0, bei.x0 + 14.0, bei.y1 + 6.0),
        freeform: true,
        segments: 40,
        color: [0.85, 0.1, 0.1],
    });
    let slots = transcript_slots(&[&p]);
    let fingerprint = |role| slots.iter().find(|s| s.role == role).map(|s| s.fingerprint);
    assert_eq!(fingerprint(SlotRole::Subject), Some(true), "{slots:?}");
    assert_eq!(fingerprint(SlotRole::Recorder), Some(false), "{slots:?}");
}

#[test]
fn on_a_scan_signatures_on_stacked_rows_that_touch_sign_both_rows() {
    // 「侦查员：夏建国」 written down into 「记录人：钟志杰」 (seed 2031 s027 p14): the ink
    // extraction left one blob two rows tall, and only the investigators' slot had it.
    let signed = |tall: bool| {
        let mut p = scanned_closing_block(&["侦查员:", "记录人:"]);
        let (top, bottom) = (after(&p, "侦查员:", 60.0), after(&p, "记录人:", 60.0));
        let y1 = if tall { bottom.y1 - 2.0 } else { top.y1 - 2.0 };
        p.strokes.push(crate::page::Stroke {
            bbox: Rect::new(top.x0, top.y0 + 2.0, top.x0 + 60.0, y1),
            freeform: true,
            segments: 200,
            color: [0.1, 0.1, 0.15],
        });
        let slots = transcript_slots(&[&p]);
        let state = |role| slots.iter().find(|s| s.role == role).map(|s| s.state);
        (state(SlotRole::Investigator), state(SlotRole::Recorder))
    };
    assert_eq!(signed(true), (Some(SlotState::Signed), Some(SlotState::Signed)));
    // One row's signature, however near the next label, signs only its own row.
    assert_eq!(signed(false), (Some(SlotState::Signed), Some(SlotState::Blank)));
}

#[test]
fn on_a_scan_an_officers_label_with_its_end_lost_keeps_its_signature_from_the_row_below() {
    // 「询问民警：」 read as 「询问:」 (2032 s003): with no officers' slot on that row, the
    // recorder's area, reaching up a line for a large hand, took the officer's signature and
    // hid the recorder's blank slot.
    // Its colon read as a comma (「询问，」, seed 2068 s025 p12) ends it as well.
    for clipped in ["询问:", "询问,"] {
        let mut p = scanned_closing_block(&["被询问人:", clipped, "记录人:"]);
        for label in ["被询问人:", clipped] {
            p.strokes.extend(signature_strokes(after(&p, label, 60.0)));
        }
        let slots = transcript_slots(&[&p]);
        let state = |role| slots.iter().find(|s| s.role == role).map(|s| s.state);
        assert_eq!(
            state(SlotRole::Investigator),
            Some(SlotState::Signed),
            "{slots:?}"
        );
        assert_eq!(state(SlotRole::Recorder), Some(SlotState::Blank), "{slots:?}");
    }
    // 被 read as 设: the subject's label still, not the officers'.
    let mut p = page(2, &["问：以上所说是否属实？", "答：属实。", "设询问人", ""]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    assert!(
        slots
            .iter()
            .any(|s| s.role == SlotRole::Subject && s.label == "设询问人"),
        "{slots:?}"
    );
    assert!(
        !slots.iter().any(|s| s.role == SlotRole::Investigator),
        "{slots:?}"
    );
}

#[test]
fn on_a_scan_a_label_one_character_misread_or_followed_by_a_semicolon_is_a_slot() {
    let mut p = page(
        2,
        &[
            "问：以上所说是否属实？",
            "答：属实。",
            "人查员: 付称德",
            "记录员;",
            "第2页 共2页",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    crate::structure::misread::correct_labels(&mut p);
    let slots = transcript_slots(&[&p]);
    let inv = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    assert_eq!(inv.label, "侦查员:");
    assert_eq!(inv.state, SlotState::Signed);
    let rec = slots.iter().find(|s| s.role == SlotRole::Recorder).unwrap();
    assert_eq!(rec.state, SlotState::Blank);
}

/// The page's subject slot (the person questioned).
fn subject_slot(p: &Page) -> SignatureSlot {
    transcript_slots(&[p])
        .into_iter()
        .find(|s| s.role == SlotRole::Subject)
        .unwrap()
}

#[test]
fn on_a_scan_specks_of_the_page_number_do_not_sign_the_slot_beside_it() {
    // 「第2页共3页」 printed level with the subject's label, which OCR read as a line of its own;
    // it boxed two of its characters too tightly and left their rims as ink inside the slot.
    let mut p = page(2, &["问：是否属实？", "答：属实。", "被讯问人（签名）："]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let y = p.lines[2].bbox.y0;
    let line = crate::page_testkit::line_at(400.0, y, "第2页共3页");
    p.lines.push(line.clone());
    let at = line.text.chars().position(|c| c == '第').unwrap();
    let speck = |g: &crate::page::Glyph, seg| crate::page::Stroke {
        bbox: Rect::new(g.bbox.x0, g.bbox.y0, g.bbox.x0 + 2.0, g.bbox.y1),
        freeform: true,
        segments: seg,
        color: [0.1, 0.1, 0.15],
    };
    p.strokes = vec![speck(&line.glyphs[at], 4), speck(&line.glyphs[at + 4], 3)];
    assert_eq!(subject_slot(&p).state, SlotState::Blank);
    // A signature written there is still one.
    p.strokes.extend(signature_strokes(after(&p, "（签名）：", 60.0)));
    assert_eq!(subject_slot(&p).state, SlotState::Signed);
}

#[test]
fn on_a_scan_rims_of_the_last_question_loosely_boxed_do_not_sign_the_slot_below() {
    // Seed 2048 s017 p14: 「问，请你看一下笔录，看是否与你说的一致」 over an empty subject
    // slot; OCR boxed 看 a pixel tall and 与 two rows high, five of its seventeen characters
    // off the row's band, and the rims its tight boxes left, in the slot's area, signed it.
    let question = "问，请你看一下笔录，看是否与你说的一致";
    let mut p = scanned_rows(
        2,
        &["问：是否属实？", "答：属实。"],
        &[question],
        "被讯问人（签名）：",
    );
    let q = p.lines.iter().position(|l| l.text == question).unwrap();
    let (top, bottom) = (p.lines[q].bbox.y0, p.lines[q].bbox.y1);
    for (i, g) in p.lines[q].glyphs.iter_mut().enumerate() {
        match i % 4 {
            1 => g.bbox = Rect::new(g.bbox.x0, top + 5.0, g.bbox.x0 + 2.0, top + 6.0),
            3 => g.bbox = Rect::new(g.bbox.x0, top - 6.0, g.bbox.x1, bottom + 6.0),
            _ => {}
        }
    }
    let rims: Vec<crate::page::Stroke> = p.lines[q]
        .glyphs
        .iter()
        .skip(10)
        .step_by(4)
        .map(|g| crate::page::Stroke {
            bbox: Rect::new(g.bbox.x0 + 4.0, top + 1.0, g.bbox.x0 + 9.0, bottom - 1.0),
            freeform: true,
            segments: 4,
            color: [0.1, 0.1, 0.15],
        })
        .collect();
    p.strokes = rims;
    assert_eq!(subject_slot(&p).state, SlotState::Blank);
    // A signature written there is still one.
    p.strokes.extend(signature_strokes(after(&p, "（签名）：", 60.0)));
    assert_eq!(subject_slot(&p).state, SlotState::Signed);
}

#[test]
fn on_a_scan_the_page_number_read_on_the_labels_own_line_does_not_sign_it() {
    // Seed 2049 s032 p6: 「被询问人签名捺指印: 共2页第1页」 read as one line; its 共页第页
    // were taken for a signature written at the size of print.
    let mut p = page(1, &["问：是否属实？", "答：属实。"]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let mut text = "被询问人签名捺指印:".to_string();
    text.push_str(&" ".repeat(44));
    text.push_str("共2页第1页");
    p.lines.push(crate::page_testkit::line_at(72.0, 760.0, &text));
    assert_eq!(subject_slot(&p).state, SlotState::Blank);
    // A signature written there at the size of print, and read, is still one.
    let signed = text.replacen(&" ".repeat(6), " 钱庆", 1);
    p.lines[2] = crate::page_testkit::line_at(72.0, 760.0, &signed);
    assert_eq!(subject_slot(&p).state, SlotState::Signed);
}

#[test]
fn separators_ocr_read_after_a_wrapped_label_are_not_part_of_it() {
    // 「记录人（签」 wraps to 「名）」 in its table cell; OCR read the signature beside it as
    // 「 、 、」, which must not push the slot past the signature.
    let mut p = page(2, &["问：是否属实？", "答：属实。", "记录人(签 、 、 、"]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let label_end = p.lines[2].glyphs[4].bbox.x1;
    let rec = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::Recorder)
        .unwrap();
    assert_eq!(rec.label, "记录人(签");
    assert_eq!(rec.area.x0, label_end);
}

#[test]
fn the_question_asking_for_the_statement_is_not_the_statement() {
    // OCR dropped the 「问：」「答：」 markers of the body (s026-like): the investigator's
    // question still speaks to 你, and the subject wrote nothing below the last answer.
    let mut p = page(
        3,
        &[
            "：你以上所讲的是否属实？",
            "：都是真的。",
            "，以上笔录向你宣读过，是否与你所说相符？",
            "：相符。",
            "被讯问人：",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let closing = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Blank);
    // The same on a text layer: a form's question line is no statement either.
    let p = page(3, &["以上笔录向你宣读过，是否与你所说相符？", "被讯问人："]);
    let closing = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Blank);
}

#[test]
fn a_neat_hand_read_with_prints_confidence_is_the_statement() {
    // A neat hand comes back as confident as print, its ending garbled: 「相符」 → 「起特」,
    // 「记录」 → 「记隶」 with 以 misread.
    // The last answer fills its line, so only the words can tell.
    for written in ["以上笔录这,和我说的起特", "愉上记隶 这,无误"] {
        let state = scanned_closing_state(&[
            "问：这是你的笔录，请核对。",
            "答：一致，都是我说的，没有遗漏的地方。",
            written,
            "被讯问人：",
        ]);
        assert_eq!(state, SlotState::Signed, "{written}");
    }
}

#[test]
fn a_subject_label_ocr_clipped_is_still_the_label() {
    // 「被询问人：」 with a fingerprint pressed over it comes back 「被询问: 汤」: the row is
    // the subject's, so the signature on it is no closing statement.
    for (row, label) in [
        ("被询问: 汤", "被询问: "),
        ("被讯 般雪将", "被讯 "),
        ("被(签名): 从人", "被(签名): "),
        // 问 misread, the colon kept (seed 2050 s024 p16).
        ("被询癌人:了", "被询癌人:"),
        // 问 lost, the colon kept (「被讯人:」 under a fingerprint, seed 2066 s040 p14: unread,
        // the subject's hand and print counted as an officer's signature in the row below).
        ("被讯人: 余宁", "被讯人: "),
        // Its colon read as 二, the stacked dots as two strokes, ending OCR's line (seed 2069
        // s006 p14: the hand beside it passed for the closing statement).
        ("被询问人二", "被询问人二"),
    ] {
        let mut p = page(2, &["问：这是你的笔录，请核对。", "答：好的。", row, "", ""]);
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        let slot = after(&p, label, 60.0);
        p.strokes.extend(signature_strokes(slot));
        let slots = transcript_slots(&[&p]);
        let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
        assert_eq!(subject.state, SlotState::Signed, "{row}");
        let closing = slots
            .iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .unwrap();
        assert_eq!(closing.state, SlotState::Blank, "{row}");
    }
}

#[test]
fn a_body_whose_markers_ocr_lost_still_ends_where_the_closing_block_begins() {
    // 「问：」 read as 「可:」 and 「答：」 dropped (s002-like): the print residue of the whole
    // body is no handwritten statement, and the signature row below is the subject's.
    let mut p = page(
        2,
        &[
            "可: 你以上所讲的是否属实?",
            ": 都是真的。",
            "可: 这是你的笔录，请核对。",
            ":好的。",
            "被询问人: 汤",
            "",
            "",
        ],
    );
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    for (i, text) in [
        "可: 你以上所讲的是否属实?",
        ": 都是真的。",
        "可: 这是你的笔录，请核对。",
    ]
    .into_iter()
    .enumerate()
    {
        // Strokes of print OCR did not box, scattered over the body.
        let line = after(&p, text, 10.0);
        let speck = Rect::new(60.0 + 30.0 * i as f32, line.y0, 200.0 + 30.0 * i as f32, line.y1);
        p.strokes.extend(signature_strokes(speck));
    }
    let slot = after(&p, "被询问人: ", 60.0);
    p.strokes.extend(signature_strokes(slot));
    let closing = transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::ClosingStatement)
        .unwrap();
    assert_eq!(closing.state, SlotState::Blank);
}

#[test]
fn a_signature_row_whose_label_ocr_lost_does_not_end_the_body() {
    // The statement, then the subject's row with its label clipped to 「被询|」 and read as
    // 「：罗军 2015.3.9」 right of the margin (s031-like): the statement above still counts; of
    // a hand OCR read only its opening words (「以上记录,」) are enough.
    for (statement, row) in [
        ("以上笔录我看这,和我说的相知", "：罗军 2015.3.9"),
        ("以上记录,", "被询问人：史萍"),
    ] {
        let mut p = page(
            2,
            &["问：这是你的笔录，请核对。", "答：相符。", statement, "", ""],
        );
        p.lines.push(crate::page_testkit::line_at(300.0, 132.0, row));
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        let closing = transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .unwrap();
        assert_eq!(closing.state, SlotState::Signed, "{statement}");
    }
}

#[test]
fn a_hand_on_the_row_of_a_date_below_the_body_is_a_sign_off_not_the_statement() {
    // Seed 2084 s022 p17: 「被询问人: 石华新 2021年10月9日」, the label lost to OCR and read as
    // ink, taken for the handwritten statement the page lacks.
    let closing = |dated: bool| {
        let mut p = page(2, &["问：这是你的笔录，请核对。", "答：好的。", "", "", ""]);
        p.strokes
            .extend(signature_strokes(Rect::new(100.0, 128.0, 260.0, 148.0)));
        if dated {
            p.lines
                .push(crate::page_testkit::line_at(300.0, 132.0, "2021和车10月9已"));
        }
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::ClosingStatement)
            .unwrap()
            .state
    };
    assert_eq!(closing(false), SlotState::Signed);
    assert_eq!(closing(true), SlotState::Blank);
}

#[test]
fn below_a_short_last_answer_a_line_of_the_statements_words_is_the_statement() {
    // 「以上管束,我说的一祥」 (以上笔录，和我说的一样, two words garbled, read as confidently as
    // print): below 「答：相符。」, which ends short of the line, nothing runs on, so the
    // statement's characters are enough; below a full line they could be the answer's end.
    let closing_state = |answer: &str, written: &str| {
        scanned_closing_state(&[
            "问：这是你的笔录，请核对，有遗漏或差错可以补充改正。",
            answer,
            written,
            "被讯问人：",
        ])
    };
    assert_eq!(
        closing_state("答：相符。", "以上管束,我说的一祥"),
        SlotState::Signed
    );
    assert_eq!(
        closing_state(
            "答：没有了，以上我交代的情况都是真实的，我说的都是实话，",
            "以上管束,我说的一祥"
        ),
        SlotState::Blank
    );
    // 以上 garbled past reading (「队工」), 过 read as 这: still mostly the statement's
    // characters (seed 2033 s006 p12).
    assert_eq!(
        closing_state("答：一致。", "队工全重读这,和我说的相符"),
        SlotState::Signed
    );
    // 以上 and 看过 say it was read: the statement, whatever the rest came out as.
    assert_eq!(
        closing_state(
            "答：没有了，以上我交代的情况都是真实的，我说的都是实话，",
            "以上党象我看过,和我说的一社"
        ),
        SlotState::Signed
    );
}

#[test]
fn on_a_scan_a_signature_ocr_read_as_a_line_of_its_own_beside_the_label_signs_it() {
    // 「犯罪嫌疑人:」 … 「人方从」: the signature, written well right of the label, read as
    // text on a line of its own on the same row.
    let scanned = |beside: &str| {
        let mut p = page(2, &["问：还有补充吗？", "答：没有。"]);
        p.lines
            .push(crate::page_testkit::line_at(300.0, 700.0, "犯罪嫌疑人："));
        p.lines.push(crate::page_testkit::line_at(400.0, 701.0, beside));
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        let slots = transcript_slots(&[&p]);
        let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
        (subject.state, slots)
    };
    assert_eq!(scanned("人方从").0, SlotState::Signed);
    // A line beside that holds a label of its own is that label's row, not the signature.
    let (state, slots) = scanned("记录人：");
    assert_eq!(state, SlotState::Blank);
    assert!(slots.iter().any(|s| s.role == SlotRole::Recorder));
    // So is one whose label OCR read short (「记录：」, seed 2035 s010 p8): found as another
    // slot's label, it is not read as the hand.
    let (state, slots) = scanned("记录：");
    assert_eq!(state, SlotState::Blank);
    assert!(slots.iter().any(|s| s.role == SlotRole::Recorder));
}

#[test]
fn on_a_scan_a_signature_after_a_label_side_by_side_on_a_staggered_row_signs_that_label_only() {
    // 「询问人：」 at the left, 「记录人：」 half a line lower in the middle, the recorder's
    // name after it level with both labels (seed 2035 s010 p8): the investigator did not sign.
    let mut p = page(2, &["问：以上所说是否属实？", "答：属实。"]);
    p.lines
        .push(crate::page_testkit::line_at(72.0, 700.0, "询问人："));
    p.lines
        .push(crate::page_testkit::line_at(290.0, 708.0, "记录人："));
    p.strokes.push(crate::page::Stroke {
        bbox: Rect::new(345.0, 699.0, 385.0, 723.0),
        freeform: true,
        segments: 60,
        color: [0.1, 0.1, 0.15],
    });
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let state = |role| slots.iter().find(|s| s.role == role).map(|s| s.state);
    assert_eq!(state(SlotRole::Investigator), Some(SlotState::Blank));
    assert_eq!(state(SlotRole::Recorder), Some(SlotState::Signed));
}

#[test]
fn on_a_scan_two_hands_touching_across_rows_a_row_apart_sign_both_labels_though_indented() {
    // 「侦查员：段斌宇 沈晨」 over 「记录人：沈晨」, the recorder's label indented under the
    // first name and the two 沈晨 one blob as tall as both rows, right of both labels (seed
    // 2073 s009 p9): the recorder signed.
    let mut p = page(2, &["问：以上所说是否属实？", "答：属实。"]);
    p.lines
        .push(crate::page_testkit::line_at(225.0, 700.0, "侦查员："));
    p.lines
        .push(crate::page_testkit::line_at(285.0, 721.0, "记录人："));
    p.strokes
        .extend(signature_strokes(Rect::new(270.0, 700.0, 320.0, 716.0)));
    p.strokes.push(crate::page::Stroke {
        bbox: Rect::new(340.0, 700.0, 378.0, 731.0),
        freeform: true,
        segments: 90,
        color: [0.1, 0.1, 0.15],
    });
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let state = |role| slots.iter().find(|s| s.role == role).map(|s| s.state);
    assert_eq!(state(SlotRole::Investigator), Some(SlotState::Signed));
    assert_eq!(state(SlotRole::Recorder), Some(SlotState::Signed));
}

#[test]
fn on_a_scan_a_blob_over_two_staggered_rows_signs_both_where_ocrs_line_boxes_run_tall() {
    // 「讯问人：叶雷雷 沈婷月」 over 「记录员：沈婷月」, the recorder's label indented, the two
    // 沈婷月 one blob (seed 2081 s039 p12). The labels stand 16 pt apart, a row of 10.5-pt
    // print, but a closing page's few line boxes, handwriting on them, run 26 pt tall: by
    // those the rows were less than a row apart, side by side, and the recorder unsigned.
    let mut p = page(12, &["问：以上所说是否属实？", "答：属实。"]);
    for (x, y, text) in [
        (117.0, 130.0, "以上笔录我看过，和我说的一样"),
        (256.0, 150.0, "犯罪嫌疑人："),
        (216.0, 178.0, "讯问人："),
        (276.0, 194.0, "记录员："),
    ] {
        let mut line = crate::page_testkit::line_at(x, y, text);
        // OCR's box for a line a hand is written on: twice the print's height.
        line.bbox.y0 -= 7.0;
        line.bbox.y1 += 7.0;
        p.lines.push(line);
    }
    let hand = |bbox: Rect, segments: u32| crate::page::Stroke {
        bbox,
        freeform: true,
        segments,
        color: [0.1, 0.1, 0.15],
    };
    p.strokes.push(hand(Rect::new(330.0, 146.0, 380.0, 168.0), 60));
    p.strokes.push(hand(Rect::new(264.0, 172.0, 316.0, 192.0), 70));
    p.strokes.push(hand(Rect::new(324.0, 174.0, 380.0, 210.0), 134));
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let signed = [SlotRole::Investigator, SlotRole::Recorder].map(|role| {
        slots
            .iter()
            .any(|s| s.role == role && s.state == SlotState::Signed)
    });
    assert_eq!(signed, [true, true], "{slots:?}");
}

/// A scanned first page: the title, the location's row, then `rows` (from 112 pt down, 20 pt
/// apart) and the first question.
fn scanned_header(rows: &[&str]) -> Page {
    scanned_rows(
        1,
        &["讯问笔录", "地点某市公安局某区分局执法办案中心"],
        rows,
        "问：你叫什么？",
    )
}

/// A scanned first page whose header row 「侦查员（签名）：张三、李四」 stands under the
/// location's row, with `extra` drawn on it; the investigators' slot as judged.
fn scanned_header_slot(extra: impl FnOnce(&mut Page)) -> SignatureSlot {
    let mut p = scanned_header(&["侦查员（签名）：张三、李四"]);
    extra(&mut p);
    transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::Investigator)
        .unwrap()
}

/// Unread ink of a scan at `bbox`, as the ink extraction leaves it.
fn ink(bbox: Rect) -> crate::page::Stroke {
    crate::page::Stroke {
        bbox,
        freeform: true,
        segments: 3,
        color: [0.1, 0.1, 0.15],
    }
}

#[test]
fn on_a_scan_rims_of_the_print_row_above_a_header_slot_are_no_officers_signature() {
    // One officer signed after 张三; the location's characters above the slot, boxed tightly
    // by OCR, left two slivers of print height on their row (y 92–104), inside the slot's area.
    let slot = scanned_header_slot(|p| {
        p.strokes
            .extend(signature_strokes(Rect::new(232.0, 104.0, 290.0, 126.0)));
        p.strokes.push(ink(Rect::new(240.0, 93.0, 243.0, 103.0)));
        p.strokes.push(ink(Rect::new(262.0, 93.0, 265.0, 103.0)));
    });
    assert_eq!(slot.state, SlotState::Signed);
    assert_eq!(slot.signatures, 1, "{slot:?}");
    // Ink as small on the slot's own row is not the row above's: it still counts.
    let slot = scanned_header_slot(|p| {
        p.strokes
            .extend(signature_strokes(Rect::new(232.0, 104.0, 290.0, 126.0)));
        p.strokes.push(ink(Rect::new(300.0, 113.0, 306.0, 123.0)));
        p.strokes.push(ink(Rect::new(308.0, 113.0, 314.0, 123.0)));
    });
    assert_eq!(slot.signatures, 2, "{slot:?}");
}

#[test]
fn on_a_scan_slivers_of_the_typed_names_are_print_not_a_second_signature() {
    // Seed 2076 s002 p8: 「雷伟宇、方红梅」 boxed tightly by OCR left slivers of 雷, 方 and 红
    // outside their boxes, on the names' own row; with the one hand after the names they
    // made two signatures for two officers. Here 三 and 李 are boxed 3 pt short of their
    // ink (the row's glyphs are 12 pt boxes from x 168: 张三 168–192, 、 192–204, 李四
    // 204–228), the slivers left beside them. As on that row, OCR boxed a few characters
    // 2 pt high (宇 198–200 on a band 190–200), so the row is not print throughout.
    let hand = Rect::new(232.0, 104.0, 290.0, 126.0);
    let tight = |p: &mut Page| {
        let row = p.lines.iter_mut().find(|l| l.text.starts_with("侦查员")).unwrap();
        for g in row.glyphs.iter_mut() {
            match g.ch {
                '三' => g.bbox.x1 -= 3.0,
                '李' => g.bbox.x0 += 3.0,
                '侦' | '查' | '员' => g.bbox.y0 = g.bbox.y1 - 2.0,
                _ => {}
            }
        }
        p.strokes.extend(signature_strokes(hand));
    };
    let slot = scanned_header_slot(|p| {
        tight(p);
        p.strokes.push(ink(Rect::new(189.3, 112.5, 191.8, 123.5)));
        p.strokes.push(ink(Rect::new(204.3, 113.0, 206.8, 123.0)));
    });
    assert_eq!(slot.signatures, 1, "{slot:?}");
    // Ink wider than a stroke beside the names, or reaching off their row, is a hand.
    for other in [
        Rect::new(189.3, 112.5, 198.0, 123.5),
        Rect::new(189.3, 102.0, 191.8, 123.5),
    ] {
        let slot = scanned_header_slot(|p| {
            tight(p);
            p.strokes.push(ink(other));
        });
        assert_eq!(slot.signatures, 2, "{other:?}: {slot:?}");
    }
}

#[test]
fn on_a_scan_the_row_above_is_print_though_ocr_boxed_some_of_its_characters_the_lines_height() {
    // Seed 2073 s010 p13: 「讯问地点:洛阳市看守所第十二讯问室」 with 看, 十 and 讯 boxed from the
    // line's top to its foot; counted off the band, they unmade the row's print, and its
    // rims in the investigators' area read as a second officer's signature.
    let slot = scanned_header_slot(|p| {
        let place = p.lines.iter_mut().find(|l| l.text.starts_with("地点")).unwrap();
        let b = place.bbox;
        place.bbox = Rect::new(b.x0, b.y0 - 3.0, b.x1, b.y1 + 3.0);
        for g in place.glyphs.iter_mut().skip(1).step_by(3) {
            g.bbox = Rect::new(g.bbox.x0, b.y0 - 3.0, g.bbox.x1, b.y1 + 3.0);
        }
        p.strokes
            .extend(signature_strokes(Rect::new(232.0, 104.0, 290.0, 126.0)));
        p.strokes.push(ink(Rect::new(240.0, 93.0, 243.0, 103.0)));
        p.strokes.push(ink(Rect::new(262.0, 93.0, 265.0, 103.0)));
    });
    assert_eq!(slot.signatures, 1, "{slot:?}");
}

#[test]
fn a_person_named_in_a_list_in_the_text_is_no_signature_label() {
    // The administrative notice's intro (seed 2052 s013 p4): its 违法嫌疑人 stood for a
    // signature line, and the sentence after it signed the notice.
    let p = page(
        4,
        &[
            "行政案件权利义务告知书",
            "调查案件期间，违法嫌疑人、 被侵害人及其他证人享有以下权利，承担以下义务：",
            "被告知人（签名、捺指印）：",
        ],
    );
    let labels: Vec<String> = find_labels(&p, &NOTICE_SUBJECT, 0)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(labels, ["被告知人(签名、捺指印):"]);
    // A label listing what it asks for is still one.
    let p = page(4, &["违法嫌疑人（签名、捺指印）："]);
    assert_eq!(find_labels(&p, &NOTICE_SUBJECT, 0).len(), 1);
}

#[test]
fn a_labels_opening_bracket_read_twice_is_still_its_label() {
    // 「被告知人《〈签名、控指印):」 (seeds 2048 s027 p8, 2051 s030 p5): unread, the notice's
    // slot fell back to the whole acknowledgement block, which the officer's signature signed.
    for text in ["被告知人《〈签名、控指印):", "被告知《〈 签名、控指印):"] {
        let p = page(4, &["以上内容我已看过并理解。", text, "2025年4月17日"]);
        assert_eq!(find_labels(&p, &NOTICE_SUBJECT, 0).len(), 1, "{text}");
    }
}

#[test]
fn an_officers_label_asking_for_a_fingerprint_is_the_subjects_with_its_first_character_lost() {
    // 「被询问人签名捺指印:」 read 「询问人签名捧指印:」 at the page's foot (seed 2052 s018 p17).
    let p = scanned_rows(
        2,
        &["问：以上所说是否属实？", "答：属实。"],
        &["询问人签名捧指印:"],
        "共2页第2页",
    );
    let roles: Vec<SlotRole> = transcript_slots(&[&p])
        .into_iter()
        .filter(|s| !s.label.is_empty())
        .map(|s| s.role)
        .collect();
    assert!(roles.contains(&SlotRole::Subject), "{roles:?}");
    assert!(!roles.contains(&SlotRole::Investigator), "{roles:?}");
    // Without the fingerprint it is the officers' label.
    let p = scanned_rows(
        2,
        &["问：以上所说是否属实？", "答：属实。"],
        &["询问人签名:"],
        "共2页第2页",
    );
    assert!(
        transcript_slots(&[&p])
            .iter()
            .any(|s| s.role == SlotRole::Investigator)
    );
}

#[test]
fn on_a_scan_a_hand_read_as_a_line_under_the_typed_names_signs_the_header_slot() {
    // Seed 2052 s016 p8: in a tall table row the officers signed under 「蔡平、肖健宁」, and
    // OCR read the two signatures as a line of their own, 「素平和下以」, its ink explained.
    let under = |text: &str| {
        scanned_header_slot(|p| {
            let line = crate::page_testkit::line_at(180.0, 122.0, text);
            p.lines.insert(3, line);
        })
    };
    let slot = under("素平和下以");
    assert_eq!(slot.state, SlotState::Signed, "{slot:?}");
    // A line of the form's own under the row, with its label, is print.
    assert_eq!(under("工作单位：同上").state, SlotState::Blank);
}

#[test]
fn on_a_scan_rims_of_the_typed_names_on_a_header_slots_own_row_are_no_signature() {
    // 「记录员(签名):顾洁静」 left unsigned (seed 2030 s005 p6): the rim OCR's tight box left
    // of 顾 (3 pt wide, print tall) signed the slot.
    let rim_beside = |ch: char| {
        scanned_header_slot(|p| {
            let g = p.lines[2].glyphs.iter().find(|g| g.ch == ch).unwrap().bbox;
            p.strokes.push(ink(Rect::new(g.x0 - 4.0, g.y0, g.x0 - 1.0, g.y1)));
        })
    };
    assert_eq!(rim_beside('张').state, SlotState::Blank);
    assert_eq!(rim_beside('李').state, SlotState::Blank);
    // A hand as small as print, read as text on the band, with a letter or a dash in it
    // (「白华 人N久」, 「武悦莲 依-入」), or a slash (「谭文从/入」, seed 2077 s025 p10: the
    // recorder flagged unsigned): no typed name holds those, so the scrawl is ink.
    for scrawl in ["人N久", "依-入", "从/入"] {
        let slot = header_slot_read_on_the_band(scrawl);
        assert_eq!(slot.state, SlotState::Signed, "{scrawl}: {slot:?}");
    }
}

/// The header slot of `scanned_header_slot` with `text` read after the typed names, on their
/// print band, as OCR reads a hand as small as print.
fn header_slot_read_on_the_band(text: &str) -> SignatureSlot {
    scanned_header_slot(|p| {
        let row = &p.lines[2];
        let mut glyphs = row.glyphs.clone();
        let (y0, y1) = (row.glyphs[8].bbox.y0, row.glyphs[8].bbox.y1);
        let x = row.bbox.x1 + 10.0;
        for (i, ch) in text.chars().enumerate() {
            let x0 = x + 12.0 * i as f32;
            glyphs.push(crate::page::Glyph {
                ch,
                bbox: Rect::new(x0, y0, x0 + 11.0, y1),
                conf: 0.6,
            });
        }
        p.lines[2] = crate::page::Line::from_glyphs(glyphs);
    })
}

#[test]
fn in_a_scans_header_a_scrawl_read_as_a_lone_digit_signs_the_slot() {
    // The recorder's scrawl after the typed 钱明 read 「、7从」 and 「、8 从」, all on the
    // print band (seed 2055 s013 p10, p14): a digit alone is no character of a typed name.
    let after_names = |text: &str| header_slot_read_on_the_band(text).state;
    assert_eq!(after_names("、7从"), SlotState::Signed);
    assert_eq!(after_names("、8 从"), SlotState::Signed);
    // Typed numbers and dates hold digits beside digits or a date's characters: print.
    assert_eq!(after_names("警号012345"), SlotState::Blank);
    assert_eq!(after_names("2021年4月12日"), SlotState::Blank);
}

#[test]
fn in_a_scans_header_a_bracketed_qianming_read_as_deng_still_asks_for_a_signature() {
    // Seed 2067 s006 p16: 「询问民警(等):沈健凯、泰玲 云」, 签名 read 等 (their bamboo tops
    // alike): without the slot, the officer who had not signed went unjudged.
    let roles = |row: &str| {
        let p = scanned_header(&[row]);
        transcript_slots(&[&p])
            .into_iter()
            .filter(|s| s.role == SlotRole::Investigator)
            .count()
    };
    assert_eq!(roles("询问民警(等):沈健凯、泰玲"), 1);
    assert_eq!(roles("询问民警(签名):沈健凯、泰玲"), 1);
    // Or read as the 答 it is read as beside 名 (「侦查员(答):站豚互、谢坪攻」, seed 2078
    // s026 p16: the second officer's hand was left unjudged).
    assert_eq!(roles("侦查员(答):闫鹏磊、谢娜萍"), 1);
    // A bare label in a scan's header lists typed names: no slot.
    assert_eq!(roles("询问民警:沈健凯、泰玲"), 0);
}

#[test]
fn in_a_scans_header_a_signature_ocr_read_off_the_print_band_signs_the_slot() {
    // 「侦查员（签名）：张三、李四 王五」: 王五 is a signature OCR read as text, written lower
    // and taller than the typed names beside it.
    let signed = |shift: f32, height: f32| {
        scanned_header_slot(|p| {
            let row = &p.lines[2];
            let mut glyphs = row.glyphs.clone();
            let x = row.bbox.x1 + 10.0;
            for (i, ch) in "王五".chars().enumerate() {
                let x0 = x + 20.0 * i as f32;
                glyphs.push(crate::page::Glyph {
                    ch,
                    bbox: Rect::new(x0, row.bbox.y0 + shift, x0 + height, row.bbox.y0 + shift + height),
                    conf: 0.6,
                });
            }
            p.lines[2] = crate::page::Line::from_glyphs(glyphs);
        })
    };
    let slot = signed(4.0, 18.0);
    assert_eq!(slot.state, SlotState::Signed, "{slot:?}");
    assert_eq!(slot.signatures, 1);
    // The same characters level with the typed ones are typed: no signature.
    assert_eq!(signed(0.0, 12.0).state, SlotState::Blank);
}

#[test]
fn in_a_scans_header_a_typed_character_boxed_tight_within_the_band_is_print() {
    // 「记录员(签名) 谭艳傅」 with 傅 boxed 212–217 pt on a band of 208–217 (seed 2079 s035 p6):
    // taken for a hand, it signed the recorder's blank slot.
    let recorder = |top: f32, bottom: f32| {
        let mut p = scanned_header(&["侦查员（签名）：张三、李四", "记录员（签名）：谭艳倩"]);
        let row = &mut p.lines[3];
        let last = row.glyphs.last_mut().unwrap();
        let y = last.bbox.y0;
        last.bbox = Rect::new(last.bbox.x0, y + top, last.bbox.x1, y + bottom);
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .unwrap()
    };
    let slot = recorder(5.0, 11.0);
    assert_eq!(slot.state, SlotState::Blank, "{slot:?}");
    // A character as tall, lower than the band, is off it: a hand.
    assert_eq!(recorder(9.0, 17.0).state, SlotState::Signed);
}

#[test]
fn a_notice_label_with_its_third_character_and_bracket_misread_is_still_the_label() {
    // 「被告知人（签名、捺指印）：」 as OCR read it on a scan.
    let notice = page(
        3,
        &["本告知书已向我宣读。", "被音知人“签名、捧指印):", "2024年3月5日"],
    );
    let slots = notice_slots(&[&notice]);
    assert!(slots[0].label.starts_with("被音知人"), "{:?}", slots[0]);
}

#[test]
fn a_notice_label_with_all_of_gaozhiren_lost_starting_its_line_is_still_the_label() {
    // Seed 2069 s028 p9: 「被告知人签名」 read 「”被签名」 over a blank slot.
    let notice = page(3, &["本告知书已向我宣读。", "”被签名", "2024年3月5日"]);
    let slots = notice_slots(&[&notice]);
    assert_eq!(slots.len(), 1, "{slots:?}");
    assert_eq!(slots[0].state, SlotState::Blank);
    assert_eq!(slots[0].label, "\"被签名");
    // Inside a sentence, 被签名 is no label (the slot is then the page below the text).
    let text = page(3, &["本告知书已向我宣读，文书被签名确认。", "2024年3月5日"]);
    let found = notice_slots(&[&text]);
    assert!(found.iter().all(|s| s.label.is_empty()), "{found:?}");
}

#[test]
fn a_notice_label_with_its_bracket_and_qian_misread_is_no_name_after_the_label() {
    // Seed 2061 s035 p5: 「被告知人（签名、捺指印）：」 read 「被告知人 :从名、捧指印 ，:」 on
    // a blank slot. Read as far as 「被告知人 :」, its 从名 and 捧指印 were the hand.
    let notice = |after_label: &str| {
        let mut p = page(
            3,
            &[
                "本告知书已向我宣读。",
                &format!("被告知人 :从名、捧指印 ，:{after_label}"),
                "2024年3月5日",
            ],
        );
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        notice_slots(&[&p]).remove(0)
    };
    let blank = notice("");
    assert!(blank.label.contains("指印"), "{blank:?}");
    assert_eq!(blank.state, SlotState::Blank);
    // A name OCR read after the whole label is still the notified person's hand.
    assert_eq!(notice("周春林").state, SlotState::Signed);
}

#[test]
fn where_ocr_lost_the_notified_persons_label_the_block_below_the_acknowledgement_is_the_slot() {
    // The label read as nothing a pattern knows (「装告和人公名」, here left out), the signature
    // above the date, the notifying officer's own line and signature below it.
    let notice = |signed: bool| {
        let mut p = page(
            3,
            &[
                "十、对民警违法违纪行为，有权检举、控告。",
                "本告知书已向我宣读。",
                "",
                "2024年3月5日",
                "告知人：",
            ],
        );
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        if signed {
            p.strokes
                .extend(signature_strokes(Rect::new(300.0, 112.0, 360.0, 130.0)));
        }
        p.strokes.extend(signature_strokes(after(&p, "告知人：", 60.0)));
        notice_slots(&[&p]).remove(0)
    };
    assert_eq!(notice(true).state, SlotState::Signed);
    // The officer's signature below 「告知人：」 is not the notified person's.
    assert_eq!(notice(false).state, SlotState::Blank);
}

#[test]
fn on_a_scan_a_page_line_whose_label_ocr_garbled_is_found_where_the_other_pages_print_it() {
    // Two pages of a scanned transcript, each with its line 「犯罪嫌疑人：」 at the foot; on the
    // second OCR read it 「犯罪，苑 伟」, and the closing block above holds the subject's slot.
    let scanned = |number: usize, lines: &[&str], foot: &str| {
        let mut p = page(number, lines);
        p.lines.push(crate::page_testkit::line_at(350.0, 767.0, foot));
        p.source = crate::page::PageSource::Ocr { monochrome: false };
        p
    };
    let first = scanned(1, &["问：你叫什么？", "答：范庆伟。"], "犯罪嫌疑人：");
    let foot_slot = |foot: &str| {
        let last = scanned(
            2,
            &[
                "问：还有补充吗？",
                "答：没有。",
                "以上笔录我看过，与我说的一致",
                "被讯问人：",
            ],
            foot,
        );
        transcript_slots(&[&first, &last])
            .into_iter()
            .filter(|s| s.page == 2 && s.role == SlotRole::Subject)
            .find(|s| s.label_bbox.y0 > 700.0)
    };
    let slot = foot_slot("犯罪，      苑 伟").expect("the page's own line");
    // As wide as the label the first page printed (「犯罪嫌疑人：」, six characters): the
    // signature after it is not part of the label.
    assert_eq!(slot.label, "犯罪，");
    assert!((slot.label_bbox.x1 - (350.0 + 6.0 * 12.0)).abs() < 0.5);
    assert_eq!(slot.state, SlotState::Signed);
    // A line at that place starting with another character is not the label.
    assert!(foot_slot("第2页共2页").is_none());
    // Nor is anything on a page with text: its labels are exact.
    let mut text = scanned(2, &["问：还有补充吗？", "被讯问人："], "犯罪，苑 伟");
    text.source = crate::page::PageSource::TextLayer;
    let mut first_text = first.clone();
    first_text.source = crate::page::PageSource::TextLayer;
    assert!(
        !transcript_slots(&[&first_text, &text])
            .iter()
            .any(|s| s.page == 2 && s.label_bbox.y0 > 700.0)
    );
}

#[test]
fn a_label_inside_a_notice_item_is_prose_even_with_a_space_after_its_comma() {
    // 「应当告知犯罪嫌疑人， 犯罪嫌疑人可以」: the item's comma with a space after it made
    // 「犯罪嫌疑人，」 a label, and the rest of the item, read as the hand on a scan, signed it.
    let mut notice = page(
        10,
        &[
            "三、公安机关对用作证据的鉴定意见应当告知犯罪嫌疑人， 犯罪嫌疑人可以申请补充鉴定或",
            "者重新鉴定。",
            "本告知书已向我宣读。",
            "被告知人签名：",
            "2024年8月19日",
        ],
    );
    notice.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = notice_slots(&[&notice]);
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].label, "被告知人签名:");
    assert_eq!(slots[0].state, SlotState::Blank);
    // Starting a line, the comma is the label's colon as OCR read it.
    let mut notice = page(10, &["本告知书已向我宣读。", "犯罪嫌疑人， 李四"]);
    notice.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = notice_slots(&[&notice]);
    assert_eq!(slots[0].label, "犯罪嫌疑人,");
    assert_eq!(slots[0].state, SlotState::Signed);
}

#[test]
fn on_a_scan_a_slots_area_ends_at_another_label_on_its_row_on_a_line_of_its_own() {
    // 「记录：」 at the left and 「侦查员：」 in the middle, a third of a line higher, each a
    // line of its own to OCR (seed 2037 s019 p8): the investigators' two names after their
    // label, nearer the recorder's label's middle than their own, are theirs.
    let mut p = page(2, &["问：以上所说是否属实？", "答：属实。"]);
    p.lines.push(crate::page_testkit::line_at(72.0, 708.0, "记录："));
    p.lines
        .push(crate::page_testkit::line_at(290.0, 704.0, "侦查员："));
    let stroke = |x0: f32, y0: f32| crate::page::Stroke {
        bbox: Rect::new(x0, y0, x0 + 40.0, y0 + 22.0),
        freeform: true,
        segments: 60,
        color: [0.1, 0.1, 0.15],
    };
    p.strokes
        .extend([stroke(120.0, 705.0), stroke(345.0, 705.0), stroke(420.0, 705.0)]);
    p.source = crate::page::PageSource::Ocr { monochrome: false };
    let slots = transcript_slots(&[&p]);
    let names = |role| slots.iter().find(|s| s.role == role).map(|s| s.signatures);
    assert_eq!(names(SlotRole::Investigator), Some(2));
    assert_eq!(names(SlotRole::Recorder), Some(1));
}

#[test]
fn a_slots_area_ends_at_the_unit_label_with_its_last_character_lost() {
    // Seed 2061 s023 p17: 「记录人签名) 马 工作单 人全靖 全同和」, the unit's garbled print
    // after 工作单 read as the recorder's signature.
    for row in [
        "记录人（签名）：马飞斌 工作单位 同上",
        "记录人（签名）：马飞斌 工作单 同上",
    ] {
        let p = scanned_header(&[row]);
        let recorder = transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .unwrap();
        let unit = p.lines[2].span_bbox(12, 13).unwrap();
        assert!(recorder.area.x1 < unit.x1, "{row}: {recorder:?} {unit:?}");
    }
}

/// A hand OCR read as a line of its own: `text` from `x` on, one character every `pitch`
/// points (a little narrower), from `top` to `bottom`.
fn hand_read(x: f32, pitch: f32, (top, bottom): (f32, f32), text: &str) -> crate::page::Line {
    let glyphs = text
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            let x0 = x + pitch * i as f32;
            crate::page::Glyph {
                ch,
                bbox: Rect::new(x0, top, x0 + pitch - 1.0, bottom),
                conf: 0.5,
            }
        })
        .collect();
    crate::page::Line::from_glyphs(glyphs)
}

#[test]
fn on_a_scan_a_hand_hanging_below_its_header_row_is_judged_by_the_line_ocr_read_it_on() {
    // 「侦查员（签名）」 signed 「程峰吴东浩」 low in its row, the last characters dipping
    // towards 「记录人（签名）」 below, which nobody signed (seed 2044 s020 p6): those
    // characters, nearer the recorder's label than their own and wholly below their own
    // label's line, signed the recorder's slot.
    let slots = |on_a_line: bool| {
        let mut p = scanned_header(&["侦查员（签名）：张三、李四", "记录人（签名）：王五"]);
        // The typed row is 112–124 pt, the recorder's 132–144; the hand 119–136.
        let x = p.lines[2].bbox.x1 + 10.0;
        for (i, y0) in [119.0, 119.0, 121.0, 123.0].into_iter().enumerate() {
            let x0 = x + 16.0 * i as f32;
            p.strokes.push(ink(Rect::new(x0, y0, x0 + 14.0, y0 + 13.0)));
        }
        if on_a_line {
            // What OCR made of the hand: one line of its own, following it down.
            p.lines.insert(3, hand_read(x, 16.0, (119.0, 136.0), "程峰吴东"));
        }
        transcript_slots(&[&p])
    };
    let state = |slots: &[SignatureSlot], role| slots.iter().find(|s| s.role == role).map(|s| s.state);
    let read = slots(true);
    assert_eq!(
        state(&read, SlotRole::Investigator),
        Some(SlotState::Signed),
        "{read:?}"
    );
    assert_eq!(
        state(&read, SlotRole::Recorder),
        Some(SlotState::Blank),
        "{read:?}"
    );
    // Without the line each blob is judged by its own height, and the lowest goes below.
    let unread = slots(false);
    assert_eq!(
        state(&unread, SlotRole::Recorder),
        Some(SlotState::Signed),
        "{unread:?}"
    );
}

#[test]
fn in_a_scans_header_a_hand_above_a_label_nearer_the_row_above_is_that_rows() {
    // Seed 2061 s023 p17: 「询问民警（签名）」 read 「人」, the officers' hand low in their row
    // (read as a line of its own, 「慌俊裤万敏颖」) wholly above 「记录人（签名）」, which nobody
    // signed: the hand signed the recorder's slot.
    let recorder = |hand: (f32, f32)| {
        let mut p = scanned_header(&["人 钱俊宁、万敏颖 工作单位 某派出所", "记录人（签名）：马飞斌"]);
        // The officers' row is 112–124 pt, the recorder's 132–144. A hand's characters rise
        // and fall (no row of print).
        let x = p.lines[3].bbox.x1 + 10.0;
        let mut line = hand_read(x, 16.0, hand, "慌俊裤万");
        for (g, (up, down)) in line
            .glyphs
            .iter_mut()
            .zip([(0.0, 2.0), (3.0, 0.0), (1.0, 3.0), (4.0, 0.0)])
        {
            g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 + up, g.bbox.x1, g.bbox.y1 - down);
            p.strokes.push(ink(g.bbox));
        }
        p.lines.insert(3, line);
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .map(|s| s.state)
    };
    assert_eq!(recorder((120.0, 131.0)), Some(SlotState::Blank));
    // Level with the recorder's label, the hand is the recorder's.
    assert_eq!(recorder((131.0, 145.0)), Some(SlotState::Signed));
}

#[test]
fn in_a_scans_header_a_speck_above_a_label_whose_row_above_ocr_lost_is_no_signature() {
    // Seed 2064 s035 p7: 「询问人（签名）」 and its officers' large names not read at all; the
    // 4 × 9 pt foot of their 汪 stood wholly above 「记录人（签名）：」, which nobody signed.
    let recorder = |speck: (f32, f32, f32, f32)| {
        let mut p = scanned_header(&["询问人（签名）：汪帆", "记录人（签名）： 工作单位 同上"]);
        let lost = p.lines.iter().position(|l| l.text.starts_with("询问人")).unwrap();
        p.lines.remove(lost);
        let label = p
            .lines
            .iter()
            .find(|l| l.text.starts_with("记录人"))
            .unwrap()
            .bbox;
        let (dx, up, w, tall) = speck;
        let x = label.x0 + 110.0 + dx;
        p.strokes
            .push(ink(Rect::new(x, label.y0 - up - tall, x + w, label.y0 - up)));
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .map(|s| s.state)
    };
    assert_eq!(recorder((0.0, 2.0, 4.0, 9.0)), Some(SlotState::Blank));
    // A character's size above the line is a name floating over it: signed.
    assert_eq!(recorder((0.0, 1.0, 16.0, 16.0)), Some(SlotState::Signed));
}

#[test]
fn in_a_scans_header_glyphs_ocr_boxed_as_tall_as_their_line_are_not_off_the_print_band() {
    // 「记录人（签名）邓佳」 unsigned (seed 2047 s009 p15): tesseract gave 人, ） and the typed
    // 佳 the whole line's height (205–226 pt on a line whose print is 214–224), and 佳 passed
    // for a signature read off the band.
    let boxed_tall = |chars: &[char]| {
        scanned_header_slot(|p| {
            let row = &p.lines[2];
            let glyphs = row
                .glyphs
                .iter()
                .map(|g| {
                    let mut g = g.clone();
                    if chars.contains(&g.ch) {
                        g.bbox =
                            Rect::new(g.bbox.x0 + 3.0, g.bbox.y0 - 6.0, g.bbox.x1 - 3.0, g.bbox.y1 + 4.0);
                    }
                    g
                })
                .collect();
            p.lines[2] = crate::page::Line::from_glyphs(glyphs);
        })
    };
    assert_eq!(boxed_tall(&['员', '）', '四']).state, SlotState::Blank);
    // One character alone taller than the print, above and below it, is a hand read as text.
    assert_eq!(boxed_tall(&['四']).state, SlotState::Signed);
}

#[test]
fn on_a_scan_an_officers_label_read_inside_the_subjects_is_no_officers_slot() {
    // 「被询问人签名捺指印：」 at a page's foot, read a second time from its 询 on as a line of
    // its own (seed 2047 s011 p6): the investigators' slot it made took the subject's
    // signature, and the missing investigator was counted signed.
    let mut p = scanned_closing_block(&["被询问人签名捺指印："]);
    let label = p.lines[2].clone();
    p.lines.insert(
        3,
        line_at(label.bbox.x0 + 12.0, label.bbox.y0, "询问人签名 拉指印："),
    );
    p.strokes
        .extend(signature_strokes(after(&p, "被询问人签名捺指印：", 60.0)));
    let slots = transcript_slots(&[&p]);
    assert!(
        slots
            .iter()
            .any(|s| s.role == SlotRole::Subject && s.state == SlotState::Signed),
        "{slots:?}"
    );
    assert!(
        !slots.iter().any(|s| s.role == SlotRole::Investigator),
        "{slots:?}"
    );
    // An officer's own label on the same foot line, clear of the subject's, is a slot.
    let mut p = scanned_closing_block(&["被询问人签名捺指印：              询问人："]);
    p.strokes.extend(signature_strokes(after(&p, "询问人：", 60.0)));
    let slots = transcript_slots(&[&p]);
    assert!(
        slots.iter().any(|s| s.role == SlotRole::Investigator),
        "{slots:?}"
    );
}

#[test]
fn in_a_scans_header_a_hand_read_as_a_line_of_its_own_low_in_the_row_signs_the_slot() {
    // 「侦查员(签名) 冯建阳、程起娜」 signed small and low in the cell, read as a line of its
    // own, 「冯建丰程起娜」, level with the label's lower half (seed 2047 s009 p11): judged
    // by its own band, every character was typed, and one name was counted of two.
    let with_line = |text: &str| {
        scanned_header_slot(|p| {
            let x = p.lines[2].bbox.x1 + 10.0;
            p.lines.insert(3, hand_read(x, 12.0, (117.0, 128.0), text));
        })
    };
    let slot = with_line("王五赵六");
    assert_eq!(slot.state, SlotState::Signed, "{slot:?}");
    // A line holding a label of its own is a typed row, whatever its height.
    assert_eq!(with_line("王五工作单位").state, SlotState::Blank);
}

#[test]
fn a_label_wrapped_in_its_cell_with_its_bracket_misread_is_both_halves() {
    // 「记录员（签」 / 「名）」 with the bracket read as 〈 (seed 2047 s039 p11): the label was
    // only its first half, and the recorder's name, written level with the second, lay
    // wholly below it and signed nothing.
    let recorder = |first_half: &str| {
        let mut p = scanned_closing_block(&[first_half, ""]);
        p.lines.insert(3, line_at(84.0, 127.0, "名)"));
        p.strokes
            .extend(signature_strokes(Rect::new(150.0, 125.0, 210.0, 141.0)));
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .unwrap()
    };
    for first_half in ["记录员(签", "记录员〈签", "记录员《签"] {
        let slot = recorder(first_half);
        assert_eq!(slot.state, SlotState::Signed, "{first_half}: {slot:?}");
        assert!(slot.label_bbox.y1 >= 139.0, "{first_half}: {slot:?}");
    }
}

#[test]
fn a_recorders_label_with_a_character_read_into_it_is_the_recorders() {
    // 「记录和人:」 (seed 2060 s022 p13): unread, the investigators' area ran over the
    // recorder's row.
    let mut p = scanned_closing_block(&["侦查员:", "记录和人:"]);
    p.strokes
        .extend(signature_strokes(Rect::new(130.0, 111.0, 180.0, 126.0)));
    p.strokes
        .extend(signature_strokes(Rect::new(140.0, 131.0, 190.0, 146.0)));
    let slots = transcript_slots(&[&p]);
    let recorder = slots.iter().find(|s| s.role == SlotRole::Recorder);
    assert!(
        recorder.is_some_and(|s| s.state == SlotState::Signed && s.label_bbox.y0 > 130.0),
        "{slots:?}"
    );
    let officers = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    assert_eq!(officers.signatures, 1, "{slots:?}");
}

#[test]
fn on_a_scan_a_gap_between_read_characters_that_unread_ink_fills_parts_no_names() {
    // 「讯问人: 能 关」 (seed 2076 s016 p16): one officer's 熊秀英, its 秀 left unread between
    // the two characters OCR read, passed for two officers' names. Here 能 stands at x
    // 120–132 and 关 at 156–168, 24 pt apart (the text height is 12).
    let officers = |unread: Option<Rect>| {
        let mut p = scanned_closing_block(&["被讯问人：", "讯问人: 能    关", "记录人："]);
        p.strokes.extend(unread.map(ink));
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Investigator)
            .unwrap()
    };
    assert_eq!(
        officers(Some(Rect::new(134.0, 132.5, 154.0, 143.5))).signatures,
        1
    );
    // With the gap empty, or only partly filled, the two are names apart.
    assert_eq!(officers(None).signatures, 2);
    assert_eq!(
        officers(Some(Rect::new(134.0, 132.5, 140.0, 143.5))).signatures,
        2
    );
}

#[test]
fn officers_signing_level_with_their_labels_unread_second_half_sign_their_own_slot() {
    // 「询问民警(签」 in a table cell, its 「名)」 wrapped to a line OCR did not read, the two
    // officers' names written level with it, below the label's line (seed 2061 s023 p13):
    // they are the officers', not the recorder's a row lower.
    let slots = |label: &str| {
        let mut p = scanned_rows(
            2,
            &["问：以上所说是否属实？", "答：属实。"],
            &[label, "", "记录人(签名)"],
            "第2页 共2页",
        );
        p.strokes
            .extend(signature_strokes(Rect::new(150.0, 127.0, 186.0, 139.0)));
        p.strokes
            .extend(signature_strokes(Rect::new(194.0, 127.0, 230.0, 139.0)));
        p.strokes
            .extend(signature_strokes(Rect::new(150.0, 153.0, 186.0, 165.0)));
        transcript_slots(&[&p])
    };
    let got = slots("询问民警(签");
    let officers = got.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    let recorder = got.iter().find(|s| s.role == SlotRole::Recorder).unwrap();
    assert_eq!((officers.signatures, recorder.signatures), (2, 1), "{got:?}");
    // A label whole on its line: ink wholly below it is the next row's, as before.
    let got = slots("询问民警(签名)");
    let officers = got.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    assert_eq!(officers.signatures, 0, "{got:?}");
}

#[test]
fn on_a_scan_a_sliver_of_a_labels_print_is_no_signature_in_the_row_below() {
    // 「被询癌人:了 <-」 staggered right above 「询问民警: 魏素云」 (seed 2050 s024 p16): a sliver
    // that OCR's tight box left of the subject label's 询 lay in the officers' area and stood
    // for the second officer, who had not signed.
    let mut p = scanned_closing_block(&["            被询问人:了飞", "询问民警:", "记录人:"]);
    // The subject's hand, read on the label's row: taller than print and off its band, so the
    // row is no row of print that would explain the sliver away.
    let row = &p.lines[2];
    let mut glyphs = row.glyphs.clone();
    for g in glyphs.iter_mut().filter(|g| "了飞".contains(g.ch)) {
        g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 - 6.0, g.bbox.x0 + 20.0, g.bbox.y1 + 8.0);
    }
    p.lines[2] = crate::page::Line::from_glyphs(glyphs);
    let label = p.lines[2].glyphs.iter().find(|g| g.ch == '询').unwrap().bbox;
    p.strokes.push(ink(Rect::new(
        label.x0 + 2.0,
        label.y0 + 2.0,
        label.x0 + 5.0,
        label.y1 - 1.0,
    )));
    p.strokes
        .extend(signature_strokes(Rect::new(140.0, 128.0, 190.0, 146.0)));
    p.strokes
        .extend(signature_strokes(Rect::new(130.0, 150.0, 175.0, 166.0)));
    let slots = transcript_slots(&[&p]);
    let officers = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
    assert_eq!(officers.signatures, 1, "{slots:?}");
}

/// The investigators' slot of a scanned header row 「侦查员（签名）：张三 、李四」 whose typed
/// names stand apart, room to sign after each, with `extra` drawn on the page.
fn scanned_list_slot(row: &str, extra: impl FnOnce(&mut Page)) -> SignatureSlot {
    let mut p = scanned_header(&[row]);
    extra(&mut p);
    transcript_slots(&[&p])
        .into_iter()
        .find(|s| s.role == SlotRole::Investigator)
        .unwrap()
}

#[test]
fn on_a_scan_officers_signing_beside_their_typed_names_are_counted_by_name() {
    use crate::dossier::NamesSigned;
    let gap = " ".repeat(12);
    let row = format!("侦查员（签名）：张三{gap}、李四{gap}");
    // 张三 ends at x 192, 、 stands at 264–276, 李四 ends at 300; the row is y 112–124.
    let beside_zhang = Rect::new(196.0, 106.0, 256.0, 128.0);
    let beside_li = Rect::new(304.0, 106.0, 360.0, 128.0);
    let one = scanned_list_slot(&row, |p| p.strokes.extend(signature_strokes(beside_zhang)));
    assert_eq!(
        one.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{one:?}"
    );
    let both = scanned_list_slot(&row, |p| {
        p.strokes.extend(signature_strokes(beside_zhang));
        p.strokes.extend(signature_strokes(beside_li));
    });
    assert_eq!(
        both.per_name,
        Some(NamesSigned { listed: 2, signed: 2 }),
        "{both:?}"
    );
    // Both hands after the whole list (a table's cell signs so): nothing to count by name.
    let after_list = scanned_list_slot(&row, |p| {
        p.strokes
            .extend(signature_strokes(Rect::new(304.0, 106.0, 420.0, 128.0)));
    });
    assert_eq!(after_list.per_name, None, "{after_list:?}");
    // Nor where the first name's ink lies under the names' row (a tall cell signed low).
    let under = scanned_list_slot(&row, |p| {
        p.strokes
            .extend(signature_strokes(Rect::new(196.0, 122.0, 256.0, 140.0)));
    });
    assert_eq!(under.per_name, None, "{under:?}");
    // A separator read twice parts no name from another.
    let twice = format!("侦查员（签名）：张三{gap}、、李四{gap}");
    let one = scanned_list_slot(&twice, |p| p.strokes.extend(signature_strokes(beside_zhang)));
    assert_eq!(
        one.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{one:?}"
    );
    // A hand OCR read as marks before the separator (「夏志峰/心 2__“、」, seed 2047 s013
    // p11), its ink explained: nothing typed follows a name there, so it is the hand.
    let read = format!("侦查员（签名）：张三/2__“、李四{gap}");
    let both = scanned_list_slot(&read, |p| {
        p.strokes
            .extend(signature_strokes(Rect::new(244.0, 106.0, 300.0, 128.0)));
    });
    assert_eq!(
        both.per_name,
        Some(NamesSigned { listed: 2, signed: 2 }),
        "{both:?}"
    );
    // After the last name, up to the next field's label on the row, nothing is typed
    // either: a hand read there is the hand (「武阳 五和/工作单位」, seed 2063 s006 p8).
    let labelled = format!("侦查员（签名）：张三{gap}、李四   五和 工作单位：某派出所");
    let both = scanned_list_slot(&labelled, |p| p.strokes.extend(signature_strokes(beside_zhang)));
    assert_eq!(
        both.per_name,
        Some(NamesSigned { listed: 2, signed: 2 }),
        "{both:?}"
    );
    // What OCR read there reaching into the next label is that label's print (a 「“」 over
    // the left of 工, seed 2067 s026 p10: 秦帆晨 counted as signed).
    let into_label = format!("侦查员（签名）：张三{gap}、李四  “工作单位：某派出所");
    let one = scanned_list_slot(&into_label, |p| {
        p.strokes.extend(signature_strokes(beside_zhang));
        let line = p.lines.iter_mut().find(|l| l.text.contains('“')).unwrap();
        let at = line.glyphs.iter().position(|g| g.ch == '“').unwrap();
        let gong = line.glyphs[at + 1].bbox;
        let quote = &mut line.glyphs[at].bbox;
        *quote = Rect::new(gong.x0 - 12.0, gong.y0 - 2.0, gong.x0 + 3.0, gong.y1 + 2.0);
    });
    assert_eq!(
        one.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{one:?}"
    );
    // After the last name of a row that runs on to the page's edge, a character read twice
    // as wide as print is the hand (「钟 \4 人」, 人 48 pt wide, seed 2071 s038 p6); one read
    // the size of print there may be a garbled label's, and is not.
    let wide = |width: f32| {
        let row = format!("侦查员（签名）：张三{gap}、李四  人");
        scanned_list_slot(&row, |p| {
            p.strokes.extend(signature_strokes(beside_zhang));
            let line = p.lines.iter_mut().find(|l| l.text.ends_with('人')).unwrap();
            let g = &mut line.glyphs.last_mut().unwrap().bbox;
            *g = Rect::new(g.x0, g.y0, g.x0 + width, g.y1);
        })
    };
    assert_eq!(wide(40.0).per_name, Some(NamesSigned { listed: 2, signed: 2 }));
    assert_eq!(wide(12.0).per_name, Some(NamesSigned { listed: 2, signed: 1 }));
    // A row with no separator lists no names to count by.
    let plain = scanned_list_slot("侦查员（签名）：张三", |p| {
        p.strokes
            .extend(signature_strokes(Rect::new(196.0, 106.0, 256.0, 128.0)));
    });
    assert_eq!(plain.per_name, None, "{plain:?}");
}

#[test]
fn on_a_scan_the_name_set_close_after_a_separator_is_typed_though_boxed_off_the_band() {
    use crate::dossier::NamesSigned;
    let gap = " ".repeat(12);
    let beside_zhang = Rect::new(196.0, 106.0, 256.0, 128.0);
    // OCR boxes 李 3 pt low and 四 a few points tall, off the band as a hand's characters
    // are (「兵、马红华」, seed 2071 s012 p6): 李四, who did not sign, passed for signed.
    let off_band = |line: &mut crate::page::Line| {
        for g in line.glyphs.iter_mut() {
            match g.ch {
                '李' => g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 + 3.0, g.bbox.x1, g.bbox.y1 + 3.0),
                '四' => g.bbox = Rect::new(g.bbox.x0, g.bbox.y0 + 5.0, g.bbox.x1, g.bbox.y1 - 3.0),
                _ => {}
            }
        }
    };
    let row = format!("侦查员（签名）：张三{gap}、李四{gap}");
    let one = scanned_list_slot(&row, |p| {
        p.strokes.extend(signature_strokes(beside_zhang));
        off_band(p.lines.iter_mut().find(|l| l.text.contains('李')).unwrap());
    });
    assert_eq!(
        one.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{one:?}"
    );
    // The hand after it, read as text (「、钟刚庆 伦和六，」, seed 2071 s038 p8: 六 read two
    // characters wide), is still the hand: the name ends where its typed characters do, not
    // at the characters of the hand OCR put on the band.
    let row = format!("侦查员（签名）：张三{gap}、李四  王五");
    let both = scanned_list_slot(&row, |p| {
        p.strokes.extend(signature_strokes(beside_zhang));
        let line = p.lines.iter_mut().find(|l| l.text.contains('李')).unwrap();
        off_band(line);
        let wu = &mut line.glyphs.last_mut().unwrap().bbox;
        *wu = Rect::new(wu.x0, wu.y0, wu.x0 + 30.0, wu.y1);
    });
    assert_eq!(
        both.per_name,
        Some(NamesSigned { listed: 2, signed: 2 }),
        "{both:?}"
    );
}

/// The investigators' slot of a scanned header row `row` whose 李, 下 and 站 OCR boxed at
/// `boxes` from x `at`, with a `hand` drawn on it.
fn slot_boxed_from(row: &str, at: f32, boxes: [(f32, f32); 3], hand: Option<Rect>) -> SignatureSlot {
    scanned_list_slot(row, |p| {
        p.strokes.extend(hand.into_iter().flat_map(signature_strokes));
        let line = p.lines.iter_mut().find(|l| l.text.contains('李')).unwrap();
        let glyphs: Vec<crate::page::Glyph> = line
            .glyphs
            .iter()
            .map(|g| {
                let mut g = g.clone();
                if let Some(i) = "李下站".chars().position(|c| c == g.ch) {
                    let (x0, x1) = boxes[i];
                    g.bbox = Rect::new(at + x0, g.bbox.y0, at + x1, g.bbox.y1);
                }
                g
            })
            .collect();
        *line = crate::page::Line::from_glyphs(glyphs);
    })
}

#[test]
fn on_a_scan_a_typed_name_runs_no_further_than_a_names_characters() {
    use crate::dossier::NamesSigned;
    // 「、放下站-」 (seed 2075 s017 p13): the typed 崔军 read as one character 21 pt wide, the
    // scrawl after it, set close and on the band, read as 下 and 站; all taken for the typed
    // name, the second officer was said not to have signed. Here the same boxes after 、
    // (which ends at x 276; print is 12 pt): a name of four characters ends by 4.5 of them.
    let gap = " ".repeat(12);
    let row = format!("侦查员（签名）：张三{gap}、李下站");
    let scrawl = [(0.0, 21.0), (27.0, 42.0), (46.0, 71.0)];
    let beside_zhang = Some(Rect::new(196.0, 106.0, 256.0, 128.0));
    let scrawl_after = slot_boxed_from(&row, 276.0, scrawl, beside_zhang);
    assert_eq!(
        scrawl_after.per_name,
        Some(NamesSigned { listed: 2, signed: 2 }),
        "{scrawl_after:?}"
    );
    // Three typed characters set close, nothing after them: a name, not signed.
    let typed = slot_boxed_from(
        &row,
        276.0,
        [(0.0, 12.0), (12.0, 24.0), (24.0, 36.0)],
        beside_zhang,
    );
    assert_eq!(
        typed.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{typed:?}"
    );
    // The first name so boxed, right after the label (which ends at x 168), is signed the
    // same, by its officer's scrawl beside it; 张三 after it has no hand.
    let row = format!("侦查员（签名）：李下站{gap}、张三{gap}");
    let first = slot_boxed_from(&row, 170.0, scrawl, None);
    assert_eq!(
        first.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{first:?}"
    );
}

#[test]
fn on_a_scan_a_hand_read_as_its_typed_name_again_signs_that_name() {
    use crate::dossier::NamesSigned;
    // 「钟芳琳钟芳头、李四」 (seed 2047 s006 p17): the hand beside 钟芳琳 read on the print's
    // band as the name again, its ink explained. 「黎晨晨」 alone is one typed name.
    let slot = scanned_list_slot("侦查员（签名）：钟芳琳钟芳头、李四", |_| {});
    assert_eq!(
        slot.per_name,
        Some(NamesSigned { listed: 2, signed: 1 }),
        "{slot:?}"
    );
    let slot = scanned_list_slot("侦查员（签名）：黎晨晨、李四", |_| {});
    assert_eq!(slot.per_name, None, "{slot:?}");
}

#[test]
fn on_a_page_before_the_last_an_officers_label_at_the_foot_is_the_subjects_with_bei_lost() {
    // Seed 2046 s017 p9: 「被询问人：」 read 「询问人：」 at page 1's foot, the subject's
    // signature beside it; the page was flagged unsigned.
    let first = |foot: &str| {
        let mut p = scanned_rows(1, &["询问笔录", "问：你叫什么？", "答：王五。"], &[], "");
        p.lines.push(crate::page_testkit::line_at(72.0, 700.0, foot));
        p.lines
            .push(crate::page_testkit::line_at(250.0, 760.0, "第1页 共2页"));
        p.strokes
            .extend(signature_strokes(Rect::new(140.0, 694.0, 200.0, 716.0)));
        p
    };
    let last = scanned_rows(
        2,
        &["问：还有补充吗？", "答：没有。"],
        &["被询问人：", "询问人：", "记录人："],
        "第2页 共2页",
    );
    let p = first("询问人：");
    let slots = transcript_slots(&[&p, &last]);
    let on_first: Vec<(SlotRole, SlotState)> = slots
        .iter()
        .filter(|s| s.page == 1)
        .map(|s| (s.role, s.state))
        .collect();
    assert_eq!(on_first, [(SlotRole::Subject, SlotState::Signed)]);
    // On the last page the officers' labels are theirs.
    assert!(
        slots
            .iter()
            .any(|s| s.page == 2 && s.role == SlotRole::Investigator)
    );
}

#[test]
fn on_a_scan_a_refusal_read_to_its_first_character_is_a_refusal_and_its_unread_rest_no_hand() {
    // 「犯罪嫌疑人：拒绝签名」 read 「犯罪嫌疑人 ;拒」 (seed 2049 s028 p13): 绝签名 unread, its
    // ink after the line OCR boxed signed the slot, and the page was flagged as signed
    // without a fingerprint.
    let state = |row: &str| {
        let mut p = scanned_rows(
            2,
            &["问：以上所说是否属实？", "答：属实。"],
            &[row],
            "第2页 共2页",
        );
        let end = p.lines[2].bbox.x1;
        for i in 0..3 {
            let x = end + 2.0 + 12.0 * i as f32;
            p.strokes.push(ink(Rect::new(x, 112.0, x + 10.0, 124.0)));
        }
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Subject && !s.label.is_empty())
            .unwrap()
            .state
    };
    assert_eq!(state("犯罪嫌疑人 ;拒"), SlotState::RefusalNoted);
    // 签名 alone unread (seed 2056 s011 p8: 「犯罪嫌疑人: 拒绝」).
    assert_eq!(state("犯罪嫌疑人: 拒绝"), SlotState::RefusalNoted);
    // 签名 read as one other character (seed 2069 s018 p11: 「被讯问人签名 拒绝 站」).
    assert_eq!(state("被讯问人签名 拒绝 站"), SlotState::RefusalNoted);
    // A quote read off the underline before it (seed 2074 s021 p14).
    assert_eq!(state("犯罪嫌疑人:”拒绝"), SlotState::RefusalNoted);
    // A name read after the label is a signature.
    assert_eq!(state("犯罪嫌疑人 ;张"), SlotState::Signed);
}

#[test]
fn on_a_scan_a_hand_read_on_the_band_after_a_space_in_a_part_with_no_family_name_signs() {
    // 「记录员(签名):许晶慧名 人和 工作单位:同上」 (seed 2074 s002 p12): the recorder's hand,
    // as level as print, read as 人和 after a space; its ink taken for print, the recorder
    // was flagged unsigned.
    let recorder = |row: &str, hand: &str| {
        let mut p = scanned_header(&["侦查员（签名）：张三、李四", row]);
        let line = p.lines.iter().find(|l| l.text.contains("记录员")).unwrap();
        let over: Vec<Rect> = line
            .glyphs
            .iter()
            .filter(|g| hand.contains(g.ch))
            .map(|g| g.bbox)
            .collect();
        let bbox = over.into_iter().reduce(|a, b| a.union(&b)).unwrap();
        p.strokes.extend(signature_strokes(bbox));
        transcript_slots(&[&p])
            .into_iter()
            .find(|s| s.role == SlotRole::Recorder)
            .unwrap()
            .state
    };
    assert_eq!(
        recorder("记录员（签名）：许晶慧  人和  工作单位：同上", "人和"),
        SlotState::Signed
    );
    // A part opening with a family name may be a typed name; one character before the
    // space is a two-character name padded to three's width: the ink there is their print.
    assert_eq!(
        recorder("记录员（签名）：许晶慧  李和  工作单位：同上", "李和"),
        SlotState::Blank
    );
    assert_eq!(
        recorder("记录员（签名）：陈  明  工作单位：同上", "明"),
        SlotState::Blank
    );
}

#[test]
fn a_part_read_on_after_a_space_stops_at_the_next_label() {
    let read_on = |text: &str| {
        let line = crate::page_testkit::line_at(100.0, 100.0, text);
        let marked: String = line
            .glyphs
            .iter()
            .zip(super::marks::read_on_after_space(&line.glyphs, 0.0))
            .filter(|(_, m)| *m)
            .map(|(g, _)| g.ch)
            .collect();
        marked
    };
    assert_eq!(read_on("许晶慧名 人和"), "人和");
    assert_eq!(read_on("许晶慧 李和"), "");
    // 「段平”工作单位:同上」 (seed 2068 s013 p14): the unit's label after a quote is no hand.
    assert_eq!(read_on("段平”工作单位:同上"), "");
    // Each name of a list is its own: 、 starts the count again.
    assert_eq!(read_on("张三 又文、李四 人和"), "又文人和");
    assert_eq!(read_on("张三 又文、李 四"), "又文");
}

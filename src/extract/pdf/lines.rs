//! Glyphs → lines in reading order.
//!
//! Upright glyphs are grouped by baseline (tolerance relative to the font size), so a table
//! row 「时间 | 2024年…」 or a label and its value stay on one line; lines go top to bottom and
//! glyphs left to right, with one space glyph (its box is the gap) wherever the gap is wider
//! than half an em. Duplicated glyphs (fake bold drawn twice) are dropped, runs of whitespace
//! collapse to one, and whitespace at line ends goes. Rotated and vertical text is kept apart,
//! one line per text run, so it cannot corrupt the horizontal lines.

use crate::geom::Rect;
use crate::page::{Glyph, Line};

use super::content::RawGlyph;

/// Baselines closer than this share of the smaller em are one line.
const BASELINE_TOLERANCE: f32 = 0.4;
/// A gap wider than this share of an em becomes a space.
const SPACE_GAP: f32 = 0.5;

pub fn assemble(glyphs: Vec<RawGlyph>) -> Vec<Line> {
    let (mut upright, other): (Vec<RawGlyph>, Vec<RawGlyph>) = glyphs.into_iter().partition(|g| g.upright);
    let mut lines: Vec<(f32, Line)> = Vec::new();

    upright.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut cluster: Vec<RawGlyph> = Vec::new();
    let (mut anchor, mut anchor_size) = (0.0f32, 0.0f32);
    for g in upright {
        let tol = BASELINE_TOLERANCE * em(g.size).min(em(anchor_size));
        if !cluster.is_empty() && g.baseline - anchor > tol {
            push_line(&mut lines, std::mem::take(&mut cluster), true);
        }
        if cluster.is_empty() {
            (anchor, anchor_size) = (g.baseline, g.size);
        }
        cluster.push(g);
    }
    push_line(&mut lines, cluster, true);

    // Other directions: one line per run of consecutive glyphs that stay close together.
    let mut run: Vec<RawGlyph> = Vec::new();
    for g in other {
        let breaks = run.last().is_some_and(|p: &RawGlyph| {
            let dist = (p.bbox.center_x() - g.bbox.center_x()).hypot(p.bbox.center_y() - g.bbox.center_y());
            p.run != g.run && dist > 2.0 * em(g.size)
        });
        if breaks {
            push_line(&mut lines, std::mem::take(&mut run), false);
        }
        run.push(g);
    }
    push_line(&mut lines, run, false);

    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.bbox.x0.total_cmp(&b.1.bbox.x0)));
    lines.into_iter().map(|(_, l)| l).collect()
}

/// A usable em: font size 0 (seen in invisible OCR layers) would make every tolerance 0.
fn em(size: f32) -> f32 {
    size.max(1.0)
}

/// Builds a line from a cluster; `sort` orders upright glyphs left to right (other runs keep
/// drawing order). The sort key is the line's vertical centre.
fn push_line(lines: &mut Vec<(f32, Line)>, mut glyphs: Vec<RawGlyph>, sort: bool) {
    if sort {
        glyphs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    let mut last: Option<&RawGlyph> = None;
    for g in &glyphs {
        let last_is_space = out.last().is_some_and(|o| o.ch.is_whitespace());
        if g.ch.is_whitespace() {
            match out.last_mut() {
                Some(o) if last_is_space => o.bbox = o.bbox.union(&g.bbox),
                Some(_) => out.push(Glyph {
                    ch: g.ch,
                    bbox: g.bbox,
                    conf: 1.0,
                }),
                None => {}
            }
            continue;
        }
        if let Some(p) = last {
            let size = em(g.size.max(p.size));
            if sort
                && p.ch == g.ch
                && (g.bbox.x0 - p.bbox.x0).abs() < 0.3 * size
                && (g.baseline - p.baseline).abs() < 0.2 * size
            {
                continue; // drawn twice (fake bold or shadow)
            }
            let gap = g.bbox.x0 - p.bbox.x1;
            if sort && !last_is_space && gap > SPACE_GAP * size {
                let bbox = Rect::new(
                    p.bbox.x1,
                    p.bbox.y0.min(g.bbox.y0),
                    g.bbox.x0,
                    p.bbox.y1.max(g.bbox.y1),
                );
                out.push(Glyph {
                    ch: ' ',
                    bbox,
                    conf: 1.0,
                });
            }
        }
        out.push(Glyph {
            ch: g.ch,
            bbox: g.bbox,
            conf: 1.0,
        });
        last = Some(g);
    }
    while out.last().is_some_and(|g| g.ch.is_whitespace()) {
        out.pop();
    }
    if out.is_empty() {
        return;
    }
    let line = Line::from_glyphs(out);
    lines.push((line.bbox.center_y(), line));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, baseline: f32, size: f32) -> RawGlyph {
        RawGlyph {
            ch,
            bbox: Rect::new(x, baseline - 0.88 * size, x + size, baseline + 0.12 * size),
            size,
            baseline,
            upright: true,
            run: 0,
        }
    }

    #[test]
    fn a_table_row_with_a_wide_gap_becomes_one_line_with_a_single_space() {
        let glyphs = vec![
            g('间', 112.0, 100.0, 12.0),
            g('时', 100.0, 100.0, 12.0),
            g('2', 200.0, 101.5, 10.5),
            g('0', 205.0, 101.5, 10.5),
        ];
        let lines = assemble(glyphs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "时间 20");
        assert_eq!(lines[0].glyphs[2].bbox.x0, 124.0);
        assert_eq!(lines[0].glyphs[2].bbox.x1, 200.0);
        assert_eq!(lines[0].text.chars().count(), lines[0].glyphs.len());
    }

    #[test]
    fn lines_go_top_to_bottom_and_trailing_spaces_and_duplicates_are_dropped() {
        let glyphs = vec![
            g('下', 100.0, 130.0, 12.0),
            g('上', 100.0, 100.0, 12.0),
            g('上', 100.3, 100.0, 12.0),
            g(' ', 112.0, 100.0, 12.0),
            g(' ', 115.0, 100.0, 12.0),
        ];
        let texts: Vec<String> = assemble(glyphs).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, vec!["上", "下"]);
    }

    #[test]
    fn rotated_text_stays_out_of_horizontal_lines() {
        let mut stamp = g('章', 150.0, 100.0, 12.0);
        stamp.upright = false;
        stamp.run = 7;
        let lines = assemble(vec![g('名', 100.0, 100.0, 12.0), stamp]);
        assert_eq!(lines.len(), 2);
    }
}

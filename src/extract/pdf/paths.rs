//! Vector paths: collects the current path's subpaths in page space while a content stream
//! builds it, and turns each painted subpath into a `Stroke`.
//!
//! A subpath (not the whole path) becomes one `Stroke`: a table drawn as one path of many
//! `re` would otherwise be one box over the whole table and swallow every signature slot.

use crate::geom::Rect;
use crate::page::Stroke;

use super::matrix::Matrix;

/// tan(1°): segments flatter or steeper than this are horizontal or vertical.
const AXIS_TOLERANCE: f32 = 0.017_455;

#[derive(Debug, Clone)]
struct Subpath {
    start: (f32, f32),
    current: (f32, f32),
    min: (f32, f32),
    max: (f32, f32),
    segments: u32,
    freeform: bool,
}

impl Subpath {
    fn new(p: (f32, f32)) -> Subpath {
        Subpath {
            start: p,
            current: p,
            min: p,
            max: p,
            segments: 0,
            freeform: false,
        }
    }

    fn include(&mut self, p: (f32, f32)) {
        self.min = (self.min.0.min(p.0), self.min.1.min(p.1));
        self.max = (self.max.0.max(p.0), self.max.1.max(p.1));
    }

    fn line_to(&mut self, p: (f32, f32)) {
        let (dx, dy) = ((p.0 - self.current.0).abs(), (p.1 - self.current.1).abs());
        if dy > AXIS_TOLERANCE * dx && dx > AXIS_TOLERANCE * dy {
            self.freeform = true;
        }
        self.segments += 1;
        self.include(p);
        self.current = p;
    }
}

/// The path under construction, in page space (points are transformed when added, as the
/// CTM may not change inside a path).
#[derive(Debug, Default)]
pub struct PathBuilder {
    subpaths: Vec<Subpath>,
}

impl PathBuilder {
    pub fn move_to(&mut self, ctm: &Matrix, x: f32, y: f32) {
        self.subpaths.push(Subpath::new(ctm.apply(x, y)));
    }

    /// The open subpath; a segment without a preceding `m` starts at the origin of user space,
    /// which is wrong but harmless, rather than being dropped.
    fn open(&mut self, ctm: &Matrix) -> &mut Subpath {
        if self.subpaths.is_empty() {
            self.subpaths.push(Subpath::new(ctm.apply(0.0, 0.0)));
        }
        let last = self.subpaths.len() - 1;
        &mut self.subpaths[last]
    }

    pub fn line_to(&mut self, ctm: &Matrix, x: f32, y: f32) {
        let p = ctm.apply(x, y);
        self.open(ctm).line_to(p);
    }

    /// A Bézier curve through `points` (2 or 3 points; the last is the end point).
    pub fn curve_to(&mut self, ctm: &Matrix, points: &[(f32, f32)]) {
        let pts: Vec<(f32, f32)> = points.iter().map(|(x, y)| ctm.apply(*x, *y)).collect();
        let sub = self.open(ctm);
        for p in &pts {
            sub.include(*p);
        }
        if let Some(end) = pts.last() {
            sub.current = *end;
        }
        sub.segments += 1;
        sub.freeform = true;
    }

    pub fn close(&mut self) {
        if let Some(sub) = self.subpaths.last_mut() {
            if sub.current != sub.start {
                let start = sub.start;
                sub.line_to(start);
            }
            sub.current = sub.start;
        }
    }

    pub fn rect(&mut self, ctm: &Matrix, x: f32, y: f32, w: f32, h: f32) {
        self.move_to(ctm, x, y);
        for (px, py) in [(x + w, y), (x + w, y + h), (x, y + h), (x, y)] {
            self.line_to(ctm, px, py);
        }
    }

    /// Ends the path: painted subpaths with at least one segment become strokes. `inflate`
    /// grows stroked boxes by half the line width so hairlines have an area.
    pub fn paint(&mut self, color: [f32; 3], inflate: f32, out: &mut Vec<Stroke>, max: usize) {
        for sub in self.subpaths.drain(..) {
            if sub.segments == 0 || out.len() >= max {
                continue;
            }
            let bbox = Rect::new(sub.min.0, sub.min.1, sub.max.0, sub.max.1).inflate(inflate, inflate);
            if bbox.x0.is_finite() && bbox.y0.is_finite() && bbox.x1.is_finite() && bbox.y1.is_finite() {
                out.push(Stroke {
                    bbox,
                    freeform: sub.freeform,
                    segments: sub.segments,
                    color,
                });
            }
        }
    }

    pub fn clear(&mut self) {
        self.subpaths.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slanted_segments_and_curves_are_freeform_but_rectangles_are_not() {
        let ctm = Matrix::IDENTITY;
        let mut p = PathBuilder::default();
        let mut out = Vec::new();
        p.rect(&ctm, 10.0, 10.0, 100.0, 20.0);
        p.move_to(&ctm, 0.0, 0.0);
        p.line_to(&ctm, 100.0, 1.0); // 0.57°: still horizontal
        p.move_to(&ctm, 0.0, 0.0);
        p.line_to(&ctm, 10.0, 5.0);
        p.move_to(&ctm, 0.0, 0.0);
        p.curve_to(&ctm, &[(1.0, 1.0), (2.0, 2.0), (3.0, 0.0)]);
        p.paint([0.0; 3], 0.0, &mut out, 100);
        let flags: Vec<(bool, u32)> = out.iter().map(|s| (s.freeform, s.segments)).collect();
        assert_eq!(flags, vec![(false, 4), (false, 1), (true, 1), (true, 1)]);
        assert_eq!(out[0].bbox, Rect::new(10.0, 10.0, 110.0, 30.0));
    }
}

//! Page geometry: axis-aligned rectangles in page units with the origin at the top left.
//!
//! Every stage keeps boxes in the page's own units (PDF points for text-layer pages, pixels
//! for scans) so distances keep their aspect; the report converts to fractions of the page
//! (`Rect::to_fractions`) so one box works on the PDF and on its image.

use serde::{Deserialize, Serialize};

/// The median of some lengths (the upper one of an even count), if there are any: how a
/// line's or a page's typical size is read when OCR's boxes include outliers.
pub fn median(values: impl IntoIterator<Item = f32>) -> Option<f32> {
    let mut v: Vec<f32> = values.into_iter().collect();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Whether a scan's blob of unread ink is flat enough to be a piece of a ruled line rather
/// than writing: no taller than a fifth of the text height `h` and at least four times as wide
/// as it is tall. Scans break a table's or a slot's rule into such pieces where the threshold
/// steps, too short for OCR's rule finder.
pub fn flat_as_a_rule(r: &Rect, h: f32) -> bool {
    let (w, t) = (r.width(), r.height());
    t <= 0.2 * h && w >= 4.0 * t
}

/// `[x0, y0, x1, y1]` with `x0 <= x1`, `y0 <= y1`, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    pub fn intersection(&self, other: &Rect) -> Option<Rect> {
        let r = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    /// Share of `self`'s area that lies inside `other` (0 when `self` has no area).
    pub fn overlap_ratio(&self, other: &Rect) -> f32 {
        let a = self.area();
        if a <= 0.0 {
            return 0.0;
        }
        self.intersection(other).map_or(0.0, |i| i.area() / a)
    }

    /// Grow (or shrink, with negative values) on every side.
    pub fn inflate(&self, dx: f32, dy: f32) -> Rect {
        Rect::new(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)
    }

    /// `[x0, y0, x1, y1]` as fractions of the page, clamped to `[0, 1]`, rounded to 4 places.
    pub fn to_fractions(&self, page_width: f32, page_height: f32) -> [f32; 4] {
        let f = |v: f32, total: f32| {
            if total <= 0.0 {
                return 0.0;
            }
            ((v / total).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
        };
        [
            f(self.x0, page_width),
            f(self.y0, page_height),
            f(self.x1, page_width),
            f(self.y1, page_height),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_and_intersection_agree_on_overlapping_boxes() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(5.0, 5.0, 20.0, 20.0);
        assert_eq!(a.union(&b), Rect::new(0.0, 0.0, 20.0, 20.0));
        assert_eq!(a.intersection(&b), Some(Rect::new(5.0, 5.0, 10.0, 10.0)));
        assert!((a.overlap_ratio(&b) - 0.25).abs() < 1e-6);
        assert_eq!(a.intersection(&Rect::new(11.0, 0.0, 12.0, 1.0)), None);
    }

    #[test]
    fn fractions_are_clamped_to_the_page() {
        let r = Rect::new(-5.0, 10.0, 300.0, 842.0);
        assert_eq!(r.to_fractions(595.0, 842.0), [0.0, 0.0119, 0.5042, 1.0]);
    }
}

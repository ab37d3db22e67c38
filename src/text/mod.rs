//! Text helpers shared by structure and the checks: folding of characters that writers and
//! OCR render in several ways (full-width forms, Kangxi radicals, spaces inside labels), and
//! parsing of the dates and times written in dossiers.

pub mod datetime;
pub mod fold;
pub mod surname;

pub use fold::{Folded, fold_char, fold_line};

/// A CJK unified ideograph (the basic block, where every character of these forms lies).
pub fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

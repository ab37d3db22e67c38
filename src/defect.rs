//! The output of the checks: one `Defect` per procedural problem, pointing at a page and a
//! box, with its reason, legal basis and the deduction it costs in the 100-point score.

use serde::{Deserialize, Serialize};

/// Defect categories. Statistics, the API and outside scorers key on these ids: new ones may
/// be added, existing ones never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    MissingSignature,
    ImproperLocation,
    IncompleteRightsNotice,
    TimeConflict,
    ExcessiveDuration,
    InsufficientOfficers,
    MissingGuardian,
    InvalidIdentity,
    MissingPage,
    MissingField,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::MissingSignature,
        Category::ImproperLocation,
        Category::IncompleteRightsNotice,
        Category::TimeConflict,
        Category::ExcessiveDuration,
        Category::InsufficientOfficers,
        Category::MissingGuardian,
        Category::InvalidIdentity,
        Category::MissingPage,
        Category::MissingField,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::MissingSignature => "missing_signature",
            Category::ImproperLocation => "improper_location",
            Category::IncompleteRightsNotice => "incomplete_rights_notice",
            Category::TimeConflict => "time_conflict",
            Category::ExcessiveDuration => "excessive_duration",
            Category::InsufficientOfficers => "insufficient_officers",
            Category::MissingGuardian => "missing_guardian",
            Category::InvalidIdentity => "invalid_identity",
            Category::MissingPage => "missing_page",
            Category::MissingField => "missing_field",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// How serious a defect is for the reviewer: `major` can exclude evidence, `minor` needs a
/// correction or explanation, `warning` is worth a look but not a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Major,
    Minor,
    Warning,
}

/// One flagged defect, as it appears in the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Defect {
    pub category: Category,
    /// Stable rule id, e.g. `signature.interviewee_each_page`.
    pub rule: String,
    pub severity: Severity,
    /// 1-based page.
    pub page: usize,
    /// Index of the document in the report, when the defect belongs to one.
    pub document: Option<usize>,
    /// `[x0, y0, x1, y1]` as fractions of the page, origin top left.
    pub bbox: [f32; 4],
    pub message: String,
    pub evidence: String,
    pub basis: String,
    pub deduction: f32,
}

//! The rules file: which rules run, what they cost, and the unit's own facts (its registered
//! interrogation rooms). Built-in defaults apply to everything the file leaves out; an
//! unknown rule id or key is an error, so a typo cannot silently switch a rule off.
//!
//! ```toml
//! [rules."location.interrogation_room"]
//! deduction = 5.0
//!
//! [rules."signature.recorder"]
//! enabled = false
//!
//! [rules."timing.unit_overlap"]   # the service's check across the unit's dossiers
//! enabled = false
//!
//! [location]
//! interrogation_rooms = ["城东派出所第二审讯室"]
//!
//! [timing]
//! criminal_hours = 12
//! admin_hours = 8
//! consecutive_gap_hours = 12
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::defect::Severity;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub enabled: Option<bool>,
    pub deduction: Option<f32>,
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LocationConfig {
    /// Places the unit has registered as interrogation rooms, beyond the words the law uses
    /// (讯问室, 办案中心, …); a location containing one of them is allowed.
    pub interrogation_rooms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RightsConfig {
    /// From this date the notice must state the guilty-plea leniency item (认罪认罚从宽):
    /// the 2018 Criminal Procedure Law revision.
    pub leniency_required_from: NaiveDate,
}

impl Default for RightsConfig {
    fn default() -> Self {
        RightsConfig {
            leniency_required_from: NaiveDate::from_ymd_opt(2018, 10, 26).unwrap_or_default(),
        }
    }
}

/// Time limits of questioning under summons, in hours (CPL art 119; MPS-Admin art 69).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimingConfig {
    /// Criminal summons / 拘传: the ordinary limit.
    pub criminal_hours: u32,
    /// Criminal: the limit where the case is especially serious or complex, detention or
    /// arrest is needed and the head of the case department approved.
    pub criminal_extended_hours: u32,
    /// Administrative 询问查证: the ordinary limit.
    pub admin_hours: u32,
    /// Administrative: the limit where the case is complex and 行政拘留 may apply.
    pub admin_extended_hours: u32,
    /// R-TIME-3: a summons of the same person starting less than this many hours after the
    /// previous one ended, with no release recorded between them, is flagged as a possible
    /// detention by consecutive summonses. The police rules give no number; 12 h is the
    /// procuratorate's (高检规则 art 185), used as a warning threshold.
    pub consecutive_gap_hours: u32,
}

impl Default for TimingConfig {
    fn default() -> Self {
        TimingConfig {
            criminal_hours: 12,
            criminal_extended_hours: 24,
            admin_hours: 8,
            admin_extended_hours: 24,
            consecutive_gap_hours: 12,
        }
    }
}

/// Rule settings, from the TOML rules file over built-in defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleConfig {
    pub rules: BTreeMap<String, RuleSetting>,
    pub location: LocationConfig,
    pub rights: RightsConfig,
    pub timing: TimingConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleConfigError {
    #[error("cannot read the rules file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the rules file {path} is not valid: {message}")]
    Invalid { path: String, message: String },
}

impl RuleConfig {
    pub fn from_toml_str(text: &str, path: &str) -> Result<RuleConfig, RuleConfigError> {
        let config: RuleConfig = toml::from_str(text).map_err(|e| RuleConfigError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        for (id, setting) in &config.rules {
            if super::rule(id).is_none() {
                let known: Vec<&str> = super::RULES.iter().map(|r| r.id).collect();
                return Err(RuleConfigError::Invalid {
                    path: path.to_string(),
                    message: format!("unknown rule \"{id}\"; known rules: {}", known.join(", ")),
                });
            }
            if setting.deduction.is_some_and(|d| !(0.0..=100.0).contains(&d)) {
                return Err(RuleConfigError::Invalid {
                    path: path.to_string(),
                    message: format!("rule \"{id}\": deduction must be between 0 and 100"),
                });
            }
        }
        Ok(config)
    }

    pub fn load(path: &std::path::Path) -> Result<RuleConfig, RuleConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| RuleConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        RuleConfig::from_toml_str(&text, &path.display().to_string())
    }

    /// The file's setting for a rule (all `None` when the file says nothing).
    pub fn setting(&self, id: &str) -> RuleSetting {
        self.rules.get(id).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_limits_default_to_the_law_and_can_be_set() {
        let d = RuleConfig::default();
        assert_eq!(
            (d.timing.criminal_hours, d.timing.criminal_extended_hours),
            (12, 24)
        );
        assert_eq!((d.timing.admin_hours, d.timing.admin_extended_hours), (8, 24));
        assert_eq!(d.timing.consecutive_gap_hours, 12);
        let c = RuleConfig::from_toml_str("[timing]\nadmin_hours = 6\n", "t.toml").unwrap();
        assert_eq!(c.timing.admin_hours, 6);
        assert_eq!(c.timing.criminal_hours, 12);
        assert!(RuleConfig::from_toml_str("[timing]\nhours = 6\n", "t.toml").is_err());
    }

    #[test]
    fn the_unit_wide_overlap_rule_can_be_switched_off() {
        let c = RuleConfig::from_toml_str("[rules.\"timing.unit_overlap\"]\nenabled = false\n", "t.toml")
            .unwrap();
        assert_eq!(c.setting("timing.unit_overlap").enabled, Some(false));
    }
}

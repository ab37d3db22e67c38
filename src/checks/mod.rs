//! Checks: the registry of rules run over a structured dossier.

use serde::Deserialize;

use crate::defect::Defect;
use crate::dossier::Dossier;

/// Rule settings, from the TOML rules file over built-in defaults.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RuleConfig {}

#[derive(Debug, thiserror::Error)]
pub enum RuleConfigError {
    #[error("cannot read the rules file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the rules file {path} is not valid: {message}")]
    Invalid { path: String, message: String },
}

impl RuleConfig {
    pub fn from_toml_str(_text: &str, _path: &str) -> Result<RuleConfig, RuleConfigError> {
        Ok(RuleConfig::default())
    }

    pub fn load(path: &std::path::Path) -> Result<RuleConfig, RuleConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| RuleConfigError::Read { path: path.display().to_string(), source })?;
        RuleConfig::from_toml_str(&text, &path.display().to_string())
    }
}

pub fn run(_dossier: &Dossier, _config: &RuleConfig) -> Vec<Defect> {
    Vec::new()
}

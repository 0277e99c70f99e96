//! Settings a client sends in `initializationOptions` or `workspace/didChangeConfiguration`.
//! They apply on top of the project's `concord.toml`.

use std::collections::BTreeMap;

use concord_engine::{Policy, RuleSet, Severity};
use serde::Deserialize;
use serde_json::Value;

/// Client settings, all optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The packs that are on (all when omitted).
    pub packs: Option<Vec<String>>,
    /// Rule id → `off` or a severity.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Phrases never flagged.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Extra language ids to check, beyond plain text, Markdown and HTML.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Milliseconds to wait after a change before checking (default 1).
    pub debounce_ms: Option<u64>,
}

impl Settings {
    /// Reads settings from a client's JSON, accepting both `{ "concord": {…} }` and `{…}`.
    /// Settings that do not parse are reported and left at their defaults.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let value = value.get("concord").unwrap_or(value);
        if value.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(value.clone())
            .map_err(|err| format!("concord settings ignored: {err}"))
    }

    /// Applies the settings to a policy built from `concord.toml`.
    pub fn apply(&self, policy: &mut Policy, rules: &RuleSet) {
        if let Some(packs) = &self.packs {
            for rule in rules.rules().iter().filter(|r| !packs.contains(&r.pack)) {
                policy.set_severity(&rule.id, None);
            }
        }
        for (id, level) in &self.rules {
            match level.as_str() {
                "off" => policy.set_severity(id, None),
                other => {
                    if let Ok(severity) = other.parse::<Severity>() {
                        policy.set_severity(id, Some(severity));
                    }
                }
            }
        }
        policy.allow(&self.allow);
    }

    /// Whether documents of `language` are checked.
    pub fn checks(&self, language: &str) -> bool {
        matches!(language, "plaintext" | "text" | "markdown" | "html")
            || self.languages.iter().any(|l| l == language)
    }
}

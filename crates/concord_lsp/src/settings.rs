//! Settings a client sends in `initializationOptions` or `workspace/didChangeConfiguration`.
//! The checking settings (`packs`, `rules`, `allow`) become a configuration layer over each
//! project's `concord.toml`, validated as strictly as the file; the others are the editor's own.

use std::collections::BTreeMap;

use concord_config::Config;
use serde::Deserialize;
use serde_json::Value;

/// Client settings, all optional. Keys concord does not know (such as the VS Code extension's
/// `path`) are left to the client.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
    /// Reads settings from a client's JSON, accepting both `{ "concord": {…} }` and `{…}`, and
    /// returns them with their configuration layer. A mistake is an error in words.
    pub fn from_json(value: &Value) -> Result<(Settings, Config), String> {
        let value = value.get("concord").unwrap_or(value);
        let settings: Settings = if value.is_null() {
            Settings::default()
        } else {
            serde_json::from_value(value.clone())
                .map_err(|err| format!("concord settings: {err}"))?
        };
        let layer = Config::from_editor(settings.packs.clone(), &settings.rules, &settings.allow)
            .map_err(|err| format!("concord settings: {}", err.message))?;
        Ok((settings, layer))
    }

    /// Whether documents of `language` are checked.
    pub fn checks(&self, language: &str) -> bool {
        matches!(language, "plaintext" | "text" | "markdown" | "html")
            || self.languages.iter().any(|l| l == language)
    }
}

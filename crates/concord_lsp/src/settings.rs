//! Settings a client sends in `initializationOptions` or `workspace/didChangeConfiguration`.
//! The checking settings (`packs`, `rules`, `allow`) become a configuration layer over each
//! project's `concord.toml`, validated as strictly as the file; the others are the editor's own.

use std::collections::BTreeMap;

use concord_config::Config;
use serde::Deserialize;
use serde_json::Value;

/// Client settings, all optional. A key concord does not know is a mistake, as it is in
/// `concord.toml` (a misspelt `rules` must not silently check everything); the editors' own
/// keys that reach the server with them are accepted and left alone.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
    /// The VS Code extension's own setting (which `concord` it starts), sent along with the
    /// others; the server leaves it alone.
    #[serde(default, rename = "path")]
    pub client_path: Option<String>,
    /// VS Code's tracing setting for the server (`concord.trace.server`), likewise.
    #[serde(default)]
    pub trace: Option<Value>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_a_mistake_and_the_editors_own_keys_are_accepted() {
        let err =
            Settings::from_json(&serde_json::json!({ "concord": { "rule": {} } })).unwrap_err();
        assert!(err.contains("unknown field `rule`"), "{err}");
        let (settings, _) = Settings::from_json(&serde_json::json!({
            "concord": { "path": "/usr/local/bin/concord", "trace": { "server": "off" }, "allow": ["Daesh"] }
        }))
        .unwrap();
        assert_eq!(settings.allow, ["Daesh"]);
    }
}

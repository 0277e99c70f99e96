//! `concord.toml` exactly as written. Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    /// Another configuration this one builds on, relative to this file.
    pub extends: Option<Spanned<String>>,
    /// The packs that are on (all built-in and added packs when omitted).
    pub packs: Option<Spanned<Vec<Spanned<String>>>>,
    /// Folders or files of extra rule packs, relative to this file.
    #[serde(default)]
    pub pack_paths: Vec<Spanned<String>>,
    /// Only files matching one of these globs are checked.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Files matching one of these globs are not checked.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Rule id → `off` or a severity.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub allow: RawAllow,
    /// Settings for files matching some globs.
    #[serde(default)]
    pub overrides: Vec<RawOverride>,
}

/// The `[allow]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAllow {
    /// Phrases never flagged.
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
}

/// One `[[overrides]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverride {
    /// Globs, relative to the configuration file, of the files this applies to.
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub allow: RawAllow,
}

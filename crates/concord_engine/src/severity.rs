//! How serious a finding is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How serious a finding is, from `Hint` (a faint nudge) to `Error`.
///
/// The order is meaningful: `Hint < Info < Warning < Error`, so `--fail-on warning` can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A nudge, shown faintly in editors; never fails CI by default.
    Hint,
    /// Worth a look.
    Info,
    /// Should change before publishing.
    Warning,
    /// Must change before publishing.
    Error,
}

impl Severity {
    /// Every severity, from the least to the most serious.
    pub const ALL: [Severity; 4] = [
        Severity::Hint,
        Severity::Info,
        Severity::Warning,
        Severity::Error,
    ];

    /// The lowercase name used in rule files, configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity `{s}`: use error, warning, info or hint"))
    }
}

//! What identifies a finding across edits: its rule, its document, and the words around it,
//! not its line, so edits elsewhere in the document do not change it. Baselines record
//! fingerprints; SARIF gives them to code-scanning services as partial fingerprints.

use concord_pipeline::excerpt;
use serde::{Deserialize, Serialize};

use crate::report::{FileReport, Reported};

/// How many words either side of a finding identify it.
const WORDS: usize = 3;

/// What identifies a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// Rule id.
    pub rule: String,
    /// The document, as reported.
    pub path: String,
    /// The words around the finding, with the matched words in brackets.
    pub context: String,
}

impl Fingerprint {
    /// The fingerprint of `d`, found in `report`.
    pub fn of(report: &FileReport, d: &Reported) -> Self {
        Fingerprint {
            rule: d.rule.clone(),
            path: report.name().to_string(),
            context: excerpt::words_around(
                report.text(),
                report.unit(d),
                d.location.range(),
                &d.matched,
                WORDS,
            ),
        }
    }
}

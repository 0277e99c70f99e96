//! Checking one document snapshot: the same pipeline as `concord check`, with findings made
//! owned so they outlive the lock and the rule set borrow.

use std::ops::Range;
use std::path::Path;

use concord_config::{Project, UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE};
use concord_engine::Severity;
use concord_formats::Format;

use crate::settings::Settings;

/// A finding in a document, in source bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Linted {
    /// Source byte range.
    pub span: Range<usize>,
    /// Rule id.
    pub rule: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// One sentence: what and why.
    pub message: String,
    /// What to write instead.
    pub suggestions: Vec<String>,
    /// The replacement that is always right, if any.
    pub fix: Option<String>,
    /// The rule's rationale and source, for hovers.
    pub explanation: String,
}

/// The format a language id is read as.
pub fn format_of(language: &str) -> Format {
    match language {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        _ => Format::Text,
    }
}

/// Checks `text` (a document of `language` at `path`) under the project and client settings.
pub fn lint(
    project: &Project,
    settings: &Settings,
    path: &Path,
    language: &str,
    text: &str,
) -> Vec<Linted> {
    let document = concord_formats::read_text(format_of(language), text);
    let (found, unused) = project.check(&document, Some(text), path, |policy| {
        settings.apply(policy, &project.rules)
    });
    let mut linted: Vec<Linted> = found
        .into_iter()
        .map(|l| Linted {
            span: l.source.unwrap_or(l.finding.span),
            rule: l.finding.rule.id.clone(),
            severity: l.finding.severity,
            message: l.finding.message.to_string(),
            suggestions: l.finding.suggestions,
            fix: l.finding.fix,
            explanation: format!(
                "{}\n\n*Source: {}*",
                l.finding.rule.rationale.trim(),
                l.finding.rule.source
            ),
        })
        .collect();
    for directive in unused {
        linted.push(Linted {
            span: directive.source,
            rule: UNUSED_SUPPRESSION.into(),
            severity: Severity::Hint,
            message: UNUSED_SUPPRESSION_MESSAGE.into(),
            suggestions: Vec::new(),
            fix: None,
            explanation:
                "Suppressions that no longer match a finding hide nothing but confuse readers."
                    .into(),
        });
    }
    linted.sort_by_key(|l| l.span.start);
    linted
}

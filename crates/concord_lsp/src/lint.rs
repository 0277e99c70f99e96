//! Checking one document snapshot: the same pipeline as `concord check`, with findings made
//! owned so they outlive the lock and the rule set borrow.

use std::ops::Range;
use std::path::Path;

use concord_config::{Project, Suppressions};
use concord_engine::Severity;
use concord_formats::Format;

use crate::settings::Settings;

/// The rule id of the notice that a suppression comment suppresses nothing.
pub const UNUSED_SUPPRESSION: &str = "concord/unused-suppression";

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
    let mut policy = project.config.policy(path, &project.rules);
    settings.apply(&mut policy, &project.rules);
    let mut linted: Vec<Linted> = project
        .rules
        .check_with(&document.prose, &policy)
        .into_iter()
        .map(|f| Linted {
            span: document.source_span(f.span.clone()).unwrap_or(f.span),
            rule: f.rule.id.clone(),
            severity: f.severity,
            message: f.message.to_string(),
            suggestions: f.suggestions,
            fix: f.fix,
            explanation: format!("{}\n\n*Source: {}*", f.rule.rationale.trim(), f.rule.source),
        })
        .collect();
    let comments = document
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.source.clone()));
    let mut suppressions = Suppressions::parse(text, comments);
    linted.retain(|l| !suppressions.suppresses(&l.rule, l.span.start));
    for directive in suppressions.unused() {
        linted.push(Linted {
            span: directive.source.clone(),
            rule: UNUSED_SUPPRESSION.into(),
            severity: Severity::Hint,
            message: "This suppression comment does not suppress anything here; remove it.".into(),
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

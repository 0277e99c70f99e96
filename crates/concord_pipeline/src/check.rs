//! The pipeline itself: policy, engine, suppressions, then finished diagnostics.

use std::path::Path;

use concord_config::{Project, Suppressions, UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE};
use concord_engine::{Finding, Severity};
use concord_formats::Document;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Location};

/// Checks `document` (the file at `path`; `source` is its text for text formats) under the
/// project's policy (its configuration, with any editor settings layered on), applies the
/// suppression comments of text documents, and returns every diagnostic in document order.
/// Suppression comments that suppress nothing are diagnostics of [`UNUSED_SUPPRESSION`].
pub fn check(
    project: &Project,
    document: &Document,
    source: Option<&str>,
    path: &Path,
) -> Vec<Diagnostic> {
    let policy = project.config.policy(path, &project.rules);
    let findings = project
        .rules
        .check_blocks(&document.prose, document.blocks(), &policy);
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|finding| diagnostic(document, source.is_some(), finding))
        .collect();
    if let Some(text) = source {
        let comments = document
            .comments
            .iter()
            .map(|c| (c.text.as_str(), c.source.clone()));
        let mut suppressions = Suppressions::parse(text, comments);
        diagnostics.retain(|d| {
            let at = d.location.range().start;
            !suppressions.suppresses(&d.rule, d.concern.as_deref(), at)
        });
        diagnostics.extend(suppressions.unused().map(|directive| Diagnostic {
            rule: UNUSED_SUPPRESSION.to_string(),
            concern: None,
            severity: Severity::Hint,
            message: UNUSED_SUPPRESSION_MESSAGE.to_string(),
            matched: text[directive.source.clone()].to_string(),
            location: Location::Source(directive.source.clone()),
            suggestions: Vec::new(),
            fix: None,
            targets: Vec::new(),
        }));
    }
    diagnostics.sort_by_key(|d| d.location.range().start);
    diagnostics
}

/// The diagnostic of one engine finding, located in the source (text formats) or by block.
fn diagnostic(document: &Document, text_format: bool, finding: Finding<'_>) -> Diagnostic {
    let prose = finding.span.clone();
    let (location, targets) = match document.source_span(prose.clone()) {
        Some(source) if text_format => (
            Location::Source(source),
            document.source_ranges(prose.clone()).unwrap_or_default(),
        ),
        _ => {
            let block = document.block_at(prose.start);
            let location = Location::Block {
                locator: block.map_or_else(String::new, |(_, locator)| locator.to_string()),
                prose: prose.clone(),
                block: block.map_or(prose.clone(), |(b, _)| b.range.clone()),
            };
            (location, Vec::new())
        }
    };
    let applicability = if targets.is_empty() {
        Applicability::DisplayOnly
    } else {
        Applicability::Safe
    };
    Diagnostic {
        rule: finding.rule.id.clone(),
        concern: finding.concern.map(String::from),
        severity: finding.severity,
        message: finding.message.to_string(),
        matched: document.prose[prose].to_string(),
        location,
        suggestions: finding.suggestions,
        fix: finding.fix.map(|replacement| Fix {
            replacement,
            applicability,
        }),
        targets,
    }
}

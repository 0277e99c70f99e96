//! Checking one document snapshot with the shared pipeline (`concord_pipeline::check_source`),
//! the same as `concord check`, and turning its diagnostics into LSP diagnostics.

use std::path::Path;
use std::sync::Arc;

use concord_config::registry::Registry;
use concord_config::{Project, UNUSED_SUPPRESSION};
use concord_engine::Severity;
use concord_formats::Format;
use concord_pipeline::{Content, Diagnostic, MAX_FINDINGS, Origin, Source, check_source};
use tower_lsp_server::ls_types as lsp;

use crate::text::Positions;

/// The format a language id is read as.
pub fn format_of(language: &str) -> Format {
    match language {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        _ => Format::Text,
    }
}

/// The findings of one snapshot, with the project whose rules made them.
pub struct Findings {
    /// Diagnostics in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Places past the pipeline's budget ([`MAX_FINDINGS`]) with a rule's words: counted, not
    /// checked.
    pub unchecked: usize,
    /// The project the document belongs to (its rules describe the findings).
    pub project: Arc<Project>,
}

/// Checks `text` (a document of `language` at `path`) under the project's configuration, on
/// which the editor's settings are layered. A document the configuration excludes has none.
pub fn lint(project: Arc<Project>, path: &Path, language: &str, text: &str) -> Findings {
    if !project.config.accepts(path) {
        return Findings {
            diagnostics: Vec::new(),
            unchecked: 0,
            project,
        };
    }
    let origin = Origin::File(path.to_path_buf());
    let source = Source::new(origin, Content::Text(text), format_of(language));
    // Text that is already decoded always reads; an error here would be a bug in a format.
    let (diagnostics, unchecked) = check_source(&project, &source)
        .map_or_else(|_| (Vec::new(), 0), |c| (c.diagnostics, c.unchecked));
    Findings {
        diagnostics,
        unchecked,
        project,
    }
}

/// The LSP diagnostics published for `findings`: every one, up to [`MAX_FINDINGS`] (an editor
/// cannot show tens of thousands usefully, and each costs the server a kilobyte or so while it
/// is sent); past that, one more diagnostic, after the last, says how many were left out and
/// how to see them all.
pub fn published(findings: &Findings, positions: &Positions<'_>) -> Vec<lsp::Diagnostic> {
    let all = &findings.diagnostics;
    let mut published: Vec<lsp::Diagnostic> = all
        .iter()
        .take(MAX_FINDINGS)
        .map(|d| to_lsp(d, &findings.project.registry, positions))
        .collect();
    let unchecked = findings.unchecked + all.len().saturating_sub(MAX_FINDINGS);
    if unchecked > 0 {
        let shown = published.len();
        let at = published
            .last()
            .map_or_else(|| lsp::Position::new(0, 0), |last| last.range.end);
        published.push(lsp::Diagnostic {
            range: lsp::Range::new(at, at),
            severity: Some(lsp::DiagnosticSeverity::INFORMATION),
            source: Some("concord".into()),
            message: format!(
                "concord stopped after {shown} problems in this document, more than an editor can show; {unchecked} more places with words the rules look for were not checked. Run `concord check --max-findings 0` on it to see them all."
            ),
            ..lsp::Diagnostic::default()
        });
    }
    published
}

/// The LSP diagnostic for `d`: the message with what to write instead, the rule's page when it
/// has one, and unused suppressions marked as unnecessary (shown faded).
pub fn to_lsp(d: &Diagnostic, registry: &Registry, positions: &Positions<'_>) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    };
    let docs = registry
        .get(&d.rule)
        .and_then(|(_, rule)| rule.docs.as_deref()?.parse::<lsp::Uri>().ok());
    lsp::Diagnostic {
        range: positions.range(d.location.range()),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.rule.clone())),
        code_description: docs.map(|href| lsp::CodeDescription { href }),
        source: Some("concord".into()),
        message: d.message_with_advice(),
        tags: (d.rule == UNUSED_SUPPRESSION).then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        ..lsp::Diagnostic::default()
    }
}

//! Checking one document snapshot with the shared pipeline (`concord_pipeline::check`), the
//! same as `concord check`, and turning its diagnostics into LSP diagnostics.

use std::path::Path;

use concord_config::{Project, UNUSED_SUPPRESSION};
use concord_engine::Severity;
use concord_formats::Format;
use concord_pipeline::Diagnostic;
use concord_pipeline::registry::Registry;
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

/// The findings of one snapshot, with the rules that made them.
#[derive(Default)]
pub struct Findings {
    /// Diagnostics in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// The rules of the project the document belongs to.
    pub registry: Registry,
}

/// Checks `text` (a document of `language` at `path`) under the project's configuration, on
/// which the editor's settings are layered. A document the configuration excludes has none.
pub fn lint(project: &Project, path: &Path, language: &str, text: &str) -> Findings {
    if !project.config.accepts(path) {
        return Findings::default();
    }
    let document = concord_formats::read_text(format_of(language), text);
    Findings {
        diagnostics: concord_pipeline::check(project, &document, Some(text), path),
        registry: Registry::new([&project.rules]),
    }
}

/// The most diagnostics published for one document. An editor cannot show tens of thousands
/// usefully, and each costs the server a kilobyte or so while it is sent; past this, one more
/// diagnostic says how many were left out and how to see them all.
pub const MAX_PUBLISHED: usize = 10_000;

/// The LSP diagnostics published for `findings`: every one, up to [`MAX_PUBLISHED`].
pub fn published(findings: &Findings, positions: &Positions<'_>) -> Vec<lsp::Diagnostic> {
    let all = &findings.diagnostics;
    let mut published: Vec<lsp::Diagnostic> = all
        .iter()
        .take(MAX_PUBLISHED)
        .map(|d| to_lsp(d, &findings.registry, positions))
        .collect();
    if let Some(first_left_out) = all.get(MAX_PUBLISHED) {
        let at = positions.position(first_left_out.location.range().start);
        published.push(lsp::Diagnostic {
            range: lsp::Range::new(at, at),
            severity: Some(lsp::DiagnosticSeverity::INFORMATION),
            source: Some("concord".into()),
            message: format!(
                "concord found {} more problems in this document than an editor can show; run `concord check` on it to see them all.",
                all.len() - MAX_PUBLISHED
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

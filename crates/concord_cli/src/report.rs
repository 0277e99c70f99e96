//! Findings of one file, with positions and source lines worked out, ready for any renderer.

use std::ops::Range;

use concord_engine::{Finding, LineIndex, Position, Severity};

/// Everything reported about one checked file.
#[derive(Debug)]
pub struct FileReport {
    /// The file as named on the command line or found in a folder.
    pub path: String,
    /// Findings in text order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One finding, located for humans and machines.
#[derive(Debug)]
pub struct Diagnostic {
    /// Rule id, for example `cohesion/daesh-naming`.
    pub rule: String,
    /// Severity of the finding.
    pub severity: Severity,
    /// One sentence: what was found and why it matters.
    pub message: String,
    /// The exact words found, as they are in the file.
    pub matched: String,
    /// Where the words start.
    pub start: Position,
    /// Where the words end (exclusive).
    pub end: Position,
    /// What to write instead.
    pub suggestions: Vec<String>,
    /// The replacement that `--fix` would apply, when one is always right.
    pub fix: Option<String>,
    /// The whole source lines holding the words, for showing them in context.
    pub lines: String,
    /// The span of the words within `lines`.
    pub span_in_lines: Range<usize>,
}

impl FileReport {
    /// Locates each finding of `source`.
    pub fn new(path: String, source: &str, findings: Vec<Finding<'_>>) -> Self {
        let index = LineIndex::new(source);
        let diagnostics = findings
            .into_iter()
            .map(|finding| {
                let start = index.position(source, finding.span.start);
                let end = index.position(source, finding.span.end);
                let first = index.line_range(source, start.line - 1).start;
                let last = index
                    .line_range(
                        source,
                        index.line_of(finding.span.end.max(finding.span.start + 1) - 1),
                    )
                    .end;
                Diagnostic {
                    rule: finding.rule.id.clone(),
                    severity: finding.severity,
                    message: finding.message.to_string(),
                    matched: source[finding.span.clone()].to_string(),
                    start,
                    end,
                    suggestions: finding.suggestions,
                    fix: finding.fix,
                    lines: source[first..last].to_string(),
                    span_in_lines: finding.span.start - first..finding.span.end - first,
                }
            })
            .collect();
        FileReport { path, diagnostics }
    }
}

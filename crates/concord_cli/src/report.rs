//! Findings of one file, with positions and source lines worked out, ready for any renderer.

use std::ops::Range;

use concord_engine::{Finding, LineIndex, Position, Severity};
use concord_formats::{Document, Format};

/// Everything reported about one checked file.
#[derive(Debug)]
pub struct FileReport {
    /// The file as named on the command line or found in a folder.
    pub path: String,
    /// The format it was read as.
    pub format: Format,
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
    /// The exact words found, as a reader sees them (markup and entities resolved).
    pub matched: String,
    /// Where the words start: in the source file for text formats, in the extracted text for
    /// office files and PDF.
    pub start: Position,
    /// Where the words end (exclusive).
    pub end: Position,
    /// Where a reader finds the words: `line 3`, or `paragraph 12`, `footnote 4`, `page 2`.
    pub locator: String,
    /// Whether `start` and `end` are in the source file (text formats) or extracted text.
    pub in_source: bool,
    /// What to write instead.
    pub suggestions: Vec<String>,
    /// The replacement that `--fix` would apply, when one is always right.
    pub fix: Option<String>,
    /// The text around the words: whole source lines, or the whole paragraph of an office file.
    pub context: String,
    /// The span of the words within `context`.
    pub span_in_context: Range<usize>,
    /// The line number `context` starts at, for showing source lines.
    pub context_line: usize,
}

impl FileReport {
    /// Locates each finding of `document`. `source` is the file's text for text formats.
    pub fn new(
        path: String,
        document: &Document,
        source: Option<&str>,
        findings: Vec<Finding<'_>>,
    ) -> Self {
        let prose = document.prose.as_str();
        let text = source.unwrap_or(prose);
        let index = LineIndex::new(text);
        let diagnostics = findings
            .into_iter()
            .map(|finding| {
                let span = match source {
                    Some(_) => document
                        .source_span(finding.span.clone())
                        .unwrap_or(finding.span.clone()),
                    None => finding.span.clone(),
                };
                let start = index.position(text, span.start);
                let end = index.position(text, span.end);
                let block = document.block_at(finding.span.start);
                let (context, locator) = match (source, block) {
                    (None, Some(block)) => (block.prose.clone(), block.locator.clone()),
                    _ => {
                        let first = index.line_range(text, start.line - 1).start;
                        let last = index
                            .line_range(text, index.line_of(span.end.max(span.start + 1) - 1))
                            .end;
                        (first..last, format!("line {}", start.line))
                    }
                };
                let context_line = if source.is_some() { start.line } else { 1 };
                Diagnostic {
                    rule: finding.rule.id.clone(),
                    severity: finding.severity,
                    message: finding.message.to_string(),
                    matched: prose[finding.span.clone()].to_string(),
                    start,
                    end,
                    locator,
                    in_source: source.is_some(),
                    suggestions: finding.suggestions,
                    fix: finding.fix,
                    context: text[context.clone()].to_string(),
                    span_in_context: span.start - context.start..span.end - context.start,
                    context_line,
                }
            })
            .collect();
        FileReport {
            path,
            format: document.format,
            diagnostics,
        }
    }
}

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

/// Locates spans of one document for reports: source lines for text formats, the paragraph and
/// its locator for office files and PDF.
pub struct Locate<'a> {
    document: &'a Document,
    source: Option<&'a str>,
    index: LineIndex,
}

impl<'a> Locate<'a> {
    /// `source` is the file's text for text formats, `None` for office files and PDF.
    pub fn new(document: &'a Document, source: Option<&'a str>) -> Self {
        let index = LineIndex::new(source.unwrap_or(&document.prose));
        Locate {
            document,
            source,
            index,
        }
    }

    /// The text positions are counted in: the source, or the extracted prose.
    fn text(&self) -> &'a str {
        self.source.unwrap_or(&self.document.prose)
    }

    /// A diagnostic for an engine finding.
    pub fn finding(&self, finding: Finding<'_>) -> Diagnostic {
        let span = match self.source {
            Some(_) => self
                .document
                .source_span(finding.span.clone())
                .unwrap_or(finding.span.clone()),
            None => finding.span.clone(),
        };
        let block = self
            .document
            .block_at(finding.span.start)
            .filter(|_| self.source.is_none());
        Diagnostic {
            rule: finding.rule.id.clone(),
            severity: finding.severity,
            message: finding.message.to_string(),
            matched: self.document.prose[finding.span.clone()].to_string(),
            suggestions: finding.suggestions,
            fix: finding.fix,
            ..self.at(span, block.map(|b| (b.prose.clone(), b.locator.clone())))
        }
    }

    /// A diagnostic of concord's own at source bytes `span` of a text format.
    pub fn notice(
        &self,
        span: Range<usize>,
        rule: &str,
        severity: Severity,
        message: &str,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            message: message.to_string(),
            matched: self.text()[span.clone()].to_string(),
            ..self.at(span, None)
        }
    }

    /// Positions and context of `span`; `block` gives the paragraph and locator of office files.
    fn at(&self, span: Range<usize>, block: Option<(Range<usize>, String)>) -> Diagnostic {
        let text = self.text();
        let start = self.index.position(text, span.start);
        let end = self.index.position(text, span.end);
        let (context, locator, context_line) = match block {
            Some((prose, locator)) => (prose, locator, 1),
            None => {
                let first = self.index.line_range(text, start.line - 1).start;
                let last_line = self.index.line_of(span.end.max(span.start + 1) - 1);
                let last = self.index.line_range(text, last_line).end;
                (first..last, format!("line {}", start.line), start.line)
            }
        };
        Diagnostic {
            rule: String::new(),
            severity: Severity::Hint,
            message: String::new(),
            matched: String::new(),
            start,
            end,
            locator,
            in_source: self.source.is_some(),
            suggestions: Vec::new(),
            fix: None,
            context: text[context.clone()].to_string(),
            span_in_context: span.start - context.start..span.end - context.start,
            context_line,
        }
    }
}

impl Diagnostic {
    /// Start and end as (line, column) with columns counted in UTF-8 bytes from 1, as reviewdog
    /// wants. Only meaningful for text formats, whose context starts at the start of a line.
    pub fn byte_columns(&self) -> ((usize, usize), (usize, usize)) {
        let column_at =
            |offset: usize| offset - self.context[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        let start = (self.start.line, column_at(self.span_in_context.start));
        let end = (self.end.line, column_at(self.span_in_context.end));
        (start, end)
    }
}

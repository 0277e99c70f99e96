//! The diagnostics of one file with their positions worked out, ready for any renderer. The
//! diagnostics themselves come finished from `concord_pipeline`; this only adds lines and
//! columns, and cuts the context a renderer shows from the file's text when asked.

use std::ops::{Deref, Range};

use concord_engine::{Cursor, LineIndex, Position, Unit};
use concord_formats::{Format, Stored, StoredOffsets};
use concord_pipeline::excerpt::{self, Excerpt};
use concord_pipeline::reading_age::Paragraph;
use concord_pipeline::{Checked, Diagnostic, Location, Origin, ReadingAge};

/// The code formats that list entries by code give a document's reading age (rdjson,
/// Checkstyle): it is a measure of the whole file, not a rule's finding.
pub const READING_AGE: &str = "concord/reading-age";

/// Everything reported about one checked document.
#[derive(Debug)]
pub struct FileReport {
    /// Where the document came from.
    pub origin: Origin,
    /// How reports name it ([`Origin::name`]).
    name: String,
    /// The format it was read as.
    pub format: Format,
    /// The text positions count in: the source of a text document, the prose of the others.
    text: String,
    /// An HTML page's words as its reader sees them (see [`FileReport::reading`]).
    prose: Option<String>,
    /// How the file is stored (its encoding and byte-order mark), for offsets in its own bytes
    /// and for writing fixes back.
    pub stored: Stored,
    lines: LineIndex,
    /// Diagnostics in document order.
    pub diagnostics: Vec<Reported>,
    /// Places past the check's budget with a rule's words: counted, not checked.
    pub unchecked: usize,
    /// Its reading age, when a pack that is on asks for it.
    pub reading_age: Option<ReadingAge>,
}

/// A diagnostic with its start and end as lines and columns.
#[derive(Debug)]
pub struct Reported {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// Where the words start: in the source file for text formats, in the extracted text for
    /// office files and PDF.
    pub start: Position,
    /// Where the words end (exclusive).
    pub end: Position,
}

impl Reported {
    /// The message with what to write instead, and where it is in an office file or PDF, for
    /// formats that show one line of text.
    pub fn one_line_message(&self) -> String {
        let message = self.message_with_advice();
        match &self.location {
            Location::Block { locator, .. } => format!("{message} ({locator})"),
            Location::Source(_) => message,
        }
    }
}

impl Deref for Reported {
    type Target = Diagnostic;

    fn deref(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

impl FileReport {
    /// The report of the document from `origin`, as checked.
    pub fn new(origin: Origin, checked: Checked) -> Self {
        let Checked {
            format,
            text,
            prose,
            stored,
            diagnostics,
            unchecked,
            reading_age,
            ..
        } = checked;
        let mut cursor = Cursor::new(&text, Unit::Chars);
        let diagnostics: Vec<Reported> = diagnostics
            .into_iter()
            .map(|diagnostic| {
                let range = diagnostic.location.range();
                let start = cursor.position(range.start);
                let end = cursor.position(range.end);
                Reported {
                    diagnostic,
                    start,
                    end,
                }
            })
            .collect();
        let lines = cursor.into_index();
        FileReport {
            name: origin.name(),
            origin,
            format,
            text,
            prose,
            stored,
            lines,
            diagnostics,
            unchecked,
            reading_age,
        }
    }

    /// One sentence or two on the document's reading age, for formats that show a line of text:
    /// "reading age about 14 (…); public pages should aim for 9. Hardest paragraphs: line 12
    /// (about 17), line 3 (about 15)."
    pub fn reading_age_note(&self) -> Option<String> {
        let reading = self.reading_age.as_ref()?;
        let mut note = format!("{}.", reading.summary());
        let hardest: Vec<String> = reading
            .paragraphs
            .iter()
            .map(|p| format!("{} (about {})", self.place(&p.location), p.age.round()))
            .collect();
        if !hardest.is_empty() {
            note.push_str(&format!(" Hardest paragraphs: {}.", hardest.join(", ")));
        }
        Some(note)
    }

    /// Where one of the hardest paragraphs of its reading age starts.
    pub fn paragraph_start(&self, paragraph: &Paragraph) -> Position {
        self.lines
            .position(&self.text, paragraph.location.range().start)
    }

    /// How reports name the document: the path as given, the URL, the uploaded file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What to tell the reader when the budget stopped the check of the document called
    /// `called` (its name, or "this document"): how many places were left unchecked.
    pub fn unchecked_note(&self, called: &str) -> Option<String> {
        let (places, were) = match self.unchecked {
            0 => return None,
            1 => ("place", "was"),
            _ => ("places", "were"),
        };
        Some(format!(
            "concord stopped checking {called} after {} problems; {} more {places} with words the rules look for {were} not checked.",
            self.diagnostics.len(),
            self.unchecked
        ))
    }

    /// The text positions count in: the source of a text document, the prose of the others.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The document as its reader sees it, for views meant for people rather than for finding
    /// a line in a file: an HTML page's visible words (not its markup), else [`FileReport::text`].
    pub fn reading(&self) -> &str {
        self.prose.as_deref().unwrap_or(&self.text)
    }

    /// Where `d`'s words are in [`FileReport::reading`]; `None` for a diagnostic about the file
    /// itself in an HTML page (an unused suppression comment).
    pub fn reading_range(&self, d: &Reported) -> Option<Range<usize>> {
        match (&self.prose, &d.in_prose) {
            (Some(_), Some(place)) => Some(place.words.clone()),
            (Some(_), None) => None,
            (None, _) => Some(d.location.range()),
        }
    }

    /// The text around `d` as its reader sees it ([`FileReport::reading`]): for an HTML page,
    /// its block of visible words; else [`FileReport::excerpt`].
    pub fn reading_excerpt(&self, d: &Reported) -> Excerpt<'_> {
        match (&self.prose, &d.in_prose) {
            (Some(prose), Some(place)) => {
                excerpt::excerpt(prose, place.block.clone(), place.words.clone())
            }
            _ => self.excerpt(d),
        }
    }

    /// Byte offsets in the file as stored, for offsets in the decoded text taken in order.
    pub fn stored_offsets(&self) -> StoredOffsets<'_> {
        StoredOffsets::new(&self.text, self.stored)
    }

    /// Where a reader finds `d`: `line 3`, or `paragraph 12`, `footnote 4`, `page 2`.
    pub fn locator(&self, d: &Reported) -> String {
        match &d.location {
            Location::Source(_) => format!("line {}", d.start.line),
            Location::Block { locator, .. } => locator.clone(),
        }
    }

    /// Where `location` is, as a person finds it: `line 12` in a text document, the block's
    /// locator (`paragraph 12`) in the others.
    pub fn place(&self, location: &Location) -> String {
        match location {
            Location::Source(range) => {
                format!("line {}", self.lines.position(&self.text, range.start).line)
            }
            Location::Block { locator, .. } => locator.clone(),
        }
    }

    /// The whole lines (text formats) or paragraph (the others) holding `d`.
    pub(crate) fn unit(&self, d: &Reported) -> Range<usize> {
        match &d.location {
            Location::Source(_) => {
                let first = self.lines.line_range(&self.text, d.start.line - 1);
                let last = self.lines.line_range(&self.text, d.end.line - 1);
                first.start..last.end.max(d.end.offset)
            }
            Location::Block { block, .. } => block.clone(),
        }
    }

    /// The text around `d` a renderer shows: its lines or paragraph, cut to a window.
    pub fn excerpt(&self, d: &Reported) -> Excerpt<'_> {
        excerpt::excerpt(&self.text, self.unit(d), d.location.range())
    }

    /// The start and end positions of source bytes `range` within or just after `d`'s words
    /// (a fix's edits), counted from `d`'s start so a long line is not counted again.
    pub fn region(&self, d: &Reported, range: Range<usize>) -> (Position, Position) {
        let at = |offset: usize| match self.text.get(d.start.offset..offset) {
            Some(between) if !between.contains('\n') => Position {
                line: d.start.line,
                column: d.start.column + between.chars().count(),
                offset,
            },
            _ => self.lines.position(&self.text, offset),
        };
        (at(range.start), at(range.end))
    }

    /// Start and end as (line, column) with columns counted in UTF-8 bytes from 1, as reviewdog
    /// wants.
    pub fn byte_columns(&self, d: &Reported) -> ((usize, usize), (usize, usize)) {
        let column =
            |p: Position| p.offset - self.lines.line_range(&self.text, p.line - 1).start + 1;
        ((d.start.line, column(d.start)), (d.end.line, column(d.end)))
    }
}

//! Review copies: findings written into a copy of a Word or OpenDocument file as comments,
//! each anchored on exactly the words it is about, the way an editor marks up a draft.
//!
//! Only the parts that must change are rewritten (the main text, the comments and, for a Word
//! file that had no comments, the relationships and content types); every other part of the
//! package is copied byte for byte. Comments concord wrote before are recognised as its own:
//! readers skip them, and a new review copy replaces them instead of adding duplicates.
//! Findings where a comment cannot be attached (headers, footers, notes, text boxes, other
//! comments) are listed in one comment at the start of the document.

pub(crate) mod docx;
pub(crate) mod odt;

use std::ops::Range;

use crate::{Document, Format, FormatError};

/// One comment to write: the words it is about and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The words, as bytes of [`Document::prose`].
    pub prose: Range<usize>,
    /// Where a reader finds the words (`paragraph 12`, `footer 1`).
    pub locator: String,
    /// The words themselves, for the list of findings that cannot be anchored.
    pub matched: String,
    /// The comment's paragraphs.
    pub paragraphs: Vec<String>,
}

/// Who the comments are from, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    /// The author name shown on each comment.
    pub author: String,
    /// When the comments were written, RFC 3339 in UTC (`2026-11-26T09:30:00Z`).
    pub date: String,
}

/// A review copy, and how its comments were placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The bytes of the reviewed file.
    pub bytes: Vec<u8>,
    /// Notes anchored on their own words.
    pub anchored: usize,
    /// Notes listed in the comment at the start, where no comment can be attached.
    pub gathered: usize,
}

impl Reviewed {
    /// How many comments the copy holds: one per anchored note, and the list at the start.
    pub fn comments(&self) -> usize {
        self.anchored + usize::from(self.gathered > 0)
    }
}

/// Writes `notes` as comments into a copy of the Word or OpenDocument file `bytes`, which was
/// read as `document`. Other formats cannot hold comments.
pub fn write(
    format: Format,
    bytes: &[u8],
    document: &Document,
    notes: &[Note],
    reviewer: &Reviewer,
) -> Result<Reviewed, FormatError> {
    let (mut anchored, mut gathered) = (Vec::new(), Vec::new());
    for note in notes {
        match document.anchor(note.prose.clone()) {
            Some(range) => anchored.push((note, range)),
            None => gathered.push(note),
        }
    }
    let plan = Plan {
        anchored: &anchored,
        gathered: &gathered,
        reviewer,
    };
    match format {
        Format::Docx => docx::write(bytes, &plan),
        Format::Odt => odt::write(bytes, &plan),
        other => Err(FormatError::NoComments {
            format: other.name(),
        }),
    }
}

/// What to write into a document: notes with the bytes of the main part they are anchored
/// on, and the notes no comment can be attached to. A writer that cannot place an anchored note
/// after all lists it with the others, in the comment at the start ([`summary`]).
pub(crate) struct Plan<'a> {
    pub anchored: &'a [(&'a Note, Range<usize>)],
    pub gathered: &'a [&'a Note],
    pub reviewer: &'a Reviewer,
}

/// The paragraphs of the comment that lists findings no comment can be attached to.
pub(crate) fn summary(notes: &[&Note]) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "concord also found {} in places a comment cannot be attached to (headers, footers, notes, text boxes or other comments):",
        if notes.len() == 1 {
            "this".to_string()
        } else {
            format!("these {}", notes.len())
        }
    )];
    for note in notes {
        let words = note
            .matched
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        paragraphs.push(format!("{}: “{words}”", capitalise(&note.locator)));
        paragraphs.extend(note.paragraphs.iter().cloned());
    }
    paragraphs
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Edits to an XML part: insertions at points and replacements of ranges, applied in one pass.
#[derive(Debug, Default)]
pub(crate) struct Splice {
    edits: Vec<(Range<usize>, String)>,
}

impl Splice {
    /// Inserts `text` at byte `at`; insertions at the same point keep the order they were made.
    pub fn insert(&mut self, at: usize, text: String) {
        self.edits.push((at..at, text));
    }

    /// Replaces the bytes `range` with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: String) {
        self.edits.push((range, text));
    }

    /// `xml` with the edits made. An insertion at the point where a replacement starts goes
    /// before it. Edits that overlap one made before are dropped, so the result is always the
    /// original with whole ranges replaced.
    pub fn apply(mut self, xml: &str) -> String {
        self.edits
            .sort_by_key(|(range, _)| (range.start, !range.is_empty()));
        let mut out = String::with_capacity(xml.len() + self.edits.len() * 256);
        let mut copied = 0;
        for (range, text) in self.edits {
            if range.start < copied || range.end > xml.len() {
                continue;
            }
            out.push_str(&xml[copied..range.start]);
            out.push_str(&text);
            copied = range.end;
        }
        out.push_str(&xml[copied..]);
        out
    }
}

/// `text` as XML character data: markup characters escaped, and characters XML cannot hold
/// (control characters) left out.
pub(crate) fn xml_text(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(allowed.as_str()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_inserts_in_order_and_skips_overlaps() {
        let mut splice = Splice::default();
        splice.insert(3, "<a/>".into());
        splice.replace(0..2, "xy".into());
        splice.replace(3..4, "D".into());
        splice.insert(3, "<b/>".into());
        splice.replace(1..4, "never".into());
        assert_eq!(splice.apply("abcdef"), "xyc<a/><b/>Def");
    }

    #[test]
    fn xml_text_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_text("a < b & \"c\"\u{1}"),
            "a &lt; b &amp; &quot;c&quot;"
        );
    }
}

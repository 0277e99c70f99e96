//! What a review copy holds: the notes to write as comments, who writes them, and the plan a
//! writer follows (notes anchored on words, and those gathered into the first comment).

use std::ops::Range;

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

//! A document's reading age, where a pack that is on asks for it (`reading_age = true`, as the
//! `plain` pack does): the engine measures the prose (`concord_engine::readability`), and the
//! hardest paragraphs are located as diagnostics are, so every report can point at them.

use concord_engine::readability;
use concord_formats::Document;

use crate::diagnostic::Location;

pub use concord_engine::readability::{FORMULA, TARGET_AGE};

/// How many of the hardest paragraphs a report lists.
pub const HARDEST: usize = 5;

/// A document's reading age.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingAge {
    /// The reading age, in years ([`FORMULA`]).
    pub age: f64,
    /// Words counted.
    pub words: usize,
    /// Sentences counted.
    pub sentences: usize,
    /// The hardest paragraphs above [`TARGET_AGE`], hardest first, at most [`HARDEST`].
    pub paragraphs: Vec<Paragraph>,
}

/// One of a document's hardest paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Where it is, as a diagnostic is located.
    pub location: Location,
    /// Its own reading age, in years.
    pub age: f64,
    /// Its first words as a reader sees them (at most [`OPENING_WORDS`], then "…").
    pub opening: String,
}

impl Paragraph {
    /// Its reading age to a tenth of a year.
    pub fn tenths(&self) -> f64 {
        tenths(self.age)
    }
}

/// `years` to one decimal place.
fn tenths(years: f64) -> f64 {
    (years * 10.0).round() / 10.0
}

/// How many words of a hard paragraph a report quotes.
pub const OPENING_WORDS: usize = 20;

/// The first [`OPENING_WORDS`] words of `text`, with "…" when there are more.
fn opening(text: &str) -> String {
    let mut words = text.split_whitespace();
    let first: Vec<&str> = words.by_ref().take(OPENING_WORDS).collect();
    let more = words.next().is_some();
    format!("{}{}", first.join(" "), if more { "…" } else { "" })
}

impl ReadingAge {
    /// The reading age to a tenth of a year, as machine-readable reports give it.
    pub fn tenths(&self) -> f64 {
        tenths(self.age)
    }

    /// The reading age in whole years, as reports show it.
    pub fn years(&self) -> u32 {
        self.age.round() as u32
    }

    /// One sentence for a report's summary: "reading age about 14 (Flesch–Kincaid grade level
    /// plus 5 years); public pages should aim for 9".
    pub fn summary(&self) -> String {
        format!(
            "reading age about {} ({FORMULA}); public pages should aim for {}",
            self.years(),
            TARGET_AGE
        )
    }
}

/// Measures `document` (a text format's positions count in its source).
pub(crate) fn measure(document: &Document, text_format: bool) -> Option<ReadingAge> {
    let measured = readability::measure(&document.prose, document.blocks())?;
    let paragraphs = measured
        .paragraphs
        .iter()
        .filter(|(_, age)| *age > TARGET_AGE)
        .take(HARDEST)
        .map(|(range, age)| Paragraph {
            location: Location::in_document(document, text_format, range.clone()),
            age: *age,
            opening: opening(&document.prose[range.clone()]),
        })
        .collect();
    Some(ReadingAge {
        age: measured.age(),
        words: measured.words,
        sentences: measured.sentences,
        paragraphs,
    })
}

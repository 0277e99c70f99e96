//! The text a renderer shows around a diagnostic, cut from the document when rendered and
//! bounded however long the line or paragraph is, so no diagnostic carries a copy of its line
//! and nothing per diagnostic grows with the length of its line.

use std::ops::Range;

/// The most bytes of context shown on each side of the words.
pub const REACH: usize = 160;

/// The most bytes searched on each side of the words for the words that identify them.
const WORDS_REACH: usize = 256;

/// A window of a document's text around some words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt<'t> {
    /// The text shown.
    pub text: &'t str,
    /// Where `text` starts in the document.
    pub start: usize,
    /// The words, within `text`.
    pub span: Range<usize>,
    /// Whether text before the window was left out.
    pub cut_before: bool,
    /// Whether text after the window was left out.
    pub cut_after: bool,
}

/// The part of `unit` (the lines, or the paragraph, holding `span`) within [`REACH`] bytes of
/// `span`, on character boundaries.
pub fn excerpt<'t>(text: &'t str, unit: Range<usize>, span: Range<usize>) -> Excerpt<'t> {
    let start = floor_char(text, span.start.saturating_sub(REACH).max(unit.start));
    let end = ceil_char(text, (span.end + REACH).min(unit.end));
    Excerpt {
        text: &text[start..end],
        start,
        span: span.start - start..span.end - start,
        cut_before: start > unit.start,
        cut_after: end < unit.end,
    }
}

/// Up to `n` words either side of `span` within `unit`, with `matched` (the words as a reader
/// sees them) in brackets: `people who joined [ISIS] can call`. Baselines recognise a finding
/// by it.
pub fn words_around(
    text: &str,
    unit: Range<usize>,
    span: Range<usize>,
    matched: &str,
    n: usize,
) -> String {
    let from = floor_char(text, span.start.saturating_sub(WORDS_REACH).max(unit.start));
    let to = ceil_char(text, (span.end + WORDS_REACH).min(unit.end));
    let before: Vec<&str> = text[from..span.start]
        .split_whitespace()
        .rev()
        .take(n)
        .collect();
    let after: Vec<&str> = text[span.end..to].split_whitespace().take(n).collect();
    let matched: Vec<&str> = matched.split_whitespace().collect();
    let before: Vec<&str> = before.into_iter().rev().collect();
    format!(
        "{} [{}] {}",
        before.join(" "),
        matched.join(" "),
        after.join(" ")
    )
    .trim()
    .to_string()
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_to_a_window_on_character_boundaries() {
        let text = format!("{}ISIS{}", "é".repeat(500), "ü".repeat(500));
        let at = text.find("ISIS").unwrap();
        let e = excerpt(&text, 0..text.len(), at..at + 4);
        assert!(e.cut_before && e.cut_after);
        assert!(e.text.len() <= 2 * REACH + 6, "{}", e.text.len());
        assert_eq!(&e.text[e.span.clone()], "ISIS");
        let short = "Join ISIS now";
        let e = excerpt(short, 0..short.len(), 5..9);
        assert_eq!((e.text, e.cut_before, e.cut_after), (short, false, false));
    }

    #[test]
    fn words_around_stay_in_their_unit() {
        let text = "first line\npeople who joined ISIS can call us today";
        let at = text.find("ISIS").unwrap();
        assert_eq!(
            words_around(text, 11..text.len(), at..at + 4, "ISIS", 3),
            "people who joined [ISIS] can call us"
        );
        assert_eq!(
            words_around(text, at..at + 4, at..at + 4, "ISIS", 3),
            "[ISIS]"
        );
    }
}

//! Word boundaries: where words start and end, for terms, patterns and allowed phrases alike.

use std::ops::Range;

/// Whether `span` starts and ends on word boundaries.
pub(crate) fn is_whole_words(text: &str, span: &Range<usize>) -> bool {
    starts_word(text, span.start) && ends_word(text, span.end)
}

/// Letters and digits of any script make words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `start` is where a word starts (no word character before it).
pub(crate) fn starts_word(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// Whether `end` is where a word ends (no word character after it).
pub(crate) fn ends_word(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// Where the word running on from `from` ends.
pub(crate) fn word_end(text: &str, from: usize) -> usize {
    from + text[from..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len() - from, |(i, _)| i)
}

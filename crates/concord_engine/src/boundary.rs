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

/// Whether `start` is where a word starts: no word character before it, or a word glued on.
pub(crate) fn starts_word(text: &str, start: usize) -> bool {
    text[..start].chars().next_back().is_none_or(|c| {
        !is_word_char(c)
            || text[start..]
                .chars()
                .next()
                .is_some_and(|next| glued(c, next))
    })
}

/// Whether `end` is where a word ends: no word character after it, or a word glued on.
pub(crate) fn ends_word(text: &str, end: usize) -> bool {
    let Some(next) = text[end..].chars().next() else {
        return true;
    };
    !is_word_char(next)
        || text[..end]
            .chars()
            .next_back()
            .is_some_and(|c| glued(c, next))
}

/// Where the word running on from `from` ends (before a word glued on).
pub(crate) fn word_end(text: &str, from: usize) -> usize {
    let mut prev = text[..from].chars().next_back();
    for (i, c) in text[from..].char_indices() {
        if !is_word_char(c) || prev.is_some_and(|p| glued(p, c)) {
            return from + i;
        }
        prev = Some(c);
    }
    text.len()
}

/// Whether `next` starts a word glued to one ending in `prev`, as text taken from web pages and
/// PDFs glues a footnote number or the next block's first word to the last word of a line:
/// "extremism5", "radicalisation12", "a hotbed of radicalisationBy Amira Khan". A lowercase
/// letter followed by a digit or a capital is such a join; words written that way on purpose
/// ("iPhone", "McDonald") hold no term that ends there.
fn glued(prev: char, next: char) -> bool {
    prev.is_lowercase() && (next.is_ascii_digit() || next.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footnote_number_or_a_capital_glued_to_a_word_ends_it() {
        let text = "extremism5 radicalisationBy radicalisation radicals2024 iPhone ISIS2 words";
        let end_of = |word: &str| text.find(word).unwrap() + word.len();
        assert!(ends_word(text, end_of("extremism")));
        assert!(ends_word(text, end_of("radicalisationB") - 1));
        assert!(!ends_word(text, end_of("radical")));
        assert_eq!(
            word_end(text, text.find("radicals").unwrap()),
            end_of("radicals")
        );
        assert_eq!(word_end(text, 0), end_of("extremism"));
        // A capital glued to a capital is one word in capitals.
        assert!(!ends_word(text, end_of("IS")));
        assert!(starts_word(text, text.find("By").unwrap()));
        assert!(!starts_word(text, text.find("adicals").unwrap()));
    }
}

//! Long sentences: the one kind of matcher that measures rather than matches
//! (`sentences_longer_than = 25`). Sentences come from Unicode's rules (UAX #29), one block at
//! a time, and words are Unicode words, so "don't" and "2026" are one word each and
//! punctuation is none.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Each sentence of the normalised `text` (blocks are its lines) with more than `limit` words,
/// its range (without the spaces after it) and its count of words. A line with no more spaces
/// than `limit` cannot hold one, so most lines are passed over without being split.
pub(crate) fn longer_than(
    text: &str,
    limit: usize,
) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(move |line| {
            let at = start;
            start += line.len();
            (at, line)
        })
        .filter(move |(_, line)| memchr::memchr_iter(b' ', line.as_bytes()).count() >= limit)
        .flat_map(move |(at, line)| {
            line.split_sentence_bound_indices()
                .filter_map(move |(offset, sentence)| {
                    let words = sentence.unicode_words().count();
                    // A list marker or quotation mark before the first word is not the sentence's.
                    let trimmed = sentence
                        .trim_start_matches(|c: char| c.is_whitespace() || "-*+•>|#".contains(c));
                    let start = at + offset + sentence.len() - trimmed.len();
                    let trimmed = trimmed.trim_end();
                    (words > limit).then(|| (start..start + trimmed.len(), words))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sentences_over_the_limit_are_measured_out() {
        let long = "One two three four five six, seven eight nine ten.";
        let text = format!("Short one here. {long} Next.\nA second line.\n");
        let found: Vec<(&str, usize)> = longer_than(&text, 5)
            .map(|(span, words)| (&text[span], words))
            .collect();
        assert_eq!(found, [(long, 10)]);
        assert_eq!(longer_than(&text, 10).count(), 0);
    }
}

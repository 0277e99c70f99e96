//! How hard a document is to read: its reading age by the Flesch–Kincaid grade level, the
//! formula the GOV.UK readability guidance and most style checkers use, plus five years (a US
//! school grade is a UK reading age less five). Sentences come from Unicode's rules (UAX #29),
//! words are Unicode words with a letter, and syllables are counted by the usual rule of
//! thumb: groups of vowels, less a silent final "e".

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::block::{Block, BlockKind};

/// The formula's name, for reports.
pub const FORMULA: &str = "Flesch–Kincaid grade level plus 5 years";

/// The reading age GOV.UK asks public pages to be written for.
pub const TARGET_AGE: f64 = 9.0;

/// The fewest words a paragraph needs for a reading age of its own: fewer say little.
const PARAGRAPH_WORDS: usize = 12;

/// A document's reading age, and its hardest paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    /// Words counted.
    pub words: usize,
    /// Sentences counted.
    pub sentences: usize,
    /// Syllables counted.
    pub syllables: usize,
    /// Paragraphs (of [`PARAGRAPH_WORDS`] words or more) with their reading age, hardest first.
    pub paragraphs: Vec<(Range<usize>, f64)>,
}

impl Readability {
    /// The reading age, in years.
    pub fn age(&self) -> f64 {
        age(self.words, self.sentences, self.syllables)
    }
}

/// The Flesch–Kincaid grade level of these counts, plus five.
fn age(words: usize, sentences: usize, syllables: usize) -> f64 {
    let (w, s, y) = (words as f64, sentences.max(1) as f64, syllables as f64);
    let grade = 0.39 * (w / s) + 11.8 * (y / w.max(1.0)) - 15.59;
    grade.max(0.0) + 5.0
}

/// Measures the prose of a document divided into `blocks` (headings and titles are not
/// sentences, so they are left out); `None` when it has no words.
pub fn measure(prose: &str, blocks: &[Block]) -> Option<Readability> {
    let mut total = Readability {
        words: 0,
        sentences: 0,
        syllables: 0,
        paragraphs: Vec::new(),
    };
    for block in blocks {
        if matches!(block.kind, BlockKind::Heading | BlockKind::Title) {
            continue;
        }
        let Some(text) = prose.get(block.range.clone()) else {
            continue;
        };
        let (mut words, mut sentences, mut syllables) = (0, 0, 0);
        for sentence in text.unicode_sentences() {
            let before = words;
            for word in sentence
                .unicode_words()
                .filter(|w| w.chars().any(char::is_alphabetic))
            {
                words += 1;
                syllables += syllables_in(word);
            }
            sentences += usize::from(words > before);
        }
        if words >= PARAGRAPH_WORDS {
            total
                .paragraphs
                .push((block.range.clone(), age(words, sentences, syllables)));
        }
        total.words += words;
        total.sentences += sentences;
        total.syllables += syllables;
    }
    total
        .paragraphs
        .sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
    (total.words > 0).then_some(total)
}

/// The syllables of `word`, by rule of thumb: each run of vowels (with "y") is one, a final
/// "e" after a consonant is silent (but not in "-le": "table"), and every word has one.
fn syllables_in(word: &str) -> usize {
    let lower = word.to_lowercase();
    let letters: Vec<char> = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous = false;
    for &c in &letters {
        let is = vowel(c);
        if is && !previous {
            count += 1;
        }
        previous = is;
    }
    if let [.., before, consonant, 'e'] = letters[..] {
        let le_after_consonant = consonant == 'l' && !vowel(before);
        if !vowel(consonant) && !le_after_consonant {
            count -= 1;
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_by_the_rule_of_thumb() {
        let counted: Vec<usize> = [
            "cat",
            "table",
            "make",
            "council",
            "community",
            "the",
            "radicalisation",
            "I'm",
        ]
        .into_iter()
        .map(syllables_in)
        .collect();
        assert_eq!(counted, [1, 2, 1, 2, 4, 1, 6, 1]);
    }

    #[test]
    fn short_plain_sentences_read_younger_than_long_formal_ones() {
        let plain = "The bins go out on Monday. Put the lid down. We take the rest away.";
        let formal = "Notwithstanding the aforementioned considerations, residents are \
                      encouraged to familiarise themselves with the comprehensive \
                      documentation concerning municipal waste management responsibilities.";
        let text = format!("{plain}\n{formal}\n# A heading is not counted at all\n");
        let blocks = [
            Block::paragraph(0..plain.len()),
            Block::paragraph(plain.len() + 1..plain.len() + 1 + formal.len()),
            Block {
                kind: BlockKind::Heading,
                ..Block::paragraph(plain.len() + 2 + formal.len()..text.len() - 1)
            },
        ];
        let measured = measure(&text, &blocks).unwrap();
        assert_eq!(measured.sentences, 4);
        assert_eq!(measured.words, 15 + 19);
        let [(hardest, hard_age), (easiest, easy_age)] = measured.paragraphs.as_slice() else {
            panic!("{measured:?}")
        };
        assert_eq!(&text[hardest.clone()], formal);
        assert_eq!(&text[easiest.clone()], plain);
        assert!(*easy_age < TARGET_AGE && *hard_age > 20.0, "{measured:?}");
        assert!(measured.age() > *easy_age && measured.age() < *hard_age);
    }
}

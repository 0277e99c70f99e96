//! The text the matcher scans: whitespace collapsed and typography straightened, with a map back
//! to the source bytes.
//!
//! Terms are written with single spaces and straight quotes, but documents break phrases across
//! lines, indent them, and use curly quotes. Normalising once lets every term match every layout
//! without a pattern per layout. A run of whitespace inside a block becomes one space; one that
//! is not inside a single block (the blocks are the caller's, from the document format) becomes
//! one `\n`, so phrases never match across blocks. Curly quotes become straight; soft hyphens
//! and zero-width characters vanish.

use crate::block::Block;

/// The normalised text and a sparse map from its byte offsets to the source's.
pub(crate) struct Normalized {
    pub text: String,
    /// `(normalised offset, source offset)` wherever the two stop advancing together.
    checkpoints: Vec<(usize, usize)>,
}

impl Normalized {
    /// Normalises `source` as one block (a phrase, an allowed phrase).
    pub fn new(source: &str) -> Self {
        Normalized::with_blocks(source, &[Block::paragraph(0..source.len())])
    }

    /// Normalises `source`, divided into sorted, whitespace-separated `blocks`.
    pub fn with_blocks(source: &str, blocks: &[Block]) -> Self {
        let bytes = source.as_bytes();
        // Blocks are visited in order: the first one that does not end before a whitespace run.
        let mut block = 0;
        let mut within_one_block = |run: std::ops::Range<usize>| {
            while blocks.get(block).is_some_and(|b| b.range.end < run.start) {
                block += 1;
            }
            blocks
                .get(block)
                .is_some_and(|b| b.range.start <= run.start && run.end <= b.range.end)
        };
        let mut text = String::with_capacity(source.len());
        let mut checkpoints = vec![(0, 0)];
        let mut copied_until = 0;
        let mut finder = SpecialFinder::new(bytes);
        let mut from = 0;
        while let Some(found) = finder.next_from(from) {
            // A whitespace run may start with plain spaces before the byte that was found.
            let mut at = found;
            if source[found..].starts_with(is_space) {
                while at > copied_until && bytes[at - 1] == b' ' {
                    at -= 1;
                }
            }
            let Some((replacement, len)) = special(source, at, &mut within_one_block) else {
                from = found + 1;
                continue;
            };
            text.push_str(&source[copied_until..at]);
            text.push_str(replacement);
            copied_until = at + len;
            from = copied_until;
            if replacement.len() != len {
                checkpoints.push((text.len(), copied_until));
            }
        }
        text.push_str(&source[copied_until..]);
        Normalized { text, checkpoints }
    }

    /// The normalised byte offset of source byte offset `offset` (the start of what replaced it,
    /// for an offset inside a whitespace run or a replaced character).
    pub fn to_text(&self, offset: usize) -> usize {
        let index = self
            .checkpoints
            .partition_point(|&(_, source)| source <= offset)
            - 1;
        let (norm, source) = self.checkpoints[index];
        let next = self
            .checkpoints
            .get(index + 1)
            .map_or(usize::MAX, |&(n, _)| n);
        (norm + (offset - source)).min(next).min(self.text.len())
    }

    /// The source byte offset of normalised byte offset `offset`.
    pub fn to_source(&self, offset: usize) -> usize {
        let index = self
            .checkpoints
            .partition_point(|&(norm, _)| norm <= offset)
            - 1;
        let (norm, source) = self.checkpoints[index];
        source + (offset - norm)
    }
}

/// Finds, with SIMD searches, the next byte that may need normalising: a line break or tab, a
/// double space, or the lead byte of a non-ASCII space, quote, hyphen or invisible character.
/// Each search remembers its next hit, so the text is scanned once per kind of byte.
struct SpecialFinder<'a> {
    bytes: &'a [u8],
    /// Next hit of each search, or `None` once it has run out.
    next: [Option<usize>; 3],
}

impl<'a> SpecialFinder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut finder = SpecialFinder {
            bytes,
            next: [None; 3],
        };
        for kind in 0..3 {
            finder.next[kind] = finder.search(kind, 0);
        }
        finder
    }

    /// The first possibly special byte at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        for kind in 0..3 {
            if self.next[kind].is_some_and(|at| at < from) {
                self.next[kind] = self.search(kind, from);
            }
        }
        self.next.iter().flatten().min().copied()
    }

    fn search(&self, kind: usize, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        let hit = match kind {
            0 => memchr::memchr3(b'\n', b'\r', b'\t', rest),
            1 => memchr::memchr3(0xC2, 0xE2, 0xE3, rest),
            _ => memchr::memmem::find(rest, b"  "),
        };
        hit.map(|i| from + i)
    }
}

/// What the character or whitespace run at byte `i` normalises to, and its length in bytes;
/// `None` when it stays as it is. `within_one_block` says whether a run of bytes lies inside
/// one block.
fn special(
    source: &str,
    i: usize,
    within_one_block: &mut impl FnMut(std::ops::Range<usize>) -> bool,
) -> Option<(&'static str, usize)> {
    let rest = &source[i..];
    let c = rest.chars().next()?;
    if is_space(c) {
        let len: usize = rest
            .chars()
            .take_while(|&c| is_space(c))
            .map(char::len_utf8)
            .sum();
        let replacement = if within_one_block(i..i + len) {
            " "
        } else {
            "\n"
        };
        return (rest[..len] != *replacement).then_some((replacement, len));
    }
    let replacement = match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' => "-",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' => "",
        _ => return None,
    };
    Some((replacement, c.len_utf8()))
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_round_trip(source: &str, needle: &str, expected_source: &str) {
        let normalized = Normalized::new(source);
        let start = normalized
            .text
            .find(needle)
            .expect("needle in normalised text");
        let end = start + needle.len();
        let (s, e) = (normalized.to_source(start), normalized.to_source(end));
        assert_eq!(&source[s..e], expected_source);
    }

    #[test]
    fn collapses_whitespace_and_maps_back() {
        check_round_trip(
            "so-called\n   Islamic\r\n  State  now",
            "Islamic State",
            "Islamic\r\n  State",
        );
        assert_eq!(Normalized::new("a  b\n\nc").text, "a b c");
        assert_eq!(Normalized::new("a \n b \u{a0}c\t\td").text, "a b c d");
        check_round_trip("x ISIS \u{a0} ISIL\r\n", "ISIS ISIL", "ISIS \u{a0} ISIL");
    }

    #[test]
    fn whitespace_between_blocks_is_a_break_and_inside_a_block_a_space() {
        let text = "one\ntwo\n\n- three\n four";
        let blocks = [Block::paragraph(0..7), Block::paragraph(9..text.len())];
        assert_eq!(
            Normalized::with_blocks(text, &blocks).text,
            "one two\n- three four"
        );
    }

    #[test]
    fn straightens_quotes_and_drops_soft_hyphens() {
        check_round_trip(
            "the term \u{2018}radical\u{00AD}isation\u{2019} here",
            "'radicalisation'",
            "\u{2018}radical\u{00AD}isation\u{2019}",
        );
        check_round_trip("caf\u{e9} ISIS", "ISIS", "ISIS");
    }
}

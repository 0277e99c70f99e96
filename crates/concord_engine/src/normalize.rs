//! The text the matcher scans: whitespace collapsed and typography straightened, with a map back
//! to the source bytes.
//!
//! Terms are written with single spaces and straight quotes, but documents break phrases across
//! lines, indent them, and use curly quotes. Normalising once lets every term match every layout
//! without a pattern per layout. A run of whitespace becomes one space, or one `\n` when it ends
//! a block (a blank line, or a line break before a list item or heading), so phrases never match
//! across blocks. Curly quotes become straight; soft hyphens and zero-width characters vanish.

/// The normalised text and a sparse map from its byte offsets to the source's.
pub(crate) struct Normalized {
    pub text: String,
    /// `(normalised offset, source offset)` wherever the two stop advancing together.
    checkpoints: Vec<(usize, usize)>,
}

impl Normalized {
    /// Normalises `source`.
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut text = String::with_capacity(source.len());
        let mut checkpoints = vec![(0, 0)];
        let mut copied_until = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let plain = match b {
                b' ' => bytes.get(i + 1).is_none_or(|&next| !is_space_byte(next)),
                b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0xC2 | 0xE2 | 0xE3 => false,
                _ => true,
            };
            if plain {
                i += 1;
                continue;
            }
            let Some((replacement, len)) = special(source, i) else {
                i += 1;
                continue;
            };
            text.push_str(&source[copied_until..i]);
            text.push_str(replacement);
            i += len;
            copied_until = i;
            if replacement.len() != len {
                checkpoints.push((text.len(), i));
            }
        }
        text.push_str(&source[copied_until..]);
        Normalized { text, checkpoints }
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

fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// What the character or whitespace run at byte `i` normalises to, and its length in bytes;
/// `None` when it stays as it is.
fn special(source: &str, i: usize) -> Option<(&'static str, usize)> {
    let rest = &source[i..];
    let c = rest.chars().next()?;
    if is_space(c) {
        let mut len = 0;
        let mut newlines = 0;
        for c in rest.chars().take_while(|&c| is_space(c)) {
            len += c.len_utf8();
            newlines += usize::from(c == '\n');
        }
        let ends_block = newlines >= 2 || (newlines == 1 && starts_block(&rest[len..]));
        let replacement = if ends_block { "\n" } else { " " };
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
    c.is_whitespace() && !matches!(c, '\u{2028}' | '\u{2029}') || c == '\u{00A0}'
}

/// Whether a line starting with `rest` begins a new block: a list item, heading, quote or table.
fn starts_block(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'#' | b'>' | b'|') => true,
        Some(b'-' | b'*' | b'+' | 0xE2) => {
            rest.starts_with(['-', '*', '+', '•']) && {
                let marker = rest.chars().next().map_or(1, char::len_utf8);
                bytes.get(marker) == Some(&b' ')
            }
        }
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(bytes.get(digits), Some(b'.' | b')')) && bytes.get(digits + 1) == Some(&b' ')
        }
        _ => false,
    }
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
        assert_eq!(Normalized::new("a  b\n\nc").text, "a b\nc");
    }

    #[test]
    fn list_items_and_headings_are_separate_blocks() {
        assert_eq!(
            Normalized::new("one\n- two\n# three\n1. four\nfive").text,
            "one\n- two\n# three\n1. four five"
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

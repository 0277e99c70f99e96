//! Byte offsets to human and editor positions.

use serde::Serialize;

/// A position in a text: 1-based line, 1-based column counted in Unicode scalar values, and the
/// byte offset it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters (Unicode scalar values).
    pub column: usize,
    /// 0-based byte offset in the text.
    pub offset: usize,
}

/// The start of every line of a text, for turning byte offsets into lines and columns.
///
/// A line ends at `\n`; a `\r` before it belongs to the line, so CRLF files count like LF files.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The line and character column of byte `offset` (which must be on a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let prefix = &text[start..offset];
        let column = if prefix.is_ascii() {
            prefix.len()
        } else {
            prefix.chars().count()
        };
        Position {
            line: line + 1,
            column: column + 1,
            offset,
        }
    }

    /// The 0-based line and UTF-16 code-unit column of byte `offset`, as LSP clients count.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        (line, prefix.encode_utf16().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "café ISIS\nnext ISIS";
        let index = LineIndex::new(text);
        let first = text.find("ISIS").unwrap();
        assert_eq!(
            index.position(text, first),
            Position {
                line: 1,
                column: 6,
                offset: first
            }
        );
        let second = text.rfind("ISIS").unwrap();
        assert_eq!(index.position(text, second).line, 2);
        assert_eq!(index.position(text, second).column, 6);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "😀 ISIS";
        let index = LineIndex::new(text);
        assert_eq!(index.utf16_position(text, text.find('I').unwrap()), (0, 3));
    }

    #[test]
    fn line_range_drops_crlf() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 0)], "one");
        assert_eq!(&text[index.line_range(text, 1)], "two");
    }
}

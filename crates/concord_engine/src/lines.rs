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
/// A line ends at `\n`, `\r\n` or a lone `\r`, the three line endings of the Language Server
/// Protocol, so lines are counted as editors count them (CRLF files like LF files, and old Mac
/// files by their carriage returns).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                // A `\r` followed by `\n` ends its line at the `\n`.
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
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

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values, as people count characters.
    Chars,
    /// UTF-16 code units, as most LSP clients count.
    Utf16,
    /// UTF-8 bytes, as reviewdog and some LSP clients count.
    Bytes,
}

impl Unit {
    fn count(self, text: &str) -> usize {
        match self {
            Unit::Bytes => text.len(),
            _ if text.is_ascii() => text.len(),
            Unit::Chars => text.chars().count(),
            Unit::Utf16 => text.encode_utf16().count(),
        }
    }
}

/// Turns byte offsets into 0-based lines and columns, remembering where it last was, so offsets
/// taken in increasing order cost the bytes between them, not the length of their line: a
/// 2 MB single-line file with 40,000 findings is located in one pass.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a str,
    index: LineIndex,
    unit: Unit,
    /// The last offset located, its line and its column.
    at: (usize, usize, usize),
}

impl<'a> Cursor<'a> {
    /// A cursor over `text` counting columns in `unit`.
    pub fn new(text: &'a str, unit: Unit) -> Self {
        Cursor {
            text,
            index: LineIndex::new(text),
            unit,
            at: (0, 0, 0),
        }
    }

    /// The line index of the text.
    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    /// The line index, for use after the cursor.
    pub fn into_index(self) -> LineIndex {
        self.index
    }

    /// The 0-based line and column of byte `offset` (on a char boundary, clamped to the text).
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.index.line_of(offset);
        let (last, last_line, last_column) = self.at;
        let (from, column) = if last_line == line && last <= offset {
            (last, last_column)
        } else {
            (self.index.starts[line], 0)
        };
        let column = column + self.unit.count(&self.text[from..offset]);
        self.at = (offset, line, column);
        (line, column)
    }

    /// The [`Position`] of byte `offset`, columns counted from 1.
    pub fn position(&mut self, offset: usize) -> Position {
        let (line, column) = self.locate(offset);
        Position {
            line: line + 1,
            column: column + 1,
            offset: offset.min(self.text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_a_lone_cr_each_end_a_line() {
        // A text ending in a lone carriage return was found by fuzzing (positions): the offset
        // after it had no position of its own.
        let text = "one\ntwo\r\nthree\rfour\r";
        let index = LineIndex::new(text);
        let lines: Vec<&str> = (0..4).map(|l| &text[index.line_range(text, l)]).collect();
        assert_eq!(lines, ["one", "two", "three", "four"]);
        assert_eq!(index.position(text, text.find("four").unwrap()).line, 4);
        assert_eq!(
            index.line_of(text.len()),
            4,
            "after the last \\r is a fifth, empty line"
        );
    }

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
    fn cursor_agrees_with_the_index_in_any_order() {
        let text = "😀 café ISIS\n日本 ISIS and ISIS";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut cursor = Cursor::new(text, Unit::Chars);
        let mut utf16 = Cursor::new(text, Unit::Utf16);
        for &offset in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(cursor.position(offset), index.position(text, offset));
            assert_eq!(utf16.locate(offset), index.utf16_position(text, offset));
        }
    }

    #[test]
    fn line_range_drops_crlf() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 0)], "one");
        assert_eq!(&text[index.line_range(text, 1)], "two");
    }
}

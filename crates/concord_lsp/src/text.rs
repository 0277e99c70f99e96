//! Document text: incremental edits, and positions in the encoding the client negotiated.

use std::cell::RefCell;

use concord_engine::{Cursor, Unit};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// How the client counts characters in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default.
    Utf16,
}

/// Converts between byte offsets and LSP positions for one text. Offsets converted in
/// increasing order cost the bytes between them, however long their line.
pub struct Positions<'t> {
    text: &'t str,
    cursor: RefCell<Cursor<'t>>,
    encoding: Encoding,
}

impl<'t> Positions<'t> {
    /// Positions in `text` counted in `encoding`.
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        let unit = match encoding {
            Encoding::Utf8 => Unit::Bytes,
            Encoding::Utf16 => Unit::Utf16,
        };
        Positions {
            text,
            cursor: RefCell::new(Cursor::new(text, unit)),
            encoding,
        }
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.cursor.borrow_mut().locate(offset);
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of bytes `span`.
    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of an LSP position; positions past a line's end or past the last line
    /// are clamped, and a position inside a character moves to its start.
    pub fn offset(&self, position: Position) -> usize {
        let cursor = self.cursor.borrow();
        let index = cursor.index();
        let line = position.line as usize;
        let last = index.line_of(self.text.len());
        if line > last {
            return self.text.len();
        }
        let range = index.line_range(self.text, line);
        let line_text = &self.text[range.clone()];
        let wanted = position.character as usize;
        let within = match self.encoding {
            Encoding::Utf8 => {
                let mut at = wanted.min(line_text.len());
                while !line_text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            }
            Encoding::Utf16 => {
                let mut units = 0;
                line_text
                    .char_indices()
                    .find(|(_, c)| {
                        units += c.len_utf16();
                        units > wanted
                    })
                    .map_or(line_text.len(), |(i, _)| i)
            }
        };
        range.start + within
    }
}

/// Applies the client's changes to `text`, in order.
pub fn apply_changes(
    text: &str,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> String {
    let mut text = text.to_string();
    for change in changes {
        match change.range {
            None => text = change.text.clone(),
            Some(range) => {
                let positions = Positions::new(&text, encoding);
                let (start, end) = (positions.offset(range.start), positions.offset(range.end));
                let (start, end) = (start.min(end), start.max(end));
                text.replace_range(start..end, &change.text);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_positions_round_trip() {
        let text = "😀 café ISIS\n日本 ISIS";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let positions = Positions::new(text, encoding);
            for (offset, _) in text.char_indices() {
                assert_eq!(
                    positions.offset(positions.position(offset)),
                    offset,
                    "{encoding:?} {offset}"
                );
            }
        }
        let utf16 = Positions::new(text, Encoding::Utf16);
        assert_eq!(
            utf16.position(text.find("ISIS").unwrap()),
            Position::new(0, 8)
        );
        let utf8 = Positions::new(text, Encoding::Utf8);
        assert_eq!(
            utf8.position(text.find("ISIS").unwrap()),
            Position::new(0, 11)
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let positions = Positions::new("one\ntwo", Encoding::Utf16);
        assert_eq!(positions.offset(Position::new(0, 99)), 3);
        assert_eq!(positions.offset(Position::new(9, 0)), 7);
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let change = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        let text = apply_changes(
            "Join ISIS now",
            &[change(0, 5, 0, 9, "Daesh"), change(0, 0, 0, 4, "Leave")],
            Encoding::Utf16,
        );
        assert_eq!(text, "Leave Daesh now");
    }
}

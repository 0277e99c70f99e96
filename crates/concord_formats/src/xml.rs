//! A thin walk over an XML part for the office formats: start tags, end tags and text, each with
//! the bytes of the part it came from, and entity references resolved. Only the five predefined entities and character references are
//! expanded; entities declared in a DTD are never expanded, so a "billion laughs" document
//! costs nothing.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::FormatError;

/// Where a piece of character data came from in its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The bytes of the part that hold it.
    pub range: Range<usize>,
    /// Whether the text is a byte-for-byte copy of those bytes; otherwise (an entity or
    /// character reference, CDATA) the whole text stands for the whole range.
    pub verbatim: bool,
}

/// What an office format does with each piece of a part. Every byte of the part belongs to one
/// piece, so the ranges passed are in document order and never overlap.
pub(crate) trait Visitor {
    /// An element starts at the bytes `at` (empty elements start and end; their end is empty).
    fn start(&mut self, tag: &BytesStart<'_>, at: Range<usize>);
    /// An element ends at the bytes `at`; `name` is its qualified name, like `w:p`.
    fn end(&mut self, name: &[u8], at: Range<usize>);
    /// Character data, from `origin`.
    fn text(&mut self, text: &str, origin: Origin);
}

/// Walks the XML of `part`, calling `visitor` for each piece.
pub(crate) fn walk(part: &str, xml: &str, visitor: &mut impl Visitor) -> Result<(), FormatError> {
    // The reader skips a byte-order mark without counting it; count from after it, and add it
    // back, so positions are always bytes of the part as stored.
    let (base, xml) = match xml.strip_prefix('\u{FEFF}') {
        Some(rest) => ('\u{FEFF}'.len_utf8(), rest),
        None => (0, xml),
    };
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let damaged = |detail: String| FormatError::Damaged {
        part: part.to_string(),
        detail,
    };
    loop {
        let start = base + position(&reader);
        let event = reader
            .read_event()
            .map_err(|err| damaged(err.to_string()))?;
        let at = start..base + position(&reader);
        let replaced = Origin {
            range: at.clone(),
            verbatim: false,
        };
        match event {
            Event::Start(tag) => visitor.start(&tag, at),
            Event::End(tag) => visitor.end(tag.name().as_ref(), at),
            Event::Text(text) => {
                let text = text.decode().map_err(|err| damaged(err.to_string()))?;
                let verbatim = text.len() == at.len();
                visitor.text(
                    &text,
                    Origin {
                        range: at,
                        verbatim,
                    },
                );
            }
            Event::CData(text) => visitor.text(&String::from_utf8_lossy(&text), replaced),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    visitor.text(c.encode_utf8(&mut [0; 4]), replaced);
                } else if let Some(text) = reference
                    .decode()
                    .ok()
                    .and_then(|name| resolve_predefined_entity(&name))
                {
                    visitor.text(text, replaced);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// How far `reader` has read, in bytes of the part.
fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// The value of attribute `name` of `tag`, unescaped.
pub(crate) fn attribute(tag: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let attr = tag.try_get_attribute(name).ok()??;
    Some(String::from_utf8_lossy(&attr.value).into_owned())
}

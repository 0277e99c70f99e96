//! A thin walk over an XML part for the office formats: start tags, end tags and text, with
//! entity references resolved. Only the five predefined entities and character references are
//! expanded; entities declared in a DTD are never expanded, so a "billion laughs" document
//! costs nothing.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::FormatError;

/// What an office format does with each piece of a part.
pub(crate) trait Visitor {
    /// An element starts (empty elements start and end).
    fn start(&mut self, tag: &BytesStart<'_>);
    /// An element ends; `name` is its qualified name, like `w:p`.
    fn end(&mut self, name: &[u8]);
    /// Character data.
    fn text(&mut self, text: &str);
}

/// Walks the XML of `part`, calling `visitor` for each piece.
pub(crate) fn walk(part: &str, xml: &str, visitor: &mut impl Visitor) -> Result<(), FormatError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let damaged = |detail: String| FormatError::Damaged {
        part: part.to_string(),
        detail,
    };
    loop {
        match reader
            .read_event()
            .map_err(|err| damaged(err.to_string()))?
        {
            Event::Start(tag) => visitor.start(&tag),
            Event::End(tag) => visitor.end(tag.name().as_ref()),
            Event::Text(text) => {
                visitor.text(&text.decode().map_err(|err| damaged(err.to_string()))?)
            }
            Event::CData(text) => visitor.text(&String::from_utf8_lossy(&text)),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    visitor.text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(text) = reference
                    .decode()
                    .ok()
                    .and_then(|name| resolve_predefined_entity(&name))
                {
                    visitor.text(text);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of attribute `name` of `tag`, unescaped.
pub(crate) fn attribute(tag: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let attr = tag.try_get_attribute(name).ok()??;
    Some(String::from_utf8_lossy(&attr.value).into_owned())
}

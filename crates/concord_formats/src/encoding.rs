//! Text in the encodings people actually have: a byte-order mark selects UTF-8, UTF-16 LE or
//! UTF-16 BE; an HTML page's `<meta charset>` is honoured; a file that is not valid UTF-8 is
//! read as Windows-1252, as browsers do (`encoding_rs`, the Web's encoding standard). Every
//! file remembers how it was stored, so positions can be given in its own bytes and `--fix`
//! can write it back the same way.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::{Format, FormatError};

/// Bytes at the start of an HTML page searched for its `<meta charset>`, as browsers do.
const META_PRESCAN_BYTES: usize = 1024;

/// Bytes inspected for a NUL byte when deciding whether a text file is really binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// How a text file is stored: its encoding, and whether it starts with a byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// The encoding of the file's bytes.
    pub encoding: &'static Encoding,
    /// The length of its byte-order mark (0 when it has none).
    pub bom: usize,
    /// The encoding was assumed (Windows-1252 for bytes that are not UTF-8), not declared.
    pub assumed: bool,
}

impl Stored {
    /// UTF-8 without a byte-order mark: text as concord writes it.
    pub const UTF8: Stored = Stored {
        encoding: UTF_8,
        bom: 0,
        assumed: false,
    };

    /// The bytes of `text` stored this way (with the same byte-order mark), or `None` when the
    /// encoding cannot hold one of its characters.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        let mut bytes = Vec::with_capacity(text.len() + self.bom);
        if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            if self.bom > 0 {
                bytes.extend(unit_bytes(self.encoding, 0xFEFF));
            }
            for unit in text.encode_utf16() {
                bytes.extend(unit_bytes(self.encoding, unit));
            }
            return Some(bytes);
        }
        if self.bom > 0 {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let (encoded, _, unmappable) = self.encoding.encode(text);
        if unmappable {
            return None;
        }
        bytes.extend_from_slice(&encoded);
        Some(bytes)
    }

    /// How many bytes `text` takes stored this way (without the byte-order mark).
    fn stored_len(&self, text: &str) -> usize {
        if self.encoding == UTF_8 {
            text.len()
        } else if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            2 * text.encode_utf16().count()
        } else {
            // Windows-1252: one byte per character.
            text.chars().count()
        }
    }
}

fn unit_bytes(encoding: &'static Encoding, unit: u16) -> [u8; 2] {
    if encoding == UTF_16LE {
        unit.to_le_bytes()
    } else {
        unit.to_be_bytes()
    }
}

/// Turns byte offsets in decoded text into byte offsets in the file as stored; offsets asked
/// for in increasing order cost the text between them.
#[derive(Debug, Clone)]
pub struct StoredOffsets<'t> {
    text: &'t str,
    stored: Stored,
    /// The last decoded offset converted, and its stored offset.
    last: (usize, usize),
}

impl<'t> StoredOffsets<'t> {
    /// Offsets of `text`, a file decoded from `stored`.
    pub fn new(text: &'t str, stored: Stored) -> Self {
        StoredOffsets {
            text,
            stored,
            last: (0, stored.bom),
        }
    }

    /// The stored byte offset of decoded byte `offset`.
    pub fn at(&mut self, offset: usize) -> usize {
        let (from, stored) = if offset >= self.last.0 {
            self.last
        } else {
            (0, self.stored.bom)
        };
        let stored = stored + self.stored.stored_len(&self.text[from..offset]);
        self.last = (offset, stored);
        stored
    }
}

/// Decodes a text file of `format`: by its byte-order mark, else (HTML) its `<meta charset>`,
/// else UTF-8, else Windows-1252. A file with NUL bytes and no UTF-16 byte-order mark is binary.
pub fn decode(format: Format, bytes: &[u8]) -> Result<(Cow<'_, str>, Stored), FormatError> {
    decode_declared(format, bytes, None)
}

/// Decodes text whose encoding was declared outside it (the `charset` of an HTTP
/// `Content-Type`): a byte-order mark still wins, then the declared `charset` if it is a known
/// label, then as [`decode`] does.
pub fn decode_declared<'b>(
    format: Format,
    bytes: &'b [u8],
    charset: Option<&str>,
) -> Result<(Cow<'b, str>, Stored), FormatError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let stored = Stored {
            encoding,
            bom,
            assumed: false,
        };
        return Ok((text, stored));
    }
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(FormatError::Binary);
    }
    let declared = charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| {
            (format == Format::Html)
                .then(|| meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]))
                .flatten()
        });
    if let Some(encoding) = declared.filter(|e| *e != UTF_8) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let stored = Stored {
            encoding,
            bom: 0,
            assumed: false,
        };
        return Ok((text, stored));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Stored::UTF8)),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            let stored = Stored {
                encoding: WINDOWS_1252,
                bom: 0,
                assumed: true,
            };
            Ok((text, stored))
        }
    }
}

/// The encoding an HTML page declares in `<meta charset="…">` or `<meta http-equiv=
/// "Content-Type" content="…; charset=…">` near its start.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let encoding = Encoding::for_label(label.as_bytes())?;
    // A page that says UTF-16 in ASCII bytes is not UTF-16: browsers read it as UTF-8.
    (encoding != UTF_16LE && encoding != UTF_16BE).then_some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_meta_charset_and_windows_1252() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Join ISIS £".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, stored) = decode(Format::Text, &utf16).unwrap();
        assert_eq!(
            (text.as_ref(), stored.encoding, stored.bom),
            ("Join ISIS £", UTF_16LE, 2)
        );
        assert_eq!(
            stored.encode(&text).unwrap(),
            utf16,
            "round trip with the mark"
        );
        let mut offsets = StoredOffsets::new(&text, stored);
        assert_eq!(
            offsets.at(5),
            2 + 10,
            "after the mark, two bytes a character"
        );

        let cp1252 = b"\x93Daesh\x94 costs \xa3100";
        let (text, stored) = decode(Format::Text, cp1252).unwrap();
        assert_eq!(text, "\u{201c}Daesh\u{201d} costs £100");
        assert!(stored.assumed);
        assert_eq!(stored.encode(&text).unwrap(), cp1252);
        assert_eq!(
            StoredOffsets::new(&text, stored).at(text.find("costs").unwrap()),
            8
        );

        let page =
            b"<html><head><meta charset=\"windows-1252\"></head><body>\x93ISIS\x94</body></html>";
        let (text, stored) = decode(Format::Html, page).unwrap();
        assert!(text.contains("\u{201c}ISIS\u{201d}"));
        assert!(!stored.assumed);

        let (_, stored) = decode(Format::Text, b"\xEF\xBB\xBFplain").unwrap();
        assert_eq!((stored.encoding, stored.bom), (UTF_8, 3));
        assert_eq!(decode(Format::Text, b"a\0b"), Err(FormatError::Binary));
    }
}

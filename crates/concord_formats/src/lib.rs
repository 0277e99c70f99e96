//! concord's document formats: each turns a file into the prose a reader sees, plus a way back to
//! the exact place every piece of prose came from.
//!
//! Text formats (plain text, Markdown, HTML) map each prose byte back to source bytes
//! ([`Document::source_span`]); office files (.docx, .odt) and PDF locate prose by blocks a
//! reader can find (`paragraph 12`, `table 2 row 3 cell 1`, `footnote 4`, `page 3`).
//! Formats know nothing of rules: the engine checks `Document::prose`.

mod archive;
mod document;
mod docx;
mod encoding;
mod error;
mod format;
mod html;
mod markdown;
mod odt;
mod ooxml;
mod pdf;
mod places;
pub mod review;
mod text;
mod word_tables;
mod xml;

use std::sync::atomic::AtomicBool;

pub use document::{Comment, Document};
pub use encoding::{Stored, StoredOffsets, decode, decode_declared};
pub use error::FormatError;
pub use format::Format;
pub use pdf::PDF_THREAD;
pub use word_tables::{Table, word_tables};

/// Reads a document of `format` from its bytes.
pub fn read(format: Format, bytes: &[u8]) -> Result<Document, FormatError> {
    read_until(format, bytes, None)
}

/// Reads a document of `format` from its bytes, giving up with [`FormatError::Stopped`] once
/// `stop` is set (a PDF's extraction can take long; the other formats are read in moments).
pub fn read_until(
    format: Format,
    bytes: &[u8],
    stop: Option<&AtomicBool>,
) -> Result<Document, FormatError> {
    match format {
        Format::Docx => docx::read(bytes),
        Format::Odt => odt::read(bytes),
        Format::Pdf => pdf::read(bytes, stop),
        Format::Text | Format::Markdown | Format::Html => {
            let (text, _) = decode(format, bytes)?;
            Ok(read_text(format, &text))
        }
    }
}

/// Reads a text document (plain text, Markdown or HTML) that is already a string. Other formats
/// passed here are read as plain text.
pub fn read_text(format: Format, source: &str) -> Document {
    match format {
        Format::Markdown => markdown::read(source),
        Format::Html => html::read(source),
        Format::Text | Format::Docx | Format::Odt | Format::Pdf => text::read(source),
    }
}

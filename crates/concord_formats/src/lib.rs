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
mod html;
mod markdown;
mod odt;
mod pdf;
mod places;
pub mod review;
mod text;
mod xml;

pub use document::{Comment, Document};
pub use encoding::{Stored, StoredOffsets, decode, decode_declared};
pub use error::FormatError;
pub use pdf::PDF_THREAD;

use std::path::Path;

/// A document format concord can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (.txt, and any file without a known extension).
    Text,
    /// Markdown (.md, .markdown).
    Markdown,
    /// HTML (.html, .htm, .xhtml).
    Html,
    /// Word (.docx).
    Docx,
    /// OpenDocument text (.odt).
    Odt,
    /// PDF (.pdf).
    Pdf,
}

impl Format {
    /// The format of a file, from its extension; unknown extensions are plain text.
    pub fn of_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "pdf" => Format::Pdf,
            _ => Format::Text,
        }
    }

    /// The lowercase name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }

    /// Whether files of this format are text (read as UTF-8, positions in source bytes) rather
    /// than binary containers (positions by locator).
    pub fn is_text(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }

    /// Every extension concord reads when walking a folder.
    pub const EXTENSIONS: &[&str] = &[
        "txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "odt", "pdf",
    ];
}

/// Reads a document of `format` from its bytes.
pub fn read(format: Format, bytes: &[u8]) -> Result<Document, FormatError> {
    match format {
        Format::Docx => docx::read(bytes),
        Format::Odt => odt::read(bytes),
        Format::Pdf => pdf::read(bytes),
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

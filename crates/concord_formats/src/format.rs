//! The document formats concord reads, known by a file's extension.

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

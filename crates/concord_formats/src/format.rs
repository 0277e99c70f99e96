//! The document formats concord reads, known by a file's extension (and, for a document that
//! arrives with only a name, such as an upload, by its first bytes where they are certain).

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

    /// The format of a document named `name` that holds `bytes`: a PDF or a zip package is
    /// known by its first bytes whatever it is called (an OpenDocument text by the `mimetype`
    /// entry every one starts with, any other package as Word, which says so if it is not);
    /// anything else by its name.
    pub fn detect(name: &Path, bytes: &[u8]) -> Format {
        const ODT_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
        let named = Format::of_path(name);
        if bytes.starts_with(b"%PDF-") {
            Format::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") && !matches!(named, Format::Docx | Format::Odt) {
            // A zip entry's name starts 30 bytes into its local header.
            if bytes
                .get(30..)
                .is_some_and(|rest| rest.starts_with(ODT_MIMETYPE))
            {
                Format::Odt
            } else {
                Format::Docx
            }
        } else {
            named
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_or_package_is_known_by_its_bytes_and_the_rest_by_name() {
        let name = Path::new("upload");
        assert_eq!(Format::detect(name, b"%PDF-1.7\n"), Format::Pdf);
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(Format::detect(name, &odt), Format::Odt);
        assert_eq!(Format::detect(name, b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(
            Format::detect(Path::new("bid.odt"), b"PK\x03\x04"),
            Format::Odt
        );
        assert_eq!(
            Format::detect(Path::new("page.html"), b"<p>Hi</p>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(Path::new("notes.pdf"), b"plain words"),
            Format::Pdf
        );
    }
}

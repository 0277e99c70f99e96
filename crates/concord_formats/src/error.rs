//! Why a document could not be read, in words for the person who has to fix it.

use std::fmt;

/// A document concord could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// A text file that holds binary data.
    Binary,
    /// The file is not the zip archive a .docx or .odt must be.
    NotAnArchive {
        /// "Word document" or "OpenDocument text document".
        kind: &'static str,
    },
    /// An OLE container: a password-protected Office file or an old binary .doc.
    Protected,
    /// A required part is missing from the archive.
    MissingPart(String),
    /// A part inflates past the size cap: a zip bomb, or a document far too large to check.
    TooLarge {
        /// The part inside the archive.
        part: String,
        /// The cap, in megabytes.
        limit_mb: usize,
    },
    /// A part is not well-formed XML.
    Damaged {
        /// The part inside the archive.
        part: String,
        /// What the XML reader said.
        detail: String,
    },
    /// The PDF could not be read.
    Pdf(String),
    /// The PDF is encrypted.
    PdfEncrypted,
    /// The OpenDocument file is encrypted (saved with a password).
    OdtEncrypted,
    /// Reading was stopped by the caller (its time was up).
    Stopped,
    /// The PDF has pages but no text layer.
    PdfNoText,
    /// A review copy was asked of a format that cannot hold comments.
    NoComments {
        /// The format's name, like `pdf`.
        format: &'static str,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Binary => f.write_str("this looks like a binary file, not text; skipped"),
            FormatError::NotAnArchive { kind } => {
                let article = if kind.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                };
                write!(
                    f,
                    "this file does not open as {article} {kind}: it may be damaged, or it may be another kind of file renamed"
                )
            }
            FormatError::Protected => f.write_str(
                "this file is password-protected or an old-style .doc; save it as an unprotected .docx and check it again",
            ),
            FormatError::MissingPart(part) => write!(f, "this file is damaged: it has no {part}"),
            FormatError::TooLarge { part, limit_mb } => write!(
                f,
                "{part} inside this file expands to more than {limit_mb} MB, so it was not checked (it may be a zip bomb)"
            ),
            FormatError::Damaged { part, detail } => write!(f, "this file is damaged ({part}: {detail})"),
            FormatError::Pdf(detail) => write!(f, "this PDF could not be read ({detail})"),
            FormatError::PdfEncrypted => f.write_str(
                "this PDF is password-protected; save a copy without the password and check that",
            ),
            FormatError::Stopped => {
                f.write_str("reading this document was stopped because it took too long")
            }
            FormatError::OdtEncrypted => f.write_str(
                "this OpenDocument file is password-protected; save a copy without the password and check that",
            ),
            FormatError::NoComments { format } => write!(
                f,
                "concord can write comments only into Word (.docx) and OpenDocument (.odt) files; check this {format} file with `concord check` instead"
            ),
            FormatError::PdfNoText => f.write_str(
                "this PDF has no text to check: it looks like a scan (pictures of pages); check the original document, or run the PDF through text recognition (OCR) first",
            ),
        }
    }
}

impl std::error::Error for FormatError {}

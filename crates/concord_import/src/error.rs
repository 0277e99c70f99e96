//! Why a term list could not be imported at all.

use std::fmt;

/// Why nothing could be imported from a file. Problems with single rows are
/// [`crate::Problem`]s instead, and the other rows are still imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file's kind is not one concord imports (by its extension).
    Kind(String),
    /// The file is larger than any term list.
    TooLarge {
        /// The cap, in megabytes.
        limit_mb: usize,
    },
    /// A sheet would expand to millions of cells: a broken or hostile file, not a term list.
    TooManyCells,
    /// The file is protected with a password (or is an old binary Office file).
    Protected,
    /// The file is damaged, or not what its name says.
    Unreadable(String),
    /// No sheet or table has a header row naming the terms.
    NoHeader {
        /// The headers a term column may have.
        expected: &'static str,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Kind(name) => write!(
                f,
                "{name} is not a list concord can import: save it as .xlsx, .ods or .csv, or as a \
                 Word document (.docx) with the list as a table"
            ),
            ImportError::TooLarge { limit_mb } => write!(
                f,
                "the file (or a part inside it) is larger than {limit_mb} MB, far larger than a \
                 term list"
            ),
            ImportError::TooManyCells => write!(
                f,
                "a sheet in the file expands to millions of cells, far more than a term list: \
                 copy the list into a new spreadsheet and import that"
            ),
            ImportError::Protected => write!(
                f,
                "the file is protected with a password (or is an old .xls file): save a copy \
                 without a password, as .xlsx, and import that"
            ),
            ImportError::Unreadable(detail) => {
                write!(f, "the file cannot be read ({detail}); is it damaged?")
            }
            ImportError::NoHeader { expected } => write!(
                f,
                "no sheet or table has a header row naming the terms: head the column of words \
                 to avoid {expected}, in one of the first 10 rows"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

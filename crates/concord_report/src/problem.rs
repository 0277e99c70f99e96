//! Documents that could not be checked, and why, in words for the person who gave them.

use std::fmt;

use concord_formats::FormatError;
use concord_pipeline::Origin;

/// A document, folder or list that could not be checked.
#[derive(Debug)]
pub struct Problem {
    /// What could not be checked.
    pub origin: Origin,
    /// Why.
    pub kind: ProblemKind,
}

/// Why something could not be checked.
#[derive(Debug)]
pub enum ProblemKind {
    /// There is no such file or folder.
    Missing,
    /// The file is larger than concord reads at once.
    TooLarge {
        /// The limit, in megabytes.
        limit_mb: u64,
    },
    /// The operating system would not give up its bytes.
    Unreadable {
        /// What was being read: "this file", "standard input", "part of this folder".
        what: &'static str,
        /// The system's reason.
        error: String,
    },
    /// Its bytes are not a document of its format (or hold no text a reader could see).
    Document(FormatError),
    /// A URL given on the command line, or a line of a list of URLs, is not a web address.
    NotAUrl {
        /// The line of the list, from 1.
        line: Option<usize>,
        /// What the line says.
        text: String,
    },
    /// The page could not be read from the web.
    Fetch(String),
    /// Its fixes could not be written back.
    NotWritten(String),
}

impl Problem {
    /// A problem with `origin`.
    pub fn new(origin: Origin, kind: ProblemKind) -> Self {
        Problem { origin, kind }
    }

    /// How reports name it: its origin's name, with the line for a line of a list.
    pub fn name(&self) -> String {
        match &self.kind {
            ProblemKind::NotAUrl {
                line: Some(line), ..
            } => format!("{}:{line}", self.origin.name()),
            _ => self.origin.name(),
        }
    }

    /// What went wrong and what to do about it.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Missing => f.write_str("no such file or folder"),
            ProblemKind::TooLarge { limit_mb } => write!(
                f,
                "this file is larger than the {limit_mb} MB concord reads at once, so it was not checked; split it, or raise the limit with --max-file-size"
            ),
            ProblemKind::Unreadable { what, error } => write!(f, "cannot read {what}: {error}"),
            ProblemKind::Document(error) => write!(f, "{error}"),
            ProblemKind::NotAUrl { text, .. } => {
                write!(f, "{text} is not a web address (http:// or https://)")
            }
            ProblemKind::Fetch(message) | ProblemKind::NotWritten(message) => f.write_str(message),
        }
    }
}

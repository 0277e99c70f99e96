//! Errors in rule packs, located by file, line and column.

use std::fmt;
use std::ops::Range;

use crate::lines::LineIndex;

/// A mistake in a rule pack: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The rule file (a path, or `builtin:cohesion/pack.toml` for embedded packs).
    pub origin: String,
    /// 1-based line of the mistake, when it is known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the mistake, when it is known.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl PackError {
    /// An error at a byte range of a rule file's text.
    pub(crate) fn at(
        origin: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: String,
    ) -> Self {
        let (line, column) = match span {
            Some(span) => {
                let pos = LineIndex::new(text).position(text, span.start);
                (Some(pos.line), Some(pos.column))
            }
            None => (None, None),
        };
        PackError {
            origin: origin.to_string(),
            line,
            column,
            message,
        }
    }

    /// An error about a pack as a whole, with no single place in a file.
    pub(crate) fn whole(origin: &str, message: String) -> Self {
        PackError {
            origin: origin.to_string(),
            line: None,
            column: None,
            message,
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.origin, self.message)
            }
            _ => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for PackError {}

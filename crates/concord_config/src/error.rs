//! Mistakes in configuration files and rule packs, located by file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use concord_engine::PackError;

/// A configuration mistake: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The configuration file.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, naming the key.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn at(file: &Path, text: &str, span: Option<Range<usize>>, message: String) -> Self {
        let position = span.map(|span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1;
            (line, column)
        });
        ConfigError {
            file: file.to_path_buf(),
            position,
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.file.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Why a project could not be loaded: configuration or rule pack mistakes, each located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectError {
    /// What the problems are about, when there is a list of them ("the configuration has 2
    /// problem(s)").
    pub heading: Option<String>,
    /// The mistakes.
    pub problems: Vec<ConfigError>,
}

impl ProjectError {
    /// One mistake with no place in a file.
    pub(crate) fn message(message: String) -> Self {
        ProjectError {
            heading: None,
            problems: vec![ConfigError {
                file: PathBuf::new(),
                position: None,
                message,
            }],
        }
    }

    /// The mistakes of some rule packs. Mistakes in built-in packs have no file.
    pub(crate) fn packs(errors: &[PackError]) -> Self {
        ProjectError {
            heading: Some(format!("the rule packs have {} problem(s)", errors.len())),
            problems: errors
                .iter()
                .map(|e| ConfigError {
                    file: PathBuf::from(&e.origin),
                    position: e.line.zip(e.column),
                    message: e.message.clone(),
                })
                .collect(),
        }
    }
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = |e: &ConfigError| {
            if e.file.as_os_str().is_empty() {
                e.message.clone()
            } else {
                e.to_string()
            }
        };
        match &self.heading {
            Some(heading) => {
                write!(f, "{heading}:")?;
                for e in &self.problems {
                    write!(f, "\n  {}", problem(e))?;
                }
                Ok(())
            }
            None => {
                let list: Vec<String> = self.problems.iter().map(problem).collect();
                f.write_str(&list.join("\n"))
            }
        }
    }
}

impl std::error::Error for ProjectError {}

impl From<ConfigError> for ProjectError {
    fn from(error: ConfigError) -> Self {
        ProjectError {
            heading: None,
            problems: vec![error],
        }
    }
}

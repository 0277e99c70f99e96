//! The review copy: a Word or OpenDocument file's findings written into a copy of it as
//! comments, for the command line (`concord annotate`) and the web checker alike.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use concord_config::Project;
use concord_engine::Limits;
use concord_formats::review::{self, Note, Reviewed, Reviewer};
use concord_formats::{Format, FormatError};

use crate::check::diagnose;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::Source;

/// A review copy, and the findings its budget left without a comment.
pub struct Review {
    /// The copy.
    pub copy: Reviewed,
    /// Places past the budget with a rule's words: counted, not checked or commented.
    pub unchecked: usize,
}

/// Checks the Word or OpenDocument file in `source` within `limits` and writes each finding as a
/// comment on its words into a copy. `None` when nothing was found, so no copy is needed.
pub fn review_copy(
    project: &Project,
    source: &Source<'_>,
    reviewer: &Reviewer,
    limits: &Limits<'_>,
) -> Result<Option<Review>, FormatError> {
    let format = source.format;
    if !matches!(format, Format::Docx | Format::Odt) {
        return Err(FormatError::NoComments {
            format: format.name(),
        });
    }
    let read = source.read(limits.stop)?;
    let path = source.config_path();
    let diagnosed = diagnose(project, &read.document, None, &path, limits);
    if diagnosed.diagnostics.is_empty() {
        return Ok(None);
    }
    let notes: Vec<Note> = diagnosed
        .diagnostics
        .iter()
        .map(|d| note(project, d))
        .collect();
    let bytes = source.content.bytes();
    let copy = review::write(format, bytes, &read.document, &notes, reviewer)?;
    Ok(Some(Review {
        copy,
        unchecked: diagnosed.unchecked,
    }))
}

/// Comments by `author`, dated now.
pub fn reviewer(author: &str) -> Reviewer {
    Reviewer {
        author: author.to_string(),
        date: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
    }
}

/// The name of the review copy of `file`: `bid.docx` → `bid.reviewed.docx`, beside it.
pub fn reviewed_name(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let name = match file.extension() {
        Some(ext) => format!("{stem}.reviewed.{}", ext.to_string_lossy()),
        None => format!("{stem}.reviewed"),
    };
    file.with_file_name(name)
}

/// A finding as a comment: what was found and why, what to write instead, and the rule with
/// the guidance it comes from.
fn note(project: &Project, diagnostic: &Diagnostic) -> Note {
    let mut paragraphs = vec![diagnostic.message.clone()];
    let choices: Vec<String> = diagnostic
        .replacements()
        .into_iter()
        .take(3)
        .map(|text| format!("“{text}”"))
        .collect();
    if let Some((last, rest)) = choices.split_last() {
        paragraphs.push(if rest.is_empty() {
            format!("Write instead: {last}.")
        } else {
            format!("Write instead: {} or {last}.", rest.join(", "))
        });
    }
    let source = project
        .rules
        .rule(&diagnostic.rule)
        .map(|r| r.source.trim());
    paragraphs.push(match source {
        Some(source) if !source.is_empty() => format!("Rule {} · {source}", diagnostic.rule),
        _ => format!("Rule {}", diagnostic.rule),
    });
    let (locator, prose) = match &diagnostic.location {
        Location::Block { locator, prose, .. } => (locator.clone(), prose.clone()),
        Location::Source(range) => (String::new(), range.clone()),
    };
    Note {
        prose,
        locator,
        matched: diagnostic.matched.clone(),
        paragraphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_copy_is_named_beside_the_original() {
        assert_eq!(
            reviewed_name(Path::new("bids/bid.docx")),
            Path::new("bids/bid.reviewed.docx")
        );
        assert_eq!(
            reviewed_name(Path::new("leaflet.odt")),
            Path::new("leaflet.reviewed.odt")
        );
    }
}

//! The review copy: a Word or OpenDocument file's findings written into a copy of it as
//! comments, for the command line (`concord annotate`) and the web checker alike.

use std::path::Path;

use concord_config::Project;
use concord_formats::review::{self, Note, Reviewed, Reviewer};
use concord_formats::{Format, FormatError};

use crate::Diagnostic;

/// Checks the Word or OpenDocument file `bytes` (configured as the file at `path`) and writes
/// each finding as a comment on its words into a copy. `None` when nothing was found, so no
/// copy is needed.
pub fn review_copy(
    project: &Project,
    format: Format,
    bytes: &[u8],
    path: &Path,
    reviewer: &Reviewer,
) -> Result<Option<Reviewed>, FormatError> {
    if !matches!(format, Format::Docx | Format::Odt) {
        return Err(FormatError::NoComments {
            format: format.name(),
        });
    }
    let document = concord_formats::read(format, bytes)?;
    let diagnostics = crate::check(project, &document, None, path);
    if diagnostics.is_empty() {
        return Ok(None);
    }
    let notes: Vec<Note> = diagnostics.iter().map(|d| note(project, d)).collect();
    review::write(format, bytes, &document, &notes, reviewer).map(Some)
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
        crate::Location::Block { locator, prose, .. } => (locator.clone(), prose.clone()),
        crate::Location::Source(range) => (String::new(), range.clone()),
    };
    Note {
        prose,
        locator,
        matched: diagnostic.matched.clone(),
        paragraphs,
    }
}

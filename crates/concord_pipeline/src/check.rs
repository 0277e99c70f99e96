//! The pipeline itself: read the source, then policy, engine, suppressions, and finished
//! diagnostics.

use std::path::Path;

use concord_config::{Project, Suppressions, UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE};
use concord_engine::{Finding, Limits, Severity};
use concord_formats::{Document, Format, FormatError, Stored};

use crate::diagnostic::{Applicability, Diagnostic, Fix, InProse, Location};
use crate::reading_age::{self, ReadingAge};
use crate::source::Source;

/// A source, read and checked: what every channel renders.
#[derive(Debug)]
pub struct Checked {
    /// The format it was read as.
    pub format: Format,
    /// The text positions count in: the decoded source of a text document, the prose of the
    /// others.
    pub text: String,
    /// How the file is stored (its encoding and byte-order mark), for offsets in its own bytes
    /// and for writing fixes back.
    pub stored: Stored,
    /// Diagnostics in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Places past the budget ([`MAX_FINDINGS`] unless the channel chose another) where a
    /// rule's words appear: counted, not checked, so a document full of flagged words costs no
    /// more than the budget.
    pub unchecked: usize,
    /// The check was stopped (its time was up) before the end of the document.
    pub stopped: bool,
    /// What the person should know about it ("this file is not UTF-8…").
    pub notes: Vec<String>,
    /// The words of an HTML page as a reader of the rendered page sees them (its text is its
    /// markup), for a view of the page without its tags; `None` for other formats.
    pub prose: Option<String>,
    /// Its reading age, when a pack that is on asks for it (`plain`).
    pub reading_age: Option<ReadingAge>,
}

/// The most findings for one document unless a channel chooses otherwise: as many as an editor
/// can show usefully; past them, places with a rule's words are counted, not checked.
pub const MAX_FINDINGS: usize = 10_000;

/// The limits every channel checks a document within unless it chooses others: a budget of
/// [`MAX_FINDINGS`] findings, and no way to stop.
pub fn default_limits() -> Limits<'static> {
    Limits {
        max_findings: MAX_FINDINGS,
        stop: None,
    }
}

/// Reads `source` and checks it under the project's policy and its own suppression comments:
/// the one step every channel takes (`concord check` on files, standard input and pages from
/// the web, the web checker, the language server). An error says why the bytes are not a
/// document of their format.
pub fn check_source(project: &Project, source: &Source<'_>) -> Result<Checked, FormatError> {
    check_source_within(project, source, &default_limits())
}

/// [`check_source`] within `limits`: a budget of findings, and a flag that stops the check.
pub fn check_source_within(
    project: &Project,
    source: &Source<'_>,
    limits: &Limits<'_>,
) -> Result<Checked, FormatError> {
    let read = source.read(limits.stop)?;
    let diagnosed = diagnose(
        project,
        &read.document,
        read.source.as_deref(),
        &source.config_path(),
        limits,
    );
    let format = read.document.format;
    let reading_age = project
        .config
        .reading_age(&project.rules)
        .then(|| reading_age::measure(&read.document, read.source.is_some()))
        .flatten();
    // The text is owned only now, with the document's prose gone unless it is needed: a large
    // file is never held three times over.
    let (text, prose) = match read.source {
        Some(source) if format == Format::Html => (source.into_owned(), Some(read.document.prose)),
        Some(source) => {
            drop(read.document);
            (source.into_owned(), None)
        }
        None => (read.document.prose, None),
    };
    Ok(Checked {
        format,
        text,
        prose,
        stored: read.stored,
        diagnostics: diagnosed.diagnostics,
        unchecked: diagnosed.unchecked,
        stopped: diagnosed.stopped,
        notes: read.notes,
        reading_age,
    })
}

/// Diagnostics within limits, and what the limits left out.
pub(crate) struct Diagnosed {
    pub diagnostics: Vec<Diagnostic>,
    pub unchecked: usize,
    pub stopped: bool,
}

/// Checks `document` (the file at `path`; `source` is its text for text formats) under the
/// project's policy (its configuration, with any editor settings layered on), applies the
/// suppression comments of text documents, and returns every diagnostic in document order.
/// Suppression comments that suppress nothing are diagnostics of [`UNUSED_SUPPRESSION`].
pub fn check(
    project: &Project,
    document: &Document,
    source: Option<&str>,
    path: &Path,
) -> Vec<Diagnostic> {
    diagnose(project, document, source, path, &Limits::default()).diagnostics
}

/// [`check`] within `limits`.
pub(crate) fn diagnose(
    project: &Project,
    document: &Document,
    source: Option<&str>,
    path: &Path,
    limits: &Limits<'_>,
) -> Diagnosed {
    let policy = project.config.policy(path, &project.rules);
    let found = project
        .rules
        .check_within(&document.prose, document.blocks(), &policy, limits);
    let mut diagnostics: Vec<Diagnostic> = found
        .findings
        .into_iter()
        .map(|finding| diagnostic(document, source.is_some(), finding))
        .collect();
    if let Some(text) = source {
        let comments = document
            .comments
            .iter()
            .map(|c| (c.text.as_str(), c.source.clone()));
        let mut suppressions = Suppressions::parse(text, comments);
        diagnostics.retain(|d| {
            let at = d.location.range().start;
            !suppressions.suppresses(&d.rule, d.concern.as_deref(), at)
        });
        diagnostics.extend(suppressions.unused().map(|directive| Diagnostic {
            rule: UNUSED_SUPPRESSION.to_string(),
            concern: None,
            severity: Severity::Hint,
            message: UNUSED_SUPPRESSION_MESSAGE.to_string(),
            matched: text[directive.source.clone()].to_string(),
            location: Location::Source(directive.source.clone()),
            in_prose: None,
            suggestions: Vec::new(),
            fix: None,
            targets: Vec::new(),
        }));
    }
    diagnostics.sort_by_key(|d| d.location.range().start);
    Diagnosed {
        diagnostics,
        unchecked: found.unchecked,
        stopped: found.stopped,
    }
}

/// The diagnostic of one engine finding, located in the source (text formats) or by block.
fn diagnostic(document: &Document, text_format: bool, finding: Finding<'_>) -> Diagnostic {
    let prose = finding.span.clone();
    let block = document.block_at(prose.start);
    let in_prose = InProse {
        words: prose.clone(),
        block: block.map_or(prose.clone(), |(b, _)| b.range.clone()),
    };
    let location = Location::in_document(document, text_format, prose.clone());
    let targets = match &location {
        Location::Source(_) => document.source_ranges(prose.clone()).unwrap_or_default(),
        Location::Block { .. } => Vec::new(),
    };
    let mut diagnostic = Diagnostic {
        rule: finding.rule.id.clone(),
        concern: finding.concern.map(String::from),
        severity: finding.severity,
        message: finding.message.to_string(),
        matched: document.prose[prose].to_string(),
        location,
        in_prose: Some(in_prose),
        suggestions: finding.suggestions,
        fix: None,
        targets,
    };
    diagnostic.fix = fix(&diagnostic, finding.fix);
    diagnostic
}

/// The fix of `diagnostic`: the rule's `replacement` (safe where the words can be edited in
/// place, display-only where they cannot), else its first suggestion where they can be edited
/// (unsafe: the wording needs a person's judgement).
fn fix(diagnostic: &Diagnostic, replacement: Option<String>) -> Option<Fix> {
    let (replacement, applicability) = match replacement {
        Some(replacement) if diagnostic.targets.is_empty() => {
            (replacement, Applicability::DisplayOnly)
        }
        Some(replacement) => (replacement, Applicability::Safe),
        None if diagnostic.targets.is_empty() => return None,
        None => (
            diagnostic.suggestions.first()?.clone(),
            Applicability::Unsafe,
        ),
    };
    Some(Fix {
        edits: diagnostic.edits(&replacement).unwrap_or_default(),
        replacement,
        applicability,
    })
}

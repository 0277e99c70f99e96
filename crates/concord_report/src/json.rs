//! `--format json`: a stable contract for CI systems (version 1).

use std::collections::BTreeMap;
use std::io::{self, Write};

use concord_engine::Position;
use serde::Serialize;

use concord_pipeline::reading_age;

use crate::counts;
use crate::problem::Problem;
use crate::report::FileReport;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    /// Files and URLs that could not be checked.
    errors: Vec<Error<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    /// The page's address, for pages and documents read from the web (the same as `path`).
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    format: &'a str,
    diagnostics: Vec<Diagnostic<'a>>,
    /// Places past the budget of one document with a rule's words: counted, not checked.
    #[serde(skip_serializing_if = "is_zero")]
    unchecked: usize,
    /// The document's reading age, when a pack that is on asks for it (additive to version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    reading_age: Option<ReadingAge>,
}

#[derive(Serialize)]
struct ReadingAge {
    /// In years, to one decimal place.
    years: f64,
    formula: &'static str,
    /// The age public pages should be written for.
    target: f64,
    words: usize,
    sentences: usize,
    /// The hardest paragraphs above the target, hardest first.
    paragraphs: Vec<HardParagraph>,
}

#[derive(Serialize)]
struct HardParagraph {
    years: f64,
    start: Position,
    locator: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    /// The part of the rule that found it, for rules that name their parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    concern: Option<&'a str>,
    severity: &'a str,
    message: &'a str,
    matched: &'a str,
    start: Position,
    end: Position,
    locator: String,
    suggestions: &'a [String],
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Fix<'a> {
    replacement: &'a str,
}

#[derive(Serialize)]
struct Error<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    message: String,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    diagnostics: usize,
    by_severity: BTreeMap<&'static str, usize>,
}

/// Writes the reports and problems as one JSON document.
pub fn render(reports: &[FileReport], problems: &[Problem], out: &mut dyn Write) -> io::Result<()> {
    let files = reports
        .iter()
        .map(|report| {
            // Offsets count the bytes of the file as stored (UTF-16, a byte-order mark).
            let mut offsets = report.stored_offsets();
            let mut stored = |p: Position| Position {
                offset: offsets.at(p.offset),
                ..p
            };
            File {
                path: report.name(),
                url: report.origin.url(),
                format: report.format.name(),
                unchecked: report.unchecked,
                reading_age: report.reading_age.as_ref().map(|r| ReadingAge {
                    years: r.tenths(),
                    formula: reading_age::FORMULA,
                    target: reading_age::TARGET_AGE,
                    words: r.words,
                    sentences: r.sentences,
                    paragraphs: r
                        .paragraphs
                        .iter()
                        .map(|p| HardParagraph {
                            years: p.tenths(),
                            start: stored(report.paragraph_start(p)),
                            locator: report.place(&p.location),
                        })
                        .collect(),
                }),
                diagnostics: report
                    .diagnostics
                    .iter()
                    .map(|d| Diagnostic {
                        rule: &d.rule,
                        concern: d.concern.as_deref(),
                        severity: d.severity.as_str(),
                        message: &d.message,
                        matched: &d.matched,
                        start: stored(d.start),
                        end: stored(d.end),
                        locator: report.locator(d),
                        suggestions: &d.suggestions,
                        fix: d.rule_fix().map(|f| Fix {
                            replacement: &f.replacement,
                        }),
                    })
                    .collect(),
            }
        })
        .collect();
    let by_severity = counts::by_severity(reports)
        .into_iter()
        .map(|(sev, n)| (sev.as_str(), n))
        .collect();
    let output = Output {
        version: 1,
        files,
        errors: problems
            .iter()
            .map(|p| Error {
                path: p.name(),
                url: p.origin.url(),
                message: p.message(),
            })
            .collect(),
        summary: Summary {
            files: reports.len(),
            diagnostics: reports.iter().map(|r| r.diagnostics.len()).sum(),
            by_severity,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

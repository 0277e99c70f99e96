//! Output formats of `concord check`. Each takes everything a run found and writes it.

mod checkstyle;
mod github;
pub mod html;
mod human;
mod json;
mod junit;
mod rdjson;
mod sarif;

use std::io::{self, Write};

use concord_engine::Severity;

use concord_pipeline::Location;
use concord_pipeline::registry::Registry;

use crate::cli::Format;
use crate::inputs::Problem;
use crate::report::{FileReport, Reported};

/// Everything one `concord check` run found.
pub struct Run<'a> {
    /// Reports of the files checked, sorted by path.
    pub reports: &'a [FileReport],
    /// Files that could not be checked, and why.
    pub problems: &'a [Problem],
    /// Every rule the run could report.
    pub registry: &'a Registry,
}

/// Writes `run` in `format`. `color` and `quiet` (no summary) apply to human output only.
pub fn render(
    format: Format,
    run: &Run<'_>,
    color: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(run.reports, color, quiet, out),
        Format::Json => json::render(run.reports, run.problems, out),
        Format::Sarif => sarif::render(run, out),
        Format::Github => github::render(run, out),
        Format::Junit => junit::render(run, out),
        Format::Rdjson => rdjson::render(run, out),
        Format::Checkstyle => checkstyle::render(run, out),
        Format::Html => html::render(run, out),
    }
}

/// `--statistics`: how many findings each rule made, most first, as ruff prints them.
pub fn statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let counts = counts_by_rule(reports);
    for (rule, severity, n) in &counts {
        writeln!(out, "{n:>6}  {rule:<34} {severity}")?;
    }
    let total: usize = counts.iter().map(|c| c.2).sum();
    writeln!(out, "{total:>6}  in total")
}

/// How many findings each rule made, with its most serious severity: most findings first,
/// then by rule id. `--statistics` and the HTML report's summary both show this.
fn counts_by_rule(reports: &[FileReport]) -> Vec<(&str, Severity, usize)> {
    let mut counts: Vec<(&str, Severity, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match counts.iter_mut().find(|(rule, _, _)| *rule == d.rule) {
            Some((_, severity, n)) => {
                *n += 1;
                *severity = (*severity).max(d.severity);
            }
            None => counts.push((&d.rule, d.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    counts
}

/// How many findings there are of each severity, most serious first.
fn counts_by_severity(reports: &[FileReport]) -> Vec<(Severity, usize)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|&sev| {
            let n = reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .filter(|d| d.severity == sev)
                .count();
            (sev, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// A JSON array whose items are made while it is written, so a run with many findings never
/// holds them all as JSON values at once. `F` makes the items afresh each time.
pub(crate) struct Stream<F>(pub F);

impl<F, I> serde::Serialize for Stream<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// The finding's message with what to write instead, and where it is in an office file or
/// PDF, for formats that show one line of text.
fn message_with_advice(d: &Reported) -> String {
    let message = d.message_with_advice();
    match &d.location {
        Location::Block { locator, .. } => format!("{message} ({locator})"),
        Location::Source(_) => message,
    }
}

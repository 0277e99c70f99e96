//! Output formats of `concord check`. Each takes everything a run found and writes it.

mod checkstyle;
mod github;
mod human;
mod json;
mod junit;
mod rdjson;
mod sarif;

use std::io::{self, Write};

use concord_engine::Severity;

use crate::catalog::RuleInfo;
use crate::cli::Format;
use crate::inputs::Problem;
use crate::report::FileReport;

/// Everything one `concord check` run found.
pub struct Run<'a> {
    /// Reports of the files checked, sorted by path.
    pub reports: &'a [FileReport],
    /// Files that could not be checked, and why.
    pub problems: &'a [Problem],
    /// Every rule the run could report.
    pub rules: &'a [RuleInfo],
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
        Format::Json => json::render(run.reports, out),
        Format::Sarif => sarif::render(run, out),
        Format::Github => github::render(run, out),
        Format::Junit => junit::render(run, out),
        Format::Rdjson => rdjson::render(run, out),
        Format::Checkstyle => checkstyle::render(run, out),
    }
}

/// `--statistics`: how many findings each rule made, most first, as ruff prints them.
pub fn statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(String, Severity, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match counts.iter_mut().find(|(rule, _, _)| *rule == d.rule) {
            Some((_, severity, n)) => {
                *n += 1;
                *severity = (*severity).max(d.severity);
            }
            None => counts.push((d.rule.clone(), d.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    for (rule, severity, n) in &counts {
        writeln!(out, "{n:>6}  {rule:<34} {severity}")?;
    }
    let total: usize = counts.iter().map(|c| c.2).sum();
    writeln!(out, "{total:>6}  in total")
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

/// The finding's message with what to write instead, for formats that show one line of text.
fn message_with_advice(d: &crate::report::Diagnostic) -> String {
    let mut message = d.message.clone();
    let advice = d.fix.as_ref().or(d.suggestions.first());
    if let Some(advice) = advice {
        message.push_str(&format!(" Write instead: “{advice}”."));
    }
    if !d.in_source {
        message.push_str(&format!(" ({})", d.locator));
    }
    message
}

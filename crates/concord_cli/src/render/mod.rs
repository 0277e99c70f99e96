//! Output formats of `concord check`. Each takes the reports of every file and writes them.

mod human;
mod json;

use std::io::{self, Write};

use concord_engine::Severity;

use crate::cli::Format;
use crate::report::FileReport;

/// Writes `reports` in `format`. `color` applies to human output only.
pub fn render(
    format: Format,
    reports: &[FileReport],
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(reports, color, out),
        Format::Json => json::render(reports, out),
    }
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

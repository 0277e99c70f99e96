//! `--format github`: GitHub Actions workflow commands, shown as annotations on the changed lines.

use std::io::{self, Write};

use concord_engine::Severity;

use crate::run::Run;

/// Writes `run` in this format.
pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    for report in run.reports {
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let mut properties = vec![format!("file={}", property(report.name()))];
            if d.location.in_source() {
                properties.push(format!(
                    "line={},col={},endLine={},endColumn={}",
                    d.start.line, d.start.column, d.end.line, d.end.column
                ));
            }
            properties.push(format!("title={}", property(&d.rule)));
            writeln!(
                out,
                "::{level} {}::{}",
                properties.join(","),
                data(&d.one_line_message())
            )?;
        }
    }
    for report in run.reports {
        if let Some(note) = report.reading_age_note() {
            writeln!(
                out,
                "::notice file={},title=Reading age::{}",
                property(report.name()),
                data(&note)
            )?;
        }
    }
    for problem in run.problems {
        writeln!(
            out,
            "::error file={},title=concord::{}",
            property(&problem.name()),
            data(&problem.message())
        )?;
    }
    Ok(())
}

/// Escapes a command's message, as the GitHub Actions toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value, as the GitHub Actions toolkit does.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

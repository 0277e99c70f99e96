//! `--format rdjson`: reviewdog's diagnostic format, for review comments on pull requests.
//! reviewdog counts columns in UTF-8 bytes.

use std::io::{self, Write};

use concord_engine::Severity;
use serde_json::{Value, json};

use serde::Serialize;

use crate::report::{FileReport, READING_AGE, Reported};
use crate::run::Run;
use crate::stream::Stream;

/// Writes `run` in this format.
pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = Stream(|| {
        run.reports
            .iter()
            .flat_map(|report| {
                report
                    .diagnostics
                    .iter()
                    .map(move |d| diagnostic(run, report, d))
            })
            // A document's reading age is about the whole file: a note on the file, not a line.
            .chain(run.reports.iter().filter_map(|report| {
                Some(json!({
                    "message": report.reading_age_note()?,
                    "location": { "path": report.name() },
                    "severity": "INFO",
                    "source": { "name": "concord" },
                    "code": { "value": READING_AGE },
                }))
            }))
            .chain(run.problems.iter().map(|problem| {
                json!({
                    "message": format!("This could not be checked: {}", problem.message()),
                    "location": { "path": problem.name() },
                    "severity": "ERROR",
                    "source": { "name": "concord" },
                })
            }))
    });
    let result = Rdjson {
        source: json!({ "name": "concord", "url": env!("CARGO_PKG_REPOSITORY") }),
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

/// A reviewdog diagnostic result; its diagnostics are written as they are made.
#[derive(Serialize)]
struct Rdjson<D> {
    source: Value,
    diagnostics: D,
}

fn diagnostic(run: &Run<'_>, report: &FileReport, d: &Reported) -> Value {
    let path = report.name();
    let severity = match d.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info | Severity::Hint => "INFO",
    };
    let mut value = json!({
        "message": d.one_line_message(),
        "location": { "path": path },
        "severity": severity,
        "source": { "name": "concord" },
        "code": { "value": d.rule },
    });
    if let Some(docs) = run.registry.get(&d.rule).and_then(|(_, r)| r.docs.as_ref()) {
        value["code"]["url"] = json!(docs);
    }
    if d.location.in_source() {
        let ((start_line, start_col), (end_line, end_col)) = report.byte_columns(d);
        let range = json!({
            "start": { "line": start_line, "column": start_col },
            "end": { "line": end_line, "column": end_col },
        });
        let replacements: Vec<&str> = match d.rule_fix() {
            Some(fix) => vec![fix.replacement.as_str()],
            None => d.suggestions.iter().map(String::as_str).collect(),
        };
        value["suggestions"] = replacements
            .iter()
            .map(|text| json!({ "range": range, "text": text }))
            .collect();
        value["location"]["range"] = range;
    }
    value
}

//! `--format rdjson`: reviewdog's diagnostic format, for review comments on pull requests.
//! reviewdog counts columns in UTF-8 bytes.

use std::io::{self, Write};

use concord_engine::Severity;
use serde_json::{Value, json};

use super::Run;
use crate::catalog::docs_url;
use crate::report::Diagnostic;

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics: Vec<Value> = run
        .reports
        .iter()
        .flat_map(|report| {
            report
                .diagnostics
                .iter()
                .map(move |d| diagnostic(&report.path, d))
        })
        .collect();
    let result = json!({
        "source": { "name": "concord", "url": env!("CARGO_PKG_REPOSITORY") },
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

fn diagnostic(path: &str, d: &Diagnostic) -> Value {
    let severity = match d.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info | Severity::Hint => "INFO",
    };
    let mut value = json!({
        "message": super::message_with_advice(d),
        "location": { "path": path },
        "severity": severity,
        "source": { "name": "concord" },
        "code": { "value": d.rule, "url": docs_url(&d.rule) },
    });
    if d.in_source {
        let ((start_line, start_col), (end_line, end_col)) = d.byte_columns();
        let range = json!({
            "start": { "line": start_line, "column": start_col },
            "end": { "line": end_line, "column": end_col },
        });
        let replacements: Vec<&String> = d
            .fix
            .iter()
            .chain(if d.fix.is_none() {
                d.suggestions.iter()
            } else {
                [].iter()
            })
            .collect();
        value["suggestions"] = replacements
            .iter()
            .map(|text| json!({ "range": range, "text": text }))
            .collect();
        value["location"]["range"] = range;
    }
    value
}

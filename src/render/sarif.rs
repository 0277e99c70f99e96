//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers,
//! with rule metadata, help text and fixes.

use std::io::{self, Write};

use concord_engine::Severity;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use concord_pipeline::registry::RuleInfo;
use serde::Serialize;

use super::{Run, Stream};
use crate::baseline::Fingerprint;
use crate::report::{FileReport, Reported};

/// Characters kept as they are in artifact URIs: unreserved characters and the path separator.
const URI_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = run.registry.rules().iter().map(rule).collect();
    let results = Stream(|| {
        run.reports.iter().flat_map(|report| {
            report
                .diagnostics
                .iter()
                .map(move |d| result(run, report, d))
        })
    });
    let notifications: Vec<Value> = run
        .problems
        .iter()
        .map(|p| json!({
            "level": "error",
            "message": { "text": format!("{}: {}", p.name, p.message) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&p.name) } } }],
        }))
        .collect();
    let sarif = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: json!({ "driver": {
                "name": "concord",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }}),
            invocations: json!([{
                "executionSuccessful": run.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// A SARIF log, its keys in the order validators expect.
#[derive(Serialize)]
struct Sarif<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<R>; 1],
}

/// The one run of a SARIF log; its results are written as they are made.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<R> {
    tool: Value,
    invocations: Value,
    column_kind: &'static str,
    results: R,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule(info: &RuleInfo) -> Value {
    let name: String = info
        .id
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    let advice = if info.suggestions.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nWrite instead: {}.",
            info.suggestions
                .iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    let mut rule = json!({
        "id": info.id,
        "name": name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": info.message },
        "help": {
            "text": format!("{}{advice}\n\nSource: {}", info.rationale, info.source),
            "markdown": format!("{}{advice}\n\n**Source:** {}", info.rationale, info.source),
        },
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": [info.id.split('/').next().unwrap_or_default()] },
    });
    if let Some(docs) = &info.docs {
        rule["helpUri"] = json!(docs);
    }
    rule
}

fn result(run: &Run<'_>, report: &FileReport, d: &Reported) -> Value {
    let path = report.path.as_str();
    let index = run.registry.get(&d.rule).map_or(0, |(i, _)| i);
    let region = json!({
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": d.end.column,
        "snippet": { "text": d.matched },
    });
    let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } });
    if d.location.in_source() {
        location["physicalLocation"]["region"] = region.clone();
    } else {
        location["logicalLocations"] = json!([{ "name": report.locator(d), "kind": "element" }]);
    }
    let fingerprint = Fingerprint::of(report, d);
    let mut result = json!({
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": level(d.severity),
        "message": { "text": super::message_with_advice(d) },
        "locations": [location],
        "partialFingerprints": { "concordContext/v1": format!("{}|{}", fingerprint.rule, fingerprint.context) },
    });
    let edits = d
        .fix
        .as_ref()
        .and_then(|fix| Some((fix, d.edits(&fix.replacement)?)));
    if let Some((fix, edits)) = edits {
        let replacements: Vec<Value> = edits
            .iter()
            .map(|edit| {
                let (start, end) = report.region(d, edit.range.clone());
                json!({
                    "deletedRegion": { "startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column },
                    "insertedContent": { "text": edit.text },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": format!("Replace “{}” with “{}”", d.matched, fix.replacement) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(path) },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// A file path as a SARIF artifact URI: relative paths stay relative, absolute ones become
/// `file://` URIs, and anything outside unreserved characters is percent-encoded. A page read
/// from the web is its URL, as it is.
fn uri(path: &str) -> String {
    if crate::web::is_url(path) {
        return path.to_string();
    }
    let path = path.replace('\\', "/");
    let encoded = utf8_percent_encode(&path, URI_KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

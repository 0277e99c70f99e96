//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers,
//! with rule metadata, help text and fixes.

use std::io::{self, Write};

use concord_config::registry::RuleInfo;
use concord_engine::Severity;
use concord_pipeline::{Origin, reading_age};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::fingerprint::Fingerprint;
use crate::report::{FileReport, READING_AGE, Reported};
use crate::run::Run;
use crate::stream::Stream;

/// Characters kept as they are in artifact URIs: unreserved characters and the path separator.
const URI_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Writes `run` as one SARIF log.
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
    let mut notifications: Vec<Value> = run
        .problems
        .iter()
        .map(|p| json!({
            "level": "error",
            "message": { "text": format!("{}: {}", p.name(), p.message()) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&p.origin, &p.name()) } } }],
        }))
        .collect();
    // A document's reading age is a note about the run, on its file, with the number itself
    // in the notification's property bag.
    notifications.extend(run.reports.iter().filter_map(|report| {
        let age = report.reading_age.as_ref()?;
        Some(json!({
            "level": "note",
            "descriptor": { "id": READING_AGE },
            "message": { "text": format!("{}: {}", report.name(), report.reading_age_note()?) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&report.origin, report.name()) } } }],
            "properties": { "readingAge": age.tenths(), "target": reading_age::TARGET_AGE },
        }))
    }));
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
    let artifact = uri(&report.origin, report.name());
    let index = run.registry.get(&d.rule).map_or(0, |(i, _)| i);
    let region = json!({
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": d.end.column,
        "snippet": { "text": d.matched },
    });
    let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": artifact } } });
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
        "message": { "text": d.one_line_message() },
        "locations": [location],
        "partialFingerprints": { "concordContext/v1": format!("{}|{}", fingerprint.rule, fingerprint.context) },
    });
    if let Some(fix) = d.rule_fix().filter(|fix| !fix.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
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
                "artifactLocation": { "uri": artifact },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// The SARIF artifact URI of what `origin` names as `name`: a page read from the web is its
/// URL, as it is; a file's relative path stays relative, an absolute one becomes a `file://`
/// URI, and anything outside unreserved characters is percent-encoded.
fn uri(origin: &Origin, name: &str) -> String {
    if let Some(url) = origin.url() {
        return url.to_string();
    }
    let path = name.replace('\\', "/");
    let encoded = utf8_percent_encode(&path, URI_KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

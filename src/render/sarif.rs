//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers,
//! with rule metadata, help text and fixes.

use std::io::{self, Write};

use concord_engine::Severity;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::Run;
use crate::baseline::Fingerprint;
use crate::catalog::{RuleInfo, docs_url};
use crate::report::Diagnostic;

/// Characters kept as they are in artifact URIs: unreserved characters and the path separator.
const URI_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = run.rules.iter().map(rule).collect();
    let results: Vec<Value> = run
        .reports
        .iter()
        .flat_map(|report| {
            report
                .diagnostics
                .iter()
                .map(move |d| result(run.rules, &report.path, d))
        })
        .collect();
    let notifications: Vec<Value> = run
        .problems
        .iter()
        .map(|p| json!({
            "level": "error",
            "message": { "text": format!("{}: {}", p.name, p.message) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&p.name) } } }],
        }))
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "concord",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": run.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
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
        .map(|w| w[..1].to_uppercase() + &w[1..])
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
    json!({
        "id": info.id,
        "name": name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": info.message },
        "help": {
            "text": format!("{}{advice}\n\nSource: {}", info.rationale, info.source),
            "markdown": format!("{}{advice}\n\n**Source:** {}", info.rationale, info.source),
        },
        "helpUri": docs_url(&info.id),
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": [info.id.split('/').next().unwrap_or_default()] },
    })
}

fn result(rules: &[RuleInfo], path: &str, d: &Diagnostic) -> Value {
    let index = rules
        .iter()
        .position(|r| r.id == d.rule)
        .unwrap_or_default();
    let region = json!({
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": d.end.column,
        "snippet": { "text": d.matched },
    });
    let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } });
    if d.in_source {
        location["physicalLocation"]["region"] = region.clone();
    } else {
        location["logicalLocations"] = json!([{ "name": d.locator, "kind": "element" }]);
    }
    let fingerprint = Fingerprint::of(path, d);
    let mut result = json!({
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": level(d.severity),
        "message": { "text": super::message_with_advice(d) },
        "locations": [location],
        "partialFingerprints": { "concordContext/v1": format!("{}|{}", fingerprint.rule, fingerprint.context) },
    });
    if let (Some(fix), true) = (&d.fix, d.in_source) {
        result["fixes"] = json!([{
            "description": { "text": format!("Replace “{}” with “{fix}”", d.matched) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(path) },
                "replacements": [{
                    "deletedRegion": { "startLine": d.start.line, "startColumn": d.start.column, "endLine": d.end.line, "endColumn": d.end.column },
                    "insertedContent": { "text": fix },
                }],
            }],
        }]);
    }
    result
}

/// A file path as a SARIF artifact URI: relative paths stay relative, absolute ones become
/// `file://` URIs, and anything outside unreserved characters is percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let encoded = utf8_percent_encode(&path, URI_KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

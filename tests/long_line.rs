//! A document written on one line (minified HTML, text pasted from a PDF, an upload made to
//! hurt) with tens of thousands of findings: every output format stays within bounded memory
//! and reports every finding at its exact column.

use std::fs;
use std::process::{Command, Stdio};

use nix::sys::resource::{UsageWho, getrusage};

#[path = "it/lsp_client.rs"]
mod lsp_client;

/// Peak resident memory allowed for checking the file, in every format.
const MEMORY_LIMIT_KB: i64 = 200 * 1024;

/// Sentences that each hold findings, repeated to make one 2 MB line.
const PARTS: [&str; 4] = [
    "ISIS recruits online and",
    "the no-go area near",
    "Muslim extremists said",
    "a radical overhaul of bins and",
];

fn one_long_line() -> (String, usize) {
    let mut line = String::new();
    let mut flagged = 0;
    for part in PARTS.iter().cycle() {
        if line.len() >= 2_000_000 {
            break;
        }
        line.push_str(part);
        line.push(' ');
        // "ISIS", "no-go area" and "Muslim extremists" are flagged; the overhaul is not.
        flagged += usize::from(!part.contains("overhaul"));
    }
    (line, flagged)
}

/// Runs the real binary with output to a file and returns its exit code.
fn run(args: &[&str], out: &std::path::Path) -> i32 {
    let status = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(fs::File::create(out).unwrap()))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    status.code().unwrap_or(-1)
}

/// The peak resident memory of the largest child this test process has waited for, in KB.
/// This file is its own test binary, so its children are the runs below and nothing else.
fn peak_of_children_kb() -> i64 {
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage works")
        .max_rss()
}

#[test]
fn a_two_megabyte_line_is_reported_in_every_format_within_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (line, expected) = one_long_line();
    assert!(expected >= 40_000, "{expected}");
    let page = dir.path().join("minified.txt");
    fs::write(&page, &line).unwrap();
    let page = page.to_str().unwrap();
    let formats = [
        "json",
        "human",
        "sarif",
        "github",
        "junit",
        "rdjson",
        "checkstyle",
    ];
    std::thread::scope(|scope| {
        for format in formats {
            let out = dir.path().join(format!("out.{format}"));
            scope.spawn(move || {
                // Every finding, past the budget of 10,000: this test is about output size.
                let args = [
                    "check",
                    "--no-config",
                    "--max-findings",
                    "0",
                    page,
                    "--format",
                    format,
                ];
                let code = run(&args, &out);
                assert_eq!(code, 1, "{format}: findings fail the check");
                let output = fs::read_to_string(&out).unwrap();
                let count = match format {
                    "json" => output.matches("\"rule\": ").count(),
                    "human" => output.matches("\n --> ").count(),
                    "sarif" => output.matches("\"ruleId\": ").count(),
                    "github" => output.lines().count(),
                    "junit" => output.matches("minified.txt:1:").count(),
                    "rdjson" => output.matches("\"message\": ").count(),
                    _ => output.matches("<error ").count(),
                };
                assert_eq!(count, expected, "{format}");
            });
        }
    });
    let peak_kb = peak_of_children_kb();
    assert!(peak_kb > 10 * 1024, "the measurement works: {peak_kb} KB");
    assert!(
        peak_kb < MEMORY_LIMIT_KB,
        "{peak_kb} KB at peak, over {MEMORY_LIMIT_KB} KB"
    );
    // The last finding's column is exact, counted from the start of the 2 MB line.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    let last = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let column = last["start"]["column"].as_u64().unwrap() as usize;
    let matched = last["matched"].as_str().unwrap();
    assert_eq!(&line[column - 1..column - 1 + matched.len()], matched);
    assert!(column > 1_900_000, "{column}");
}

/// The same line opened in the language server: the first 10,000 findings are published with
/// one more diagnostic saying how many were left out, and the server's peak resident memory
/// (read while it still runs) stays within the same bound.
#[cfg(target_os = "linux")]
#[test]
fn the_language_server_publishes_a_two_megabyte_line_within_bounded_memory() {
    let (line, expected) = one_long_line();
    let uri = "file:///tmp/concord-long-line/minified.txt";
    let mut client = lsp_client::Client::start(serde_json::json!({}), serde_json::json!(null));
    // This test is about memory, not speed: a debug build on a busy two-core machine may take
    // minutes over 60,000 findings, so only a server that never answers fails it.
    client.patience = std::time::Duration::from_secs(300);
    client.open(uri, "plaintext", &line);
    let diagnostics = client.diagnostics(uri, Some(1));
    assert_eq!(diagnostics.len(), 10_001);
    assert!(expected > 10_000);
    let last = diagnostics.last().unwrap()["message"].as_str().unwrap();
    assert!(
        last.contains("concord stopped after 10000 problems")
            && last.contains("more places with words the rules look for were not checked"),
        "{last}"
    );
    let status = fs::read_to_string(format!("/proc/{}/status", client.child.id())).unwrap();
    let peak_kb: i64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status");
    assert!(
        peak_kb < MEMORY_LIMIT_KB,
        "the server peaked at {peak_kb} KB, over {MEMORY_LIMIT_KB} KB"
    );
}

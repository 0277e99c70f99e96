//! Tests of the real `concord` binary: what a user types, what they see, the exit status.

mod annotate;
mod bad_input;
mod check;
mod config;
mod crawl;
mod docs;
mod dogfood;
mod encodings;
mod fix_channels;
mod formats;
mod gate;
mod import;
mod layout;
mod lsp;
mod lsp_client;
mod outputs;
mod rules;
mod seeds;
mod serve;
mod site;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The `concord` binary built by Cargo for this test run, with colour forced off.
pub fn concord() -> Command {
    let mut cmd = Command::cargo_bin("concord").expect("the concord binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// An HTTP client for the tests' requests. reqwest is built without a crypto provider (concord
/// installs ring's when it starts one), so the tests install it too.
pub fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}

/// Every `--format` of `concord check`.
pub const FORMATS: [&str; 8] = [
    "human",
    "json",
    "sarif",
    "github",
    "junit",
    "rdjson",
    "checkstyle",
    "html",
];

/// The workspace root, where `examples/` and `rules/` live.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Standard output parsed as JSON.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The peak resident memory of process `pid` so far, in KB (`VmHWM` in `/proc/PID/status`).
#[cfg(target_os = "linux")]
pub fn peak_kb(pid: u32) -> i64 {
    read_peak_kb(pid).expect("VmHWM in /proc/PID/status")
}

/// [`peak_kb`], or `None` once the process has gone.
#[cfg(target_os = "linux")]
fn read_peak_kb(pid: u32) -> Option<i64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Waits for `child` to end, watching its peak resident memory; returns its output and that
/// peak in KB.
#[cfg(target_os = "linux")]
pub fn run_watching_memory(mut child: std::process::Child) -> (Output, i64) {
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        peak = peak.max(read_peak_kb(child.id()).unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), peak)
}

/// `(rule, matched)` of every finding in every file of a JSON report.
pub fn found(output: &std::process::Output) -> Vec<(String, String)> {
    json(output)["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

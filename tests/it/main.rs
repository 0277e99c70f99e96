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
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

//! Records which commit the binary was built from, for `concord --version`: from git when the
//! source is a checkout, else from `CONCORD_COMMIT` (a release built from a source archive).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=CONCORD_COMMIT");
    let commit = std::env::var("CONCORD_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown commit".to_string());
    println!("cargo:rustc-env=CONCORD_COMMIT={commit}");
}

/// `abc1234def 2026-12-06`: the short hash and date of HEAD, when git can tell.
fn git_commit() -> Option<String> {
    let git = Path::new(".git");
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    // Build again when HEAD moves: a commit, a checkout, or a branch's ref changing. (Only
    // files that exist: cargo reruns a build script every time for one that does not.)
    let mut watched = vec![git.join("HEAD"), git.join("packed-refs")];
    if let Some(reference) = head.trim().strip_prefix("ref: ") {
        watched.push(git.join(reference));
    }
    for path in watched.iter().filter(|path| path.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let output = Command::new("git")
        .args(["log", "-1", "--format=%h %cs", "--abbrev=10"])
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

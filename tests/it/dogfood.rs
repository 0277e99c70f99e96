//! concord's own documentation passes concord: no warnings in what we ask others to read.

use crate::{concord, json, workspace};

#[test]
fn the_readmes_and_architecture_pass_at_warning_level() {
    let output = concord()
        .current_dir(workspace())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "README.md",
            "ARCHITECTURE.md",
            "rules/README.md",
            "tests/seeds/REVIEW.md",
        ])
        .output()
        .unwrap();
    let value = json(&output);
    let serious: Vec<String> = value["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["severity"] == "warning" || d["severity"] == "error")
                .map(move |d| {
                    format!(
                        "{path}:{} {} {:?}",
                        d["start"]["line"], d["rule"], d["matched"]
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        serious.is_empty(),
        "concord's own docs use wording it flags:\n{}",
        serious.join("\n")
    );
}

//! The two seed reports, checked by the real binary, with every finding snapshotted.
//!
//! Each flagged span in these snapshots was reviewed by hand; a new false positive shows up
//! as a snapshot change in review. Notable decisions are recorded in `tests/seeds/REVIEW.md`.

use std::path::PathBuf;

use crate::{concord, json, workspace};

/// The seed report `name`, from `../shared/seeds` beside the repository (present in CI). A
/// fresh clone elsewhere has no seeds: the test says so and passes without checking.
fn seed(name: &str) -> Option<PathBuf> {
    let path = workspace().join("../shared/seeds").join(name);
    if !path.exists() {
        println!(
            "note: {} is not here (a clone without ../shared); this seed test is skipped",
            path.display()
        );
        return None;
    }
    Some(path)
}

/// One line per finding: line:column, rule, severity, the matched words; `None` without the
/// seed report.
fn findings(name: &str) -> Option<String> {
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(seed(name)?)
        .output()
        .unwrap();
    let value = json(&output);
    let lines = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {} {:?}\n",
                d["start"]["line"],
                d["start"]["column"],
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["matched"].as_str().unwrap()
            )
        })
        .collect();
    Some(lines)
}

#[test]
fn prevent_duty_scrutiny_review() {
    let Some(findings) = findings("004_dbf6c205ce63df8d.txt") else {
        return;
    };
    // The rules page's worked examples.
    for flagged in [
        "\"online radicalisation\"",
        "\"radical\"",
        "\"radicalise\"",
        "\"females\"",
    ] {
        assert!(findings.contains(flagged), "{flagged} not flagged");
    }
    for mention in ["ICSR", "ISIS", "Islamic State", "Trojan"] {
        assert!(!findings.contains(mention), "{mention} must be left alone");
    }
    insta::assert_snapshot!(findings);
}

#[test]
fn peshawar_birmingham_city_exchange() {
    if let Some(findings) = findings("000_5da71452c627d1b3.txt") {
        insta::assert_snapshot!(findings);
    }
}

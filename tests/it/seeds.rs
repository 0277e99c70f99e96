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
    Some(findings_in(&seed(name)?, &[]))
}

/// [`findings`] of the document at `path`, checked with `args` besides.
fn findings_in(path: &std::path::Path, args: &[&str]) -> String {
    let output = concord()
        .args(["check", "--format", "json"])
        .args(args)
        .arg(path)
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
        .collect::<String>();
    match value["files"][0]["reading_age"]["years"].as_f64() {
        Some(years) => format!("{lines}reading age {years}\n"),
        None => lines,
    }
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

/// The `plain` pack alone (off by default) on the press release and both seed reports: every
/// finding, long sentences with their counts, and the reading age, each reviewed by hand in
/// `tests/seeds/REVIEW.md`.
#[test]
fn the_plain_pack_on_the_press_release_and_the_seed_reports() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("plain.toml");
    std::fs::write(&config, "packs = [\"plain\"]\n").unwrap();
    let args = ["--config", config.to_str().unwrap()];
    let release = findings_in(&workspace().join("examples/press-release.md"), &args);
    assert!(release.contains("plain/long-sentence"), "{release}");
    insta::assert_snapshot!("plain_press_release", release);
    for (name, snapshot) in [
        (
            "004_dbf6c205ce63df8d.txt",
            "plain_prevent_duty_scrutiny_review",
        ),
        (
            "000_5da71452c627d1b3.txt",
            "plain_peshawar_birmingham_city_exchange",
        ),
    ] {
        if let Some(path) = seed(name) {
            insta::assert_snapshot!(snapshot, findings_in(&path, &args));
        }
    }
}

//! `concord check` on real files: output formats, positions, exit codes, standard input.

use std::fs;

use crate::{concord, json, stderr, workspace};

#[test]
fn example_press_release_reports_findings_and_fails() {
    let output = concord()
        .current_dir(workspace())
        .args(["check", "examples/press-release.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("warning[cohesion/daesh-naming]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--> examples/press-release.md:8:76"),
        "{stdout}"
    );
    assert!(stdout.contains("^^^^ write “Daesh”"), "{stdout}");
    assert!(
        stdout.contains("Found 8 problems (6 warnings, 2 info) in 1 file."),
        "{stdout}"
    );
    // The everyday "radical overhaul" in the first paragraph is not flagged.
    assert!(
        !stdout.contains("radical overhaul\n  |        ^"),
        "{stdout}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.txt");
    fs::write(
        &path,
        "First line.\nSecond line.\nThey said the ISIS group was weak.\n",
    )
    .unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let value = json(&output);
    let expected = serde_json::json!({
        "version": 1,
        "files": [{
            "path": path.display().to_string(),
            "format": "text",
            "diagnostics": [{
                "rule": "cohesion/daesh-naming",
                "severity": "warning",
                "message": value["files"][0]["diagnostics"][0]["message"],
                "matched": "ISIS",
                "start": {"line": 3, "column": 15, "offset": 39},
                "end": {"line": 3, "column": 19, "offset": 43},
                "locator": "line 3",
                "suggestions": ["Daesh"],
                "fix": {"replacement": "Daesh"}
            }]
        }],
        "errors": [],
        "summary": {"files": 1, "diagnostics": 1, "by_severity": {"warning": 1}}
    });
    assert_eq!(value, expected);
    assert!(
        value["files"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Daesh")
    );
}

#[test]
fn offsets_are_source_bytes_and_columns_are_characters() {
    let text = "Café owners — “worried” — said Islamic\r\n   State fighters had left.\n";
    let output = concord()
        .args(["check", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    let value = json(&output);
    let d = &value["files"][0]["diagnostics"][0];
    let (start, end) = (
        d["start"]["offset"].as_u64().unwrap() as usize,
        d["end"]["offset"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "Islamic\r\n   State");
    assert_eq!(d["matched"], "Islamic\r\n   State");
    assert_eq!(
        d["start"]["column"], 32,
        "columns count characters, not bytes"
    );
    assert_eq!(
        (d["end"]["line"].as_u64(), d["end"]["column"].as_u64()),
        (Some(2), Some(9))
    );
}

#[test]
fn stdin_uses_the_given_filename() {
    let output = concord()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "draft.md",
            "--format",
            "json",
        ])
        .write_stdin("Recruiters for ISIL were active.")
        .output()
        .unwrap();
    assert_eq!(json(&output)["files"][0]["path"], "draft.md");
}

#[test]
fn fail_on_controls_the_exit_status() {
    let hint_only = "We will tackle extremism.";
    let run = |fail_on: &str| {
        concord()
            .args(["check", "-", "--fail-on", fail_on])
            .write_stdin(hint_only)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("warning"), Some(0), "a hint does not fail by default");
    assert_eq!(run("hint"), Some(1));
    assert_eq!(run("never"), Some(0));
    let clean = concord()
        .args(["check", "-"])
        .write_stdin("A radical overhaul of bin collections.")
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("No problems found in 1 file."));
}

#[test]
fn folders_are_walked_in_path_order_respecting_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("b")).unwrap();
    fs::write(dir.path().join("b/page.md"), "Join ISIS.").unwrap();
    fs::write(dir.path().join("a.txt"), "ISIL videos.").unwrap();
    fs::write(dir.path().join("ignored.md"), "ISIS again.").unwrap();
    fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
    fs::write(dir.path().join("image.png"), [0u8, 1, 2]).unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let value = json(&output);
    let paths: Vec<String> = value["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .strip_prefix(&*dir.path().to_string_lossy())
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["/a.txt", "/b/page.md"]);
}

#[test]
fn human_output_has_no_colour_unless_asked() {
    let plain = concord()
        .args(["check", "-"])
        .write_stdin("ISIS")
        .output()
        .unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    let coloured = concord()
        .args(["check", "-", "--color", "always"])
        .write_stdin("ISIS")
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
}

#[test]
fn a_title_in_a_sentence_is_named_not_used_but_a_heading_is_the_writers_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    fs::write(
        &path,
        "# Tackling Radicalisation Workshop Report\n\nStaff attended the Tackling Radicalisation Workshop in May.\n\nShe hosts the podcast Radical Voices.\n",
    )
    .unwrap();
    let output = concord()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report = json(&output);
    let lines: Vec<u64> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1], "only the heading is flagged");
}

#[test]
fn a_document_full_of_flagged_words_stops_at_the_budget_and_says_how_many_places_were_left() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("wall.txt");
    std::fs::write(&page, "ISIS ".repeat(12_000)).unwrap();
    let output = concord()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&page)
        .output()
        .unwrap();
    let report = crate::json(&output);
    let file = &report["files"][0];
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 10_000);
    assert_eq!(file["unchecked"], 2_000);

    let output = concord()
        .args(["check", "--no-config"])
        .arg(&page)
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains(
            "after 10000 problems; 2000 more places with words the rules look for were not checked"
        ),
        "{}",
        &human[human.len().saturating_sub(400)..]
    );

    let output = concord()
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--max-findings",
            "0",
        ])
        .arg(&page)
        .output()
        .unwrap();
    let file = &crate::json(&output)["files"][0];
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 12_000);
    assert!(
        file.get("unchecked").is_none(),
        "only when something was left"
    );
}

#[test]
fn items_of_a_list_of_signs_take_the_risk_word_of_its_lead_in_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "signs.md",
            "# Possible indicators\n\n- sharing violent videos\n- growing a beard\n\nOur prayer room:\n\n- Friday prayers\n",
        ),
        (
            "signs.html",
            "<h2>Warning signs</h2><ul><li>sharing violent videos</li><li>growing a beard</li></ul>\
             <p>Our prayer room:</p><ul><li>Friday prayers</li></ul>",
        ),
        (
            "signs.txt",
            "Red flags to look out for:\n- sharing violent videos\n- growing a beard\n\nOur prayer room:\n- Friday prayers\n",
        ),
    ];
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let output = concord()
        .args(["check", "--no-config", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json(&output);
    for file in report["files"].as_array().unwrap() {
        let found: Vec<(&str, &str)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["rule"].as_str().unwrap(), d["matched"].as_str().unwrap()))
            .collect();
        // The beard under a list of signs is flagged; prayers under a practical lead-in are not.
        assert_eq!(
            found,
            [("cohesion/religiosity-as-risk", "growing a beard")],
            "{}",
            file["path"]
        );
    }
    assert_eq!(report["files"].as_array().unwrap().len(), 3);
}

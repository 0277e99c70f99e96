//! The documents people actually write: the same press release in six formats, Word and
//! OpenDocument features, and exact positions in each.

use std::fs;

use crate::{concord, json, stderr, workspace};

/// `(rule, matched words with spacing collapsed, locator)` of each finding in `path`.
fn findings(path: &str) -> Vec<(String, String, String)> {
    let output = concord()
        .args(["check", "--format", "json", path])
        .current_dir(workspace())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{path}: {}", stderr(&output));
    json(&output)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let words = d["matched"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            (
                d["rule"].as_str().unwrap().to_string(),
                words,
                d["locator"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_same_press_release_gives_the_same_findings_in_every_format() {
    let reference = findings("examples/press-release.md");
    assert_eq!(reference.len(), 8);
    let rules_and_words = |f: &[(String, String, String)]| -> Vec<(String, String)> {
        f.iter().map(|(r, w, _)| (r.clone(), w.clone())).collect()
    };
    for ext in ["txt", "html", "docx", "odt", "pdf"] {
        let path = format!("tests/fixtures/press-release/press-release.{ext}");
        let found = findings(&path);
        assert_eq!(
            rules_and_words(&found),
            rules_and_words(&reference),
            "{path}"
        );
        let locators: Vec<&str> = found.iter().map(|(_, _, l)| l.as_str()).collect();
        match ext {
            "docx" | "odt" => assert_eq!(
                locators[..3],
                ["paragraph 3", "paragraph 4", "paragraph 4"],
                "{path}"
            ),
            "pdf" => assert!(
                locators.iter().all(|l| *l == "page 1"),
                "{path}: {locators:?}"
            ),
            _ => assert!(
                locators.iter().all(|l| l.starts_with("line ")),
                "{path}: {locators:?}"
            ),
        }
    }
}

#[test]
fn text_format_offsets_point_at_the_exact_source_bytes() {
    for path in [
        "examples/press-release.md",
        "tests/fixtures/press-release/press-release.html",
        "tests/fixtures/press-release/press-release.txt",
    ] {
        let source = fs::read_to_string(workspace().join(path)).unwrap();
        let output = concord()
            .args(["check", "--format", "json", path])
            .current_dir(workspace())
            .output()
            .unwrap();
        let value = json(&output);
        assert_eq!(
            value["files"][0]["format"],
            path.rsplit('.')
                .next()
                .map(|e| match e {
                    "md" => "markdown",
                    "txt" => "text",
                    other => other,
                })
                .unwrap()
        );
        for d in value["files"][0]["diagnostics"].as_array().unwrap() {
            let (s, e) = (
                d["start"]["offset"].as_u64().unwrap() as usize,
                d["end"]["offset"].as_u64().unwrap() as usize,
            );
            let in_source = &source[s..e];
            let expected = if path.ends_with(".html") && d["matched"] == "radicalisation" {
                "radical<em>isation"
            } else {
                d["matched"].as_str().unwrap()
            };
            assert_eq!(in_source, expected, "{path}");
            let line = source[..s].matches('\n').count() + 1;
            assert_eq!(d["start"]["line"], line, "{path}");
        }
    }
}

#[test]
fn word_and_opendocument_features_are_located() {
    let expected = [
        (
            "cohesion/vague-radicalisation",
            "radicalisation",
            "paragraph 2",
        ),
        ("cohesion/daesh-naming", "ISIS", "paragraph 3"),
        (
            "cohesion/trojan-horse-label",
            "Trojan Horse plot",
            "footnote 1",
        ),
        (
            "cohesion/faith-as-ideology",
            "jihadi brides",
            "comment 1 by Jane Smith",
        ),
        (
            "cohesion/stigmatising-place",
            "no-go area",
            "table 1 row 2 cell 2",
        ),
        (
            "cohesion/religiosity-as-risk",
            "growing a beard",
            "text box 1",
        ),
        (
            "cohesion/stigmatising-place",
            "hotbed of extremism",
            "header 1",
        ),
        ("cohesion/daesh-naming", "ISIL", "footer 1"),
    ];
    let mut expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|&(r, w, l)| (r.into(), w.into(), l.into()))
        .collect();
    expected.sort();
    for path in [
        "tests/fixtures/office/features.docx",
        "tests/fixtures/office/features.odt",
    ] {
        let mut found = findings(path);
        found.sort();
        // "radical" + "isa" + "tion" are three runs in the file; the deleted "Islamic State" is not found.
        assert_eq!(found, expected, "{path}");
    }
}

#[test]
fn human_output_names_the_paragraph_of_an_office_file() {
    let output = concord()
        .args(["check", "tests/fixtures/office/features.docx"])
        .current_dir(workspace())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("--> tests/fixtures/office/features.docx, table 1 row 2 cell 2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Residents called it a no-go area."),
        "{stdout}"
    );
}

#[test]
fn include_and_exclude_filter_a_folder() {
    let run = |args: &[&str]| -> Vec<String> {
        let output = concord()
            .args(["check", "--format", "json", "tests/fixtures/press-release"])
            .args(args)
            .current_dir(workspace())
            .output()
            .unwrap();
        json(&output)["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["format"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(run(&[]), ["docx", "html", "odt", "pdf", "text"]);
    assert_eq!(
        run(&["--include", "*.docx", "--include", "*.pdf"]),
        ["docx", "pdf"]
    );
    assert_eq!(
        run(&["--exclude", "*.pdf"]),
        ["docx", "html", "odt", "text"]
    );
    let bad = concord()
        .args(["check", "--include", "a{b", "."])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--include a{b is not a valid glob"));
}

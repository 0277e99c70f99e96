//! `concord annotate`: review copies of real Word and OpenDocument files (made by LibreOffice and
//! by python-docx), read back independently of concord's writer.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::{concord, json, stderr, workspace};

/// The fixture `name` of tests/fixtures, copied into a fresh folder.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(Path::new(name).file_name().unwrap());
    fs::copy(workspace().join("tests/fixtures").join(name), &path).unwrap();
    (dir, path)
}

fn annotate(args: &[&Path]) -> std::process::Output {
    concord()
        .arg("annotate")
        .args(args)
        .arg("--no-config")
        .output()
        .unwrap()
}

/// Every entry of a zip archive: name → (compression method, bytes).
fn entries(path: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (
                entry.name().to_string(),
                format!("{:?}", entry.compression()),
                bytes,
            )
        })
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    entries(path)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, bytes)| String::from_utf8(bytes).unwrap())
        .unwrap_or_default()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The words each concord comment of a reviewed .docx is anchored on: the `w:t` text between
/// its range start and end, read with a regular expression rather than concord's own reader.
fn docx_anchors(path: &Path) -> Vec<String> {
    let comments = part(path, "word/comments.xml");
    let own = Regex::new(r#"<w:comment w:id="(\d+)"[^>]*w:initials="concord""#).unwrap();
    let ids: Vec<String> = own
        .captures_iter(&comments)
        .map(|c| c[1].to_string())
        .collect();
    let body = part(path, "word/document.xml");
    let token = Regex::new(
        r#"<w:commentRangeStart w:id="(\d+)"/>|<w:commentRangeEnd w:id="(\d+)"/>|<w:t(?: [^>]*)?>([^<]*)</w:t>"#,
    )
    .unwrap();
    let mut anchored: BTreeMap<String, String> = BTreeMap::new();
    let mut open: Vec<String> = Vec::new();
    for t in token.captures_iter(&body) {
        if let Some(id) = t.get(1) {
            open.push(id.as_str().to_string());
            anchored.entry(id.as_str().to_string()).or_default();
        } else if let Some(id) = t.get(2) {
            open.retain(|o| o != id.as_str());
        } else {
            for id in &open {
                anchored.get_mut(id).unwrap().push_str(&unescape(&t[3]));
            }
        }
    }
    ids.iter()
        .map(|id| anchored.get(id).cloned().unwrap_or_default())
        .collect()
}

/// The words each concord annotation of a reviewed .odt is anchored on.
fn odt_anchors(path: &Path) -> Vec<String> {
    let content = part(path, "content.xml");
    let start =
        Regex::new(r#"<office:annotation office:name="(concord-\d+)"[\s\S]*?</office:annotation>"#)
            .unwrap();
    let tags = Regex::new(r"<[^>]*>").unwrap();
    start
        .captures_iter(&content)
        .map(|c| {
            let after = c.get(0).unwrap().end();
            let end = format!(r#"<office:annotation-end office:name="{}"/>"#, &c[1]);
            let to = content[after..]
                .find(&end)
                .expect("every annotation has an end")
                + after;
            unescape(&tags.replace_all(&content[after..to], ""))
        })
        .collect()
}

/// What `concord check` finds: (rule, words, locator) for each finding.
fn findings(path: &Path) -> Vec<(String, String, String)> {
    let output = concord()
        .args(["check", "--no-config", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    json(&output)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["matched"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                d["locator"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Whether a finding at `locator` is in the main text, where a comment can sit on its words.
fn in_main_text(locator: &str) -> bool {
    locator.starts_with("paragraph") || locator.starts_with("table")
}

#[test]
fn every_finding_in_the_main_text_is_a_comment_on_exactly_its_words() {
    for (fixture, anchors) in [
        (
            "office/review.docx",
            docx_anchors as fn(&Path) -> Vec<String>,
        ),
        ("office/features.docx", docx_anchors),
        ("press-release/press-release.docx", docx_anchors),
        ("office/features.odt", odt_anchors),
        ("press-release/press-release.odt", odt_anchors),
    ] {
        let (_dir, original) = copy_of(fixture);
        let output = annotate(&[&original]);
        assert!(output.status.success(), "{fixture}: {}", stderr(&output));
        let reviewed = original.with_file_name(format!(
            "{}.reviewed.{}",
            original.file_stem().unwrap().to_string_lossy(),
            original.extension().unwrap().to_string_lossy()
        ));
        let found = findings(&original);
        let mut expected: Vec<String> = found
            .iter()
            .filter(|(_, _, locator)| in_main_text(locator))
            .map(|(_, words, _)| words.clone())
            .collect();
        let elsewhere = found.len() - expected.len();
        let mut anchored = anchors(&reviewed);
        if elsewhere > 0 {
            // The first comment lists the findings no comment can sit on.
            assert!(
                anchored.len() > expected.len(),
                "{fixture}: no summary comment"
            );
            anchored.remove(0);
        }
        let mut anchored: Vec<String> = anchored
            .iter()
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        expected.sort();
        anchored.sort();
        assert_eq!(anchored, expected, "{fixture}");
        assert!(
            stderr(&output).contains(&format!(
                "with {} comment",
                expected.len() + usize::from(elsewhere > 0)
            )),
            "{fixture}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_comments_say_what_was_found_what_to_write_and_where_the_guidance_comes_from() {
    let (_dir, original) = copy_of("office/review.docx");
    assert!(annotate(&[&original]).status.success());
    let comments = part(
        &original.with_file_name("review.reviewed.docx"),
        "word/comments.xml",
    );
    assert!(comments.contains(r#"w:author="concord""#), "{comments}");
    assert!(
        Regex::new(r#"w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""#)
            .unwrap()
            .is_match(&comments)
    );
    assert!(comments.contains("Write instead: “Daesh”."), "{comments}");
    assert!(
        comments.contains("Rule cohesion/daesh-naming · Recommendation 9; paragraph 1.8"),
        "{comments}"
    );
    // The person's own comment is kept as it was.
    assert!(comments.contains("Are these dates final?"), "{comments}");

    let output = concord()
        .args([
            "annotate",
            "--no-config",
            "--author",
            "Youth Services <review>",
            "-o",
        ])
        .arg(original.with_file_name("named.docx"))
        .arg(&original)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let comments = part(&original.with_file_name("named.docx"), "word/comments.xml");
    assert!(
        comments.contains(r#"w:author="Youth Services &lt;review&gt;""#),
        "{comments}"
    );
}

#[test]
fn only_the_parts_that_hold_comments_change_and_the_rest_is_copied_byte_for_byte() {
    for (fixture, may_change) in [
        (
            "office/review.docx",
            &["word/document.xml", "word/comments.xml"][..],
        ),
        (
            "press-release/press-release.docx",
            &[
                "word/document.xml",
                "word/comments.xml",
                "word/_rels/document.xml.rels",
                "[Content_Types].xml",
            ][..],
        ),
        ("office/features.odt", &["content.xml"][..]),
    ] {
        let (dir, original) = copy_of(fixture);
        let reviewed = dir.path().join(format!(
            "out.{}",
            original.extension().unwrap().to_string_lossy()
        ));
        let output = concord()
            .args(["annotate", "--no-config", "-o"])
            .arg(&reviewed)
            .arg(&original)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let before = entries(&original);
        let after = entries(&reviewed);
        let names = |e: &[(String, String, Vec<u8>)]| {
            e.iter().map(|(n, _, _)| n.clone()).collect::<Vec<_>>()
        };
        let new: Vec<String> = names(&after)
            .into_iter()
            .filter(|n| !names(&before).contains(n))
            .collect();
        assert!(
            new.iter().all(|n| n == "word/comments.xml"),
            "{fixture}: new parts {new:?}"
        );
        assert_eq!(
            names(&before),
            names(&after)[..before.len()],
            "{fixture}: order kept"
        );
        for (name, method, bytes) in &before {
            let (_, after_method, after_bytes) = after.iter().find(|(n, _, _)| n == name).unwrap();
            if may_change.contains(&name.as_str()) {
                continue;
            }
            assert!(
                after_bytes == bytes && after_method == method,
                "{fixture}: {name} changed"
            );
        }
        assert_ne!(
            part(&original, may_change[0]),
            part(&reviewed, may_change[0])
        );
    }
}

#[test]
fn the_review_copy_is_checked_like_the_original_and_annotating_it_again_adds_no_duplicates() {
    for fixture in [
        "office/review.docx",
        "office/features.docx",
        "office/features.odt",
    ] {
        let (dir, original) = copy_of(fixture);
        let ext = original.extension().unwrap().to_string_lossy().into_owned();
        let once = dir.path().join(format!("once.{ext}"));
        let twice = dir.path().join(format!("twice.{ext}"));
        for (from, to) in [(&original, &once), (&once, &twice)] {
            let output = concord()
                .args(["annotate", "--no-config", "-o"])
                .arg(to)
                .arg(from)
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
        }
        assert_eq!(findings(&once), findings(&original), "{fixture}");
        assert_eq!(findings(&twice), findings(&original), "{fixture}");
        let anchors = if ext == "odt" {
            odt_anchors
        } else {
            docx_anchors
        };
        assert_eq!(
            anchors(&twice),
            anchors(&once),
            "{fixture}: comments replaced, not added"
        );
        let main = if ext == "odt" {
            "content.xml"
        } else {
            "word/document.xml"
        };
        let marks = |path: &Path| {
            part(path, main).matches("concord-").count()
                + part(path, main).matches("commentRangeStart").count()
        };
        assert_eq!(marks(&twice), marks(&once), "{fixture}");
    }
}

#[test]
fn the_original_is_never_changed_and_an_existing_copy_only_with_force() {
    let (dir, original) = copy_of("office/review.docx");
    let before = fs::read(&original).unwrap();

    let output = concord()
        .args(["annotate", "--no-config", "--force", "-o"])
        .arg(&original)
        .arg(&original)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot replace the original"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&original).unwrap(), before);

    let existing = dir.path().join("review.reviewed.docx");
    fs::write(&existing, "keep me").unwrap();
    let output = annotate(&[&original]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists; give --force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&existing).unwrap(), b"keep me");

    let output = concord()
        .args(["annotate", "--no-config", "--force"])
        .arg(&original)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(fs::read(&existing).unwrap().starts_with(b"PK"));
    assert_eq!(fs::read(&original).unwrap(), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
}

/// A minimal Word document whose one paragraph is `text`.
fn minimal_docx(path: &Path, text: &str) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_string()),
        ("word/document.xml", format!(r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#)),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_file_with_nothing_to_change_gets_a_message_and_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.docx");
    minimal_docx(&clean, "The summer programme starts in July.");
    let output = annotate(&[&clean]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("found nothing to change, so no review copy was written"));
    assert!(!dir.path().join("clean.reviewed.docx").exists());
}

#[test]
fn bad_files_get_a_clear_message_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.docx");
    fs::write(&corrupt, b"PK\x03\x04 this is not really a zip").unwrap();
    let leaflet = dir.path().join("leaflet.pdf");
    fs::copy(
        workspace().join("tests/fixtures/press-release/press-release.pdf"),
        &leaflet,
    )
    .unwrap();
    let protected = workspace().join("tests/fixtures/bad/protected.docx");
    let good = dir.path().join("good.docx");
    minimal_docx(&good, "Staff met the ISIS prevention team.");
    let missing = dir.path().join("missing.docx");

    let output = annotate(&[&corrupt, &leaflet, &protected, &missing, &good]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    for expected in [
        "corrupt.docx: this file does not open as a Word document",
        "leaflet.pdf: concord can write comments only into Word (.docx) and OpenDocument (.odt) files",
        "protected.docx: this file is password-protected or an old-style .doc",
        "missing.docx: cannot read this file",
        "good.docx: wrote",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert_eq!(
        docx_anchors(&dir.path().join("good.reviewed.docx")),
        ["ISIS"]
    );
    for name in [
        "corrupt.reviewed.docx",
        "leaflet.reviewed.pdf",
        "missing.reviewed.docx",
    ] {
        assert!(!dir.path().join(name).exists(), "{name}");
    }
}

//! Bad input: each gets a clear message on stderr, and the other files are still checked.

use std::fs;

use crate::{concord, json, stderr};

#[test]
fn a_missing_path_is_an_error_but_other_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "Footage of ISIS fighters.").unwrap();
    let output = concord()
        .args(["check", "--format", "json", "nowhere.md"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: nowhere.md: no such file or folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(json(&output)["summary"]["diagnostics"], 1);
}

#[test]
fn text_that_is_not_utf8_is_read_as_windows_1252_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("latin1.txt");
    fs::write(&legacy, b"First line\nCaf\xe9 ISIS\n").unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&legacy)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("latin1.txt: this file is not UTF-8, so it was read as windows-1252"),
        "{err}"
    );
    let finding = &json(&output)["files"][0]["diagnostics"][0];
    assert_eq!(finding["matched"], "ISIS");
    assert_eq!(
        finding["start"]["column"], 6,
        "Café counts as four characters"
    );
    assert_eq!(finding["start"]["offset"], 16, "é is one byte in the file");
}

#[test]
fn a_binary_file_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("photo.txt");
    fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 1]).unwrap();
    let output = concord().arg("check").arg(&bin).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("this looks like a binary file, not text; skipped"));
}

#[test]
fn an_empty_file_is_noted_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.md");
    fs::write(&empty, "").unwrap();
    let output = concord().arg("check").arg(&empty).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("empty.md: there is no text to check in this file"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_in_a_folder_does_not_stop_the_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.md");
    fs::write(&locked, "ISIS").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::write(dir.path().join("open.md"), "ISIL").unwrap();
    if fs::read(&locked).is_ok() {
        // Running as root: permissions do not apply, so there is nothing to test here.
        return;
    }
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("locked.md: cannot read this file"));
    assert_eq!(json(&output)["summary"]["diagnostics"], 1);
}

#[test]
fn a_large_file_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let paragraph = "The council reviewed its youth services and parks budget this year. ";
    let mut text = paragraph.repeat(150_000);
    text.push_str("Officers discussed ISIS.\n");
    fs::write(&big, &text).unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&big)
        .output()
        .unwrap();
    let value = json(&output);
    let d = &value["files"][0]["diagnostics"][0];
    assert_eq!(
        d["start"]["offset"].as_u64().unwrap() as usize,
        text.len() - 6
    );
    assert_eq!(value["summary"]["diagnostics"], 1);
}

#[test]
fn usage_errors_exit_with_two() {
    let output = concord()
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'xml'"));
}

/// Writes a zip archive with the given entries, deflated.
fn zip_file(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// Checks `bad` beside a good file: `bad` gets `message` on stderr, the good file is still
/// checked, and the run exits with 2.
fn check_beside_good_file(bad: &std::path::Path, message: &str) {
    let dir = bad.parent().unwrap();
    let good = dir.join("good.md");
    fs::write(&good, "Videos made by ISIL.").unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(bad)
        .arg(&good)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}: {message}", bad.display())),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        json(&output)["summary"]["diagnostics"],
        1,
        "the good file is still checked"
    );
}

#[test]
fn a_corrupt_docx_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let real = fs::read(crate::workspace().join("tests/fixtures/office/features.docx")).unwrap();
    let truncated = dir.path().join("truncated.docx");
    fs::write(&truncated, &real[..real.len() / 2]).unwrap();
    check_beside_good_file(&truncated, "this file does not open as a Word document");
}

#[test]
fn a_text_file_renamed_to_docx_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("notes.docx");
    fs::write(&renamed, "Just some notes about ISIS, saved as text.").unwrap();
    check_beside_good_file(
        &renamed,
        "this file does not open as a Word document: it may be damaged, or it may be another kind of file renamed",
    );
}

#[test]
fn a_zip_bomb_stops_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.docx");
    // 80 MB of spaces deflates to well under a megabyte, and passes the 64 MB cap per part.
    let huge = vec![b' '; 80 * 1024 * 1024];
    zip_file(&bomb, &[("word/document.xml", &huge)]);
    check_beside_good_file(
        &bomb,
        "word/document.xml inside this file expands to more than 64 MB, so it was not checked (it may be a zip bomb)",
    );
}

#[test]
fn billion_laughs_entities_are_never_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = dir.path().join("laughs.docx");
    let mut dtd = String::from("<!DOCTYPE w:document [\n<!ENTITY lol \"ISIS lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push(']');
    let xml = format!(
        "<?xml version=\"1.0\"?>{dtd}><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&lol9; and ISIL &amp; more</w:t></w:r></w:p></w:body></w:document>"
    );
    zip_file(&laughs, &[("word/document.xml", xml.as_bytes())]);
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&laughs)
        .output()
        .unwrap();
    let value = json(&output);
    let matched: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["matched"].as_str().unwrap())
        .collect();
    assert_eq!(
        matched,
        ["ISIL"],
        "the entity is not expanded; the rest of the text is checked"
    );
}

#[test]
fn html_nested_100000_levels_deep_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    fs::write(
        &deep,
        format!(
            "{}Join ISIS{}",
            "<div><span>".repeat(100_000),
            "</span></div>".repeat(100_000)
        ),
    )
    .unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&deep)
        .output()
        .unwrap();
    assert_eq!(json(&output)["summary"]["diagnostics"], 1);
}

#[test]
fn an_unreadable_pdf_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.pdf");
    fs::write(&broken, b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF garbage").unwrap();
    check_beside_good_file(&broken, "this PDF could not be read");
}

#[test]
fn protected_and_scanned_files_say_why_they_were_not_checked() {
    let fixtures = crate::workspace().join("tests/fixtures/bad");
    let dir = tempfile::tempdir().unwrap();
    for (name, message) in [
        (
            "protected.docx",
            "this file is password-protected or an old-style .doc",
        ),
        ("protected.pdf", "this PDF is password-protected"),
        (
            "scan.pdf",
            "this PDF has no text to check: it looks like a scan",
        ),
    ] {
        let copy = dir.path().join(name);
        fs::copy(fixtures.join(name), &copy).unwrap();
        check_beside_good_file(&copy, message);
    }
}

#[test]
fn a_file_over_the_size_budget_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 1 GB file: refused by its size, so it costs neither time nor memory.
    let huge = dir.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(1024 * 1024 * 1024)
        .unwrap();
    check_beside_good_file(
        &huge,
        "this file is larger than the 256 MB concord reads at once, so it was not checked; split it, or raise the limit with --max-file-size",
    );
    // The budget is configurable, and standard input keeps to it too.
    let two_mb = "Text about ISIS. ".repeat(2 * 1024 * 1024 / 17 + 1);
    let output = concord()
        .args(["check", "--max-file-size", "1", "-"])
        .write_stdin(two_mb.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("larger than the 1 MB"),
        "{}",
        stderr(&output)
    );
    let output = concord()
        .args(["check", "--max-file-size", "3", "--format", "json", "-"])
        .write_stdin(two_mb)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn a_fifo_or_a_symlink_loop_in_a_folder_does_not_stop_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), "Videos made by ISIL.").unwrap();
    // A named pipe with a document's name: reading it would wait for ever.
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("b.md"), dir.path().join("a.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.md"), dir.path().join("b.md")).unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        json(&output)["summary"]["diagnostics"],
        1,
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn a_folder_of_ten_thousand_files_is_checked_whole() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let text = if i % 100 == 0 {
            "Videos made by ISIL."
        } else {
            "The bins are collected on Monday."
        };
        fs::write(dir.path().join(format!("page-{i:05}.md")), text).unwrap();
    }
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json(&output);
    assert_eq!(report["summary"]["files"], 10_000, "{}", stderr(&output));
    assert_eq!(report["summary"]["diagnostics"], 100);
}

#[test]
fn xml_nested_100000_levels_deep_in_a_word_document_is_read_and_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.docx");
    let depth = 100_000;
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Videos made by ISIL.</w:t></w:r></w:p>{}{}</w:body></w:document>"#,
        "<w:sdt>".repeat(depth),
        "</w:sdt>".repeat(depth)
    );
    zip_file(
        &deep,
        &[
            ("[Content_Types].xml", br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>"#),
            ("word/_rels/document.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#),
            ("word/document.xml", xml.as_bytes()),
        ],
    );
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&deep)
        .output()
        .unwrap();
    assert_eq!(
        json(&output)["summary"]["diagnostics"],
        1,
        "{}",
        stderr(&output)
    );
    let output = concord()
        .args(["annotate", "--no-config"])
        .arg(&deep)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("deep.reviewed.docx").exists());
}

#[test]
fn a_lone_unreadable_document_is_not_reported_as_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("minutes.odt");
    fs::write(&renamed, "Just some notes, saved as text.").unwrap();
    let output = concord()
        .args(["check", "--no-config"])
        .arg(&renamed)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(
        said.contains("this file does not open as an OpenDocument text document"),
        "{said}"
    );
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        shown.trim(),
        "No document could be checked; the errors say why."
    );
}

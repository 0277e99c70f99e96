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
fn invalid_utf8_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    fs::write(&bad, b"First line\nCaf\xe9 ISIS\n").unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "ISIS").unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("latin1.txt: this file is not UTF-8 text (the first bad byte is on line 2)"),
        "{err}"
    );
    assert_eq!(json(&output)["summary"]["files"], 1);
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

//! concord as a CI gate: fixes, baselines, and the formats CI systems read.

use std::fs;

use crate::{concord, json, stderr, workspace};

#[test]
fn fix_is_safe_idempotent_and_keeps_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let original = "Officers saw [ISIS videos](https://example.org/isis) and Islamic\r\nState posts about radicalisation.\r\n";
    fs::write(&page, original).unwrap();
    let first = concord()
        .args(["check", "--fix"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        stderr(&first).contains("Fixed 2 problem(s) in 1 file(s)."),
        "{}",
        stderr(&first)
    );
    let fixed = fs::read_to_string(&page).unwrap();
    assert_eq!(
        fixed,
        "Officers saw [Daesh videos](https://example.org/isis) and Daesh posts about radicalisation.\r\n"
    );
    // Only the safe fix was applied: radicalisation needs judgement, so it is still reported.
    assert_eq!(first.status.code(), Some(1));
    let second = concord()
        .args(["check", "--fix"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(stderr(&second).contains("Fixed 0 problem(s)"));
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        fixed,
        "running twice changes nothing"
    );
}

#[test]
fn unsafe_fixes_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let original = "<p>Young people <b>at risk of radicalisation</b> and ISIS.</p>\n";
    fs::write(&page, original).unwrap();
    let diff = concord()
        .args(["check", "--diff", "--unsafe"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let shown = String::from_utf8(diff.stdout).unwrap();
    assert!(shown.contains("+<p>Young people <b>at risk of being drawn into terrorism or violent extremism</b> and Daesh.</p>"), "{shown}");
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        original,
        "--diff writes nothing"
    );
    concord()
        .args(["check", "--fix", "--unsafe"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("at risk of being drawn into terrorism or violent extremism")
    );
    let misuse = concord()
        .args(["check", "--unsafe"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(misuse.status.code(), Some(2));
}

#[test]
fn fix_keeps_the_markup_that_splits_the_words() {
    let dir = tempfile::tempdir().unwrap();
    for (name, before, after) in [
        (
            "page.html",
            "<p>Families of people who joined <b>Islamic</b> State can call us.</p>",
            "<p>Families of people who joined <b>Daesh</b> can call us.</p>",
        ),
        (
            "page.md",
            "Families of people who joined **Islamic** State can call us.\n",
            "Families of people who joined **Daesh** can call us.\n",
        ),
        (
            "entity.html",
            "<p>They joined Islamic&nbsp;<i>State</i> in 2014.</p>",
            "<p>They joined Daesh<i></i> in 2014.</p>",
        ),
    ] {
        let page = dir.path().join(name);
        fs::write(&page, before).unwrap();
        let output = concord()
            .args(["check", "--fix"])
            .arg(&page)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}: {output:?}");
        assert_eq!(fs::read_to_string(&page).unwrap(), after, "{name}");
    }
}

#[cfg(unix)]
#[test]
fn fix_leaves_a_read_only_file_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("locked.md");
    fs::write(&page, "ISIS").unwrap();
    fs::set_permissions(&page, fs::Permissions::from_mode(0o444)).unwrap();
    let output = concord()
        .args(["check", "--fix"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("locked.md: it is read-only, so it was not changed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), "ISIS");
}

#[test]
fn fix_never_touches_office_files() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("features.docx");
    fs::copy(
        workspace().join("tests/fixtures/office/features.docx"),
        &docx,
    )
    .unwrap();
    let before = fs::read(&docx).unwrap();
    let output = concord()
        .args(["check", "--fix"])
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("concord does not change Word, OpenDocument or PDF files"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&docx).unwrap(), before);
}

#[test]
fn a_baseline_hides_old_findings_even_after_edits_above_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let baseline = dir.path().join("concord-baseline.json");
    fs::write(&page, "Old text about ISIS propaganda.\n").unwrap();
    let write = concord()
        .current_dir(dir.path())
        .args([
            "check",
            "page.md",
            "--write-baseline",
            "concord-baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    assert!(stderr(&write).contains("Recorded 1 finding(s)"));
    fs::write(
        &page,
        "A new first paragraph.\n\nOld text about ISIS propaganda.\n\nNew text about ISIL.\n",
    )
    .unwrap();
    let check = concord()
        .current_dir(dir.path())
        .args(["check", "page.md", "--format", "json", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    let value = json(&check);
    let matched: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["matched"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["ISIL"], "only the new finding is reported");
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn github_annotations_by_exact_text() {
    let output = concord()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "site/news, today.md",
            "--format",
            "github",
        ])
        .write_stdin("Videos by\nISIS: shocking.")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "::warning file=site/news%2C today.md,line=2,col=1,endLine=2,endColumn=5,title=cohesion/daesh-naming::The UK Government and the council call this group Daesh, because its own names lend it the standing of a state and of a faith. Write instead: “Daesh”.\n"
    );
}

#[test]
fn output_file_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let output = concord()
        .current_dir(workspace())
        .args([
            "check",
            "examples/press-release.md",
            "--format",
            "json",
            "--output",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(output.stdout.is_empty());
    let value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(value["summary"]["diagnostics"], 8);
    let stats = concord()
        .current_dir(workspace())
        .args(["check", "examples/press-release.md", "--statistics"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(stats.stdout).unwrap();
    assert!(
        stdout.starts_with("     2  cohesion/religiosity-as-risk       warning\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with("     8  in total\n"), "{stdout}");
}

//! `concord rules import`: term lists made by LibreOffice Calc and Writer, and a CSV file as
//! Excel's "CSV UTF-8" writes it (`tests/fixtures/make-term-lists`), imported by the real
//! binary and then used by `concord check` through `pack-paths`, as a council would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{concord, found, stderr, workspace};

/// A term list fixture.
fn list(name: &str) -> PathBuf {
    workspace().join("tests/fixtures/terms").join(name)
}

/// Imports `file` into `dir/pack`, returning the command's output.
fn import(file: &Path, dir: &Path, extra: &[&str]) -> Output {
    concord()
        .current_dir(dir)
        .args(["rules", "import"])
        .arg(file)
        .args(["--out", "our-words"])
        .args(extra)
        .output()
        .unwrap()
}

/// `(rule, matched)` of every finding when `text` is checked in `dir`, whose concord.toml
/// names the imported pack.
fn findings(dir: &Path, text: &str) -> Vec<(String, String)> {
    fs::write(dir.join("concord.toml"), "pack-paths = [\"our-words\"]\n").unwrap();
    fs::write(dir.join("news.md"), text).unwrap();
    let output = concord()
        .current_dir(dir)
        .args(["check", "--format", "json", "news.md"])
        .output()
        .unwrap();
    assert!(
        output.status.code() != Some(2),
        "check failed: {}",
        stderr(&output)
    );
    found(&output)
}

const NEWS: &str = "The BAME forum met the elderly and hard-to-reach families.\n\n\
                    The Mankind Project spoke about mankind and a wheelchair-bound resident.\n";

#[test]
fn spreadsheets_and_csv_files_import_to_packs_whose_findings_check_reports() {
    for file in ["words.csv", "words.xlsx", "words.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let output = import(&list(file), dir.path(), &[]);
        assert_eq!(output.status.code(), Some(0), "{file}: {}", stderr(&output));
        assert!(
            String::from_utf8_lossy(&output.stdout)
                .starts_with(&format!("Imported 5 rules from {}", list(file).display())),
            "{file}"
        );
        assert!(
            stderr(&output).contains("column F (“Owner”) is not used"),
            "{file}: {}",
            stderr(&output)
        );
        let found = findings(dir.path(), NEWS);
        let expected = [
            ("our-words/bame", "BAME"),
            ("our-words/the-elderly", "the elderly"),
            ("our-words/hard-to-reach", "hard-to-reach"),
            // "Mankind Project" is where the list says the word is fine.
            ("our-words/mankind", "mankind"),
            ("our-words/wheelchair-bound", "wheelchair-bound"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(r, m)| (r.to_string(), m.to_string()))
            .collect();
        assert_eq!(found, expected, "{file}");
    }
}

#[test]
fn the_same_list_as_csv_xlsx_and_ods_makes_the_same_rules() {
    let rules = |file: &str| {
        let dir = tempfile::tempdir().unwrap();
        import(&list(file), dir.path(), &["--name", "our-words"]);
        let pack = dir.path().join("our-words");
        let mut names: Vec<String> = fs::read_dir(&pack)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".toml") && n != "pack.toml")
            .collect();
        names.sort();
        // The rule files differ only in the file and sheet they name.
        names
            .into_iter()
            .map(|n| {
                let text = fs::read_to_string(pack.join(&n)).unwrap();
                text.lines()
                    .filter(|l| !l.starts_with('#') && !l.starts_with("source"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect::<Vec<_>>()
    };
    let csv = rules("words.csv");
    assert_eq!(csv.len(), 5);
    assert_eq!(rules("words.xlsx"), csv);
    assert_eq!(rules("words.ods"), csv);
}

#[test]
fn a_word_table_imports_from_the_first_table_with_a_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(&list("words.docx"), dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("(table 2)"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let found = findings(
        dir.path(),
        "We met the elderly and hard to reach families, and a wheelchair-bound resident.\n",
    );
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "our-words/the-elderly",
            "our-words/hard-to-reach",
            "our-words/wheelchair-bound"
        ]
    );
    // A cell of two paragraphs is read whole.
    let rationale = fs::read_to_string(dir.path().join("our-words/the-elderly.toml")).unwrap();
    assert!(
        rationale.contains("It treats older people as one group.\nSay who you mean."),
        "{rationale}"
    );
}

#[test]
fn bad_rows_are_located_errors_and_the_good_rows_are_imported() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(&list("words-with-problems.xlsx"), dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(|l| l.split_once(": ").unwrap().1.to_string())
        .collect();
    let file = list("words-with-problems.xlsx").display().to_string();
    let sheet = "sheet “words-with-problems”";
    assert_eq!(
        errors,
        [
            format!(
                "{file}: {sheet}, row 3: no column says what to write instead (one headed “instead”, “use” or “preferred”): findings will say what to avoid but offer nothing in its place"
            ),
            format!(
                "{file}: {sheet}, row 5, column A (“Term”): the term is empty; this row was not imported"
            ),
            format!(
                "{file}: {sheet}, row 6, column A (“Term”): “Hard to reach” is already on row 4; this row was not imported"
            ),
            format!(
                "{file}: {sheet}, row 7, column C (“Severity”): “urgent” is not a severity: write error, warning, info or hint; this row was not imported"
            ),
        ]
    );
    let found = findings(
        dir.path(),
        "Hard to reach families, the elderly and our manpower.\n",
    );
    assert_eq!(
        found,
        [
            (
                "our-words/hard-to-reach".to_string(),
                "Hard to reach".to_string()
            ),
            ("our-words/manpower".to_string(), "manpower".to_string())
        ]
    );
}

#[test]
fn check_says_when_the_pack_has_drifted_from_its_list() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("words.csv");
    fs::copy(list("words.csv"), &csv).unwrap();
    let fresh = import(&csv, dir.path(), &["--check"]);
    assert_eq!(fresh.status.code(), Some(1));
    assert_eq!(import(&csv, dir.path(), &[]).status.code(), Some(0));
    let same = import(&csv, dir.path(), &["--check"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(String::from_utf8_lossy(&same.stdout).contains("is up to date"));
    // A council edits its list: one row gone, one changed.
    let text = fs::read_to_string(&csv).unwrap();
    let edited: Vec<&str> = text
        .split("\r\n")
        .filter(|row| !row.starts_with("BAME"))
        .collect();
    fs::write(
        &csv,
        edited
            .join("\r\n")
            .replace("older people", "older residents"),
    )
    .unwrap();
    let before = fs::read_to_string(dir.path().join("our-words/bame.toml")).unwrap();
    let drifted = import(&csv, dir.path(), &["--check"]);
    assert_eq!(drifted.status.code(), Some(1));
    let said = String::from_utf8_lossy(&drifted.stdout).replace('\\', "/");
    assert!(said.contains("would remove our-words/bame.toml"), "{said}");
    assert!(
        said.contains("would change our-words/the-elderly.toml"),
        "{said}"
    );
    assert!(said.contains("is out of date"), "{said}");
    // --check wrote nothing.
    assert_eq!(
        fs::read_to_string(dir.path().join("our-words/bame.toml")).unwrap(),
        before
    );
}

#[test]
fn a_folder_an_import_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("our-words")).unwrap();
    fs::write(dir.path().join("our-words/notes.txt"), "mine").unwrap();
    let output = import(&list("words.csv"), dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a pack that `concord rules import` wrote"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("our-words/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn files_that_are_not_term_lists_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "notes.txt",
            &b"hello"[..],
            "is not a list concord can import",
        ),
        (
            "broken.xlsx",
            &b"PK\x03\x04 not really"[..],
            "cannot be read",
        ),
        (
            "people.csv",
            &b"Name,Email\r\nAmina,a@example.org\r\n"[..],
            "no sheet or table has a header row naming the terms",
        ),
    ];
    for (name, bytes, said) in cases {
        let file = dir.path().join(name);
        fs::write(&file, bytes).unwrap();
        let output = import(&file, dir.path(), &[]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(
            stderr(&output).contains(said),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!dir.path().join("our-words").exists(), "{name}");
    }
}

/// `fixture` with its part `name` rewritten by `change`, as a zip archive's bytes.
fn rewritten(fixture: &str, name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let bytes = fs::read(list(fixture)).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let part_name = part.name().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if part_name == name {
            data = change(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn hostile_spreadsheets_are_refused_or_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    // One cell far away (XFD1048576) would make a dense sheet of 17 billion cells: it is
    // outside any term list, so it is left out and the list imports.
    let sparse = rewritten("words.xlsx", "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>",
        )
    });
    // One cell repeated across every column of a million rows.
    let repeated = rewritten("words.ods", "content.xml", |xml| {
        xml.replacen(
            "</table:table>",
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>",
            1,
        )
    });
    // A sheet that inflates to 100 MB.
    let inflated = rewritten("words.xlsx", "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</sheetData>",
            &format!("</sheetData>{}", " ".repeat(100 << 20)),
        )
    });
    let cases: [(&str, Vec<u8>, Option<&str>); 4] = [
        ("sparse.xlsx", sparse, None),
        (
            "repeated.ods",
            repeated,
            Some("expands to millions of cells"),
        ),
        ("inflated.xlsx", inflated, Some("larger than 64 MB")),
        (
            "locked.xlsx",
            [&[0xD0, 0xCF, 0x11, 0xE0][..], &[0; 508]].concat(),
            Some("protected with a password"),
        ),
    ];
    for (name, bytes, refused) in cases {
        let file = dir.path().join(name);
        fs::write(&file, bytes).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .current_dir(dir.path())
            .args(["rules", "import"])
            .arg(&file)
            .args(["--out", name.split('.').next().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (output, peak_kb) = crate::run_watching_memory(child);
        assert!(peak_kb < 400_000, "{name}: peak {peak_kb} KB");
        match refused {
            None => assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output)),
            Some(said) => {
                assert_eq!(output.status.code(), Some(2), "{name}");
                assert!(
                    stderr(&output).contains(said),
                    "{name}: {}",
                    stderr(&output)
                );
            }
        }
    }
}

#[test]
fn the_web_checker_uses_an_imported_pack_and_says_which_packs_it_checked_against() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        import(&list("words.xlsx"), dir.path(), &[]).status.code(),
        Some(0)
    );
    let config = dir.path().join("concord.toml");
    fs::write(
        &config,
        "packs = [\"cohesion\", \"clarity\", \"plain\", \"our-words\"]\npack-paths = [\"our-words\"]\n",
    )
    .unwrap();
    let server = crate::serve::Server::start(&["--config", config.to_str().unwrap()]);
    let page = crate::http()
        .get(server.url("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        page.contains("Documents are checked against the rule packs clarity (2026.12), cohesion (2026.12), plain (2026.12) and our-words."),
        "{page}"
    );
    let text = "We met the elderly in order to plan the new service.";
    let answer: serde_json::Value = server.paste(text).json().unwrap();
    let rules: Vec<&str> = answer["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["our-words/the-elderly", "plain/wordy-phrase"]);
    assert!(
        answer["files"][0]["reading_age"]["years"].is_number(),
        "{answer}"
    );
    let results = crate::http()
        .post(server.url("/check"))
        .multipart(reqwest::blocking::multipart::Form::new().text("text", text))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        results.contains("Checked against the rule packs"),
        "{results}"
    );
    assert!(results.contains("Reading age: about"), "{results}");
}

#[test]
fn the_editor_uses_an_imported_pack_named_in_concord_toml() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        import(&list("words.ods"), dir.path(), &[]).status.code(),
        Some(0)
    );
    fs::write(
        dir.path().join("concord.toml"),
        "pack-paths = [\"our-words\"]\n",
    )
    .unwrap();
    let page = format!("file://{}/page.md", dir.path().display());
    let mut client =
        crate::lsp_client::Client::start(serde_json::json!({}), serde_json::json!(null));
    client.open(
        &page,
        "markdown",
        "We met the elderly and hard-to-reach families.",
    );
    let found = client.diagnostics(&page, Some(1));
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["our-words/the-elderly", "our-words/hard-to-reach"],
        "{found:?}"
    );
    assert_eq!(
        found[0]["message"].as_str().unwrap(),
        "It treats older people as one group. Write instead: “older people”."
    );
}

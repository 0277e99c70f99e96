//! Text in the encodings people have: UTF-16 (both byte orders) and UTF-8 with a byte-order
//! mark, Windows-1252 with curly quotes and "£", and an HTML page that declares windows-1252.
//! Positions count characters for people and the file's own bytes for `offset`, and `--fix`
//! writes each file back in its own encoding.

use std::fs;

use crate::{concord, json, stderr};

/// A file's bytes in an encoding, with or without its byte-order mark.
fn encoded(text: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "utf-16le" => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        "utf-16be" => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        "utf-8-bom" => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
        "windows-1252" => text
            .chars()
            .map(|c| match c {
                '“' => 0x93,
                '”' => 0x94,
                '£' => 0xA3,
                c if c.is_ascii() => c as u8,
                c => panic!("{c} is not in this test's Windows-1252 table"),
            })
            .collect(),
        other => panic!("unknown encoding {other}"),
    }
}

#[test]
fn every_encoding_keeps_exact_positions_and_fixes_round_trip() {
    let text = "The “grant” of £500 helps.\nFamilies of people who joined ISIS can call us.\n";
    let fixed = text.replace("ISIS", "Daesh");
    for (encoding, name, offset) in [
        // The byte offset of "ISIS" in each file as stored.
        // 57 characters come before it; “, ” and £ take three, three and two bytes in UTF-8.
        ("utf-16le", "notepad.txt", 2 + 2 * 57),
        ("utf-16be", "mac.txt", 2 + 2 * 57),
        ("utf-8-bom", "bom.txt", 3 + 57 + 5),
        ("windows-1252", "legacy.txt", 57),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::write(&path, encoded(text, encoding)).unwrap();
        let output = concord()
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{encoding}: {}",
            stderr(&output)
        );
        let finding = &json(&output)["files"][0]["diagnostics"][0];
        assert_eq!(finding["matched"], "ISIS", "{encoding}");
        assert_eq!(finding["start"]["line"], 2, "{encoding}");
        assert_eq!(finding["start"]["column"], 31, "{encoding}: characters");
        assert_eq!(
            finding["start"]["offset"], offset,
            "{encoding}: bytes as stored"
        );

        let output = concord()
            .args(["check", "--fix"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{encoding}: {}",
            stderr(&output)
        );
        assert_eq!(
            fs::read(&path).unwrap(),
            encoded(&fixed, encoding),
            "{encoding}: written back in its own encoding, with its mark"
        );
    }
}

#[test]
fn an_html_page_declaring_windows_1252_is_read_as_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old-page.html");
    let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>".to_vec();
    page.extend_from_slice(
        b"A \x93grant\x94 of \xa3500 for families of people who joined ISIS.</p></body></html>",
    );
    fs::write(&path, &page).unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("not UTF-8"),
        "declared, not assumed"
    );
    let value = json(&output);
    let finding = &value["files"][0]["diagnostics"][0];
    assert_eq!(finding["matched"], "ISIS");
    let offset = finding["start"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(
        &page[offset..offset + 4],
        b"ISIS",
        "the offset is in the file's own bytes"
    );
}

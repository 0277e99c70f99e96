//! One fix function for every channel: Markdown and HTML documents with phrases split by
//! markup, fixed by `concord check --fix` and by the language server's "fix all", must come out
//! byte for byte the same, with every tag kept and nothing outside the edits changed.

use std::fs;
use std::sync::{Mutex, OnceLock};

use proptest::prelude::*;
use serde_json::json;

use crate::concord;
use crate::lsp::{Client, apply_edits};

/// Sentences with no finding in them, around the phrases.
const FILLER: [&str; 4] = [
    "The council met residents in the park.",
    "Families can call the helpline on weekdays.",
    "Youth workers ran a football session",
    "Officers thanked the volunteers",
];

/// A phrase split by markup: each piece is (markup before, words, markup after). The words of
/// all pieces read "Islamic State" or "ISIS".
type Piece = (&'static str, &'static str, &'static str);

/// Ways to split the phrase in HTML and in Markdown, and whether a fix can be made in place.
/// An emptied HTML element is invisible; emptied Markdown emphasis would show its asterisks,
/// so those fixes are display-only and the text is left for a person to change.
fn splits(html: bool) -> Vec<(Vec<Piece>, bool)> {
    if html {
        vec![
            (vec![("<b>", "Islamic", "</b>"), ("", " State", "")], true),
            (vec![("", "Islamic ", ""), ("<i>", "State", "</i>")], true),
            (
                vec![
                    ("<a href=\"/news\">", "Islamic", "</a>"),
                    ("", " State", ""),
                ],
                true,
            ),
            (vec![("", "IS", ""), ("<b>", "IS", "</b>")], true),
            (
                vec![
                    ("<em>", "Islamic", "</em>"),
                    ("<strong>", " State", "</strong>"),
                ],
                true,
            ),
            (vec![("<span>", "Islamic State", "</span>")], true),
        ]
    } else {
        vec![
            (vec![("**", "Islamic", "**"), ("", " State", "")], true),
            (vec![("", "Islamic ", ""), ("*", "State", "*")], false),
            (vec![("[", "Islamic", "](/news)"), ("", " State", "")], true),
            (vec![("_", "Islamic", "_"), ("**", " State", "**")], false),
            (vec![("", "Islamic State", "")], true),
        ]
    }
}

/// A document and the text fixing it must give: the replacement in the first piece, the words
/// of the others removed, all markup kept.
fn document(html: bool, paragraphs: &[Vec<(usize, Option<usize>)>]) -> (String, String) {
    let splits = splits(html);
    let (mut text, mut fixed) = (String::new(), String::new());
    for paragraph in paragraphs {
        let (open, close) = if html {
            ("<p>", "</p>\n")
        } else {
            ("", "\n\n")
        };
        text.push_str(open);
        fixed.push_str(open);
        for &(filler, phrase) in paragraph {
            let sentence = FILLER[filler % FILLER.len()];
            text.push_str(sentence);
            fixed.push_str(sentence);
            if let Some(split) = phrase {
                let (pieces, fixable) = &splits[split % splits.len()];
                text.push_str(" with people who joined ");
                fixed.push_str(" with people who joined ");
                for (i, (before, words, after)) in pieces.iter().enumerate() {
                    text.push_str(&format!("{before}{words}{after}"));
                    let words = match (fixable, i) {
                        (false, _) => words,
                        (true, 0) => "Daesh",
                        (true, _) => "",
                    };
                    fixed.push_str(&format!("{before}{words}{after}"));
                }
                text.push('.');
                fixed.push('.');
            }
            text.push(' ');
            fixed.push(' ');
        }
        text.push_str(close);
        fixed.push_str(close);
    }
    (text, fixed)
}

/// The markup of a document in order: HTML tags, or Markdown's emphasis, links and brackets.
fn markup(text: &str, html: bool) -> Vec<String> {
    let pattern = if html {
        r"<[^>]*>"
    } else {
        r"\*\*|\*|_|\[|\]\([^)]*\)"
    };
    regex::Regex::new(pattern)
        .unwrap()
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// One language server for every case.
fn server() -> &'static Mutex<Client> {
    static SERVER: OnceLock<Mutex<Client>> = OnceLock::new();
    SERVER.get_or_init(|| Mutex::new(Client::start(json!({}), json!(null))))
}

fn fix_in_editor(uri: &str, language: &str, text: &str) -> String {
    let mut client = server().lock().unwrap_or_else(|e| e.into_inner());
    client.open(uri, language, text);
    client.diagnostics(uri, Some(1));
    let response = client.request("textDocument/codeAction", json!({
        "textDocument": { "uri": uri },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
        "context": { "diagnostics": [], "only": ["source.fixAll"] },
    }));
    // With nothing to fix, there is no "fix all" action.
    let Some(action) = response["result"].as_array().unwrap().first() else {
        return text.to_string();
    };
    let edits = action["edit"]["changes"][uri].as_array().unwrap();
    apply_edits(text, edits)
}

fn fix_on_the_command_line(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    let output = concord()
        .args(["check", "--no-config", "--fix", "--quiet"])
        .arg(&path)
        .output()
        .unwrap();
    // 1 when a display-only finding is left for a person to fix.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    fs::read_to_string(&path).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn command_line_and_editor_fix_markup_split_phrases_identically(
        html in any::<bool>(),
        paragraphs in prop::collection::vec(
            prop::collection::vec((0..4usize, prop::option::of(0..6usize)), 1..4),
            1..4,
        ),
        case in 0..u32::MAX,
    ) {
        let (text, expected) = document(html, &paragraphs);
        let (name, language) = if html { ("page.html", "html") } else { ("page.md", "markdown") };
        let uri = format!("file:///tmp/concord-fix-channels/{case}/{name}");
        let from_cli = fix_on_the_command_line(name, &text);
        let from_editor = fix_in_editor(&uri, language, &text);
        prop_assert_eq!(&from_cli, &from_editor, "the two channels differ on {:?}", text);
        prop_assert_eq!(markup(&from_cli, html), markup(&text, html), "a tag was lost");
        prop_assert_eq!(&from_cli, &expected, "something outside the edits changed");
    }
}

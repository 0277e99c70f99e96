//! Positions are exact in every format: a property test over many generated documents.

mod packages;
mod review;

use std::io::{Read, Write};
use std::sync::LazyLock;

use concord_engine::{BlockKind, Policy, RuleSet};
use concord_formats::review::{Note, Reviewed, Reviewer, write};
use concord_formats::{Format, read, read_text};
use proptest::prelude::*;

/// Helpers the office-file tests share.
/// A zip package of `parts`.
pub(crate) fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A comment on each occurrence of `words` in the prose; the review copy, read back with the
/// same prose.
pub(crate) fn review(bytes: &[u8], words: &str) -> Reviewed {
    let document = read(Format::Docx, bytes).unwrap();
    let notes: Vec<Note> = document
        .prose
        .match_indices(words)
        .map(|(at, w)| Note {
            prose: at..at + w.len(),
            locator: "paragraph 1".into(),
            matched: w.into(),
            paragraphs: vec!["Call the group Daesh.".into()],
        })
        .collect();
    assert!(!notes.is_empty(), "{words:?} not in {:?}", document.prose);
    let reviewer = Reviewer {
        author: "concord".into(),
        date: "2026-12-06T00:00:00Z".into(),
    };
    let reviewed = write(Format::Docx, bytes, &document, &notes, &reviewer).unwrap();
    let again = read(Format::Docx, &reviewed.bytes).unwrap();
    assert_eq!(again.prose, document.prose);
    reviewed
}

/// Part `name` of the package `bytes`.
pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// Filler sentences that flag nothing, with characters of every UTF-8 width.
const FILLER: &[&str] = &[
    "The council met.",
    "Café owners — pleased — said so.",
    "日本語 text here.",
    "Emoji 😀 day.",
];

/// How a two-word phrase may be written in each text format; `{a}` and `{b}` are its words.
const MARKDOWN: &[&str] = &[
    "{a} {b}",
    "*{a}* {b}",
    "**{a} {b}**",
    "{a}\n{b}",
    "[{a} {b}](https://example.org)",
    "{a}  {b}",
];
const HTML: &[&str] = &[
    "{a} {b}",
    "<b>{a}</b> {b}",
    "<em>{a}\n   {b}</em>",
    "{a}<span> </span>{b}",
    "<a href=\"x\">{a} {b}</a>",
    "{a}&#32;{b}",
];

/// Flagged two-word phrases.
const PHRASES: &[(&str, &str)] = &[
    ("Islamic", "State"),
    ("online", "radicalisation"),
    ("Muslim", "extremists"),
    ("breeding", "ground for terrorism"),
];

/// A text document of `parts`, and the source range each phrase was written at.
fn text_document(
    format: Format,
    parts: &[(usize, usize, usize)],
) -> (String, Vec<std::ops::Range<usize>>) {
    let (shapes, open, close) = match format {
        Format::Html => (HTML, "<p>", "</p>\n"),
        _ => (MARKDOWN, "", "\n\n"),
    };
    let mut source = String::new();
    let mut expected = Vec::new();
    for &(filler, phrase, shape) in parts {
        let (a, b) = PHRASES[phrase];
        source.push_str(open);
        source.push_str(FILLER[filler]);
        source.push(' ');
        let written = shapes[shape].replace("{a}", a).replace("{b}", b);
        // The phrase in the source starts at its first word and ends after its last.
        let start = source.len() + written.find(a).unwrap();
        let end = source.len() + written.rfind(b).unwrap() + b.len();
        source.push_str(&written);
        source.push_str(" today.");
        source.push_str(close);
        expected.push(start..end);
    }
    (source, expected)
}

fn check_text(format: Format, parts: &[(usize, usize, usize)]) -> Result<(), TestCaseError> {
    let (source, expected) = text_document(format, parts);
    let document = read_text(format, &source);
    let spans: Vec<_> = RULES
        .check_blocks(&document.prose, document.blocks(), &Policy::new())
        .into_iter()
        .map(|f| {
            document
                .source_span(f.span)
                .expect("text formats map to source")
        })
        .collect();
    prop_assert_eq!(
        spans,
        expected,
        "source: {:?}\nprose: {:?}",
        source,
        document.prose
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn markdown_spans_are_the_exact_source_bytes(parts in prop::collection::vec((0..FILLER.len(), 0..PHRASES.len(), 0..MARKDOWN.len()), 1..8)) {
        check_text(Format::Markdown, &parts)?;
    }

    #[test]
    fn html_spans_are_the_exact_source_bytes(parts in prop::collection::vec((0..FILLER.len(), 0..PHRASES.len(), 0..HTML.len()), 1..8)) {
        check_text(Format::Html, &parts)?;
    }

    /// Word splits text into runs anywhere; each finding names the right paragraph, and the
    /// paragraph text holds the words at the reported place.
    #[test]
    fn docx_findings_name_their_paragraph_whatever_the_runs(
        paragraphs in prop::collection::vec((0..PHRASES.len(), prop::collection::vec(1usize..6, 1..4)), 1..6)
    ) {
        let mut body = String::new();
        let mut expected = Vec::new();
        for (i, (phrase, cuts)) in paragraphs.iter().enumerate() {
            let (a, b) = PHRASES[*phrase];
            let text = format!("We saw {a} {b} here.");
            let mut runs = String::new();
            let mut rest = text.as_str();
            for cut in cuts {
                let at = (*cut).min(rest.len());
                let (run, tail) = rest.split_at(at);
                runs.push_str(&format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{run}</w:t></w:r>"));
                rest = tail;
            }
            runs.push_str(&format!("<w:r><w:t xml:space=\"preserve\">{rest}</w:t></w:r>"));
            body.push_str(&format!("<w:p>{runs}</w:p>"));
            expected.push((format!("paragraph {}", i + 1), format!("{a} {b}")));
        }
        let xml = format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
            zip.finish().unwrap();
        }
        let document = read(Format::Docx, &bytes).unwrap();
        let found: Vec<(String, String)> = RULES
            .check_blocks(&document.prose, document.blocks(), &Policy::new())
            .into_iter()
            .map(|f| {
                let (block, locator) = document.block_at(f.span.start).expect("every finding is in a block");
                prop_assert!(block.range.start <= f.span.start && f.span.end <= block.range.end);
                Ok((locator.to_string(), document.prose[f.span].to_string()))
            })
            .collect::<Result<_, TestCaseError>>()?;
        prop_assert_eq!(found, expected);
    }
}

/// The kind of each block and whether it cites a source, as `(kind, cites, text)`.
fn structure(document: &concord_formats::Document) -> Vec<(BlockKind, bool, String)> {
    document
        .blocks()
        .iter()
        .map(|b| {
            (
                b.kind,
                b.cites,
                document.prose[b.range.clone()].trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn markdown_and_html_hand_the_engine_typed_blocks() {
    use BlockKind::*;
    let markdown = "# Title words\n\nA paragraph cites this.[^1]\n\n- first item\n- second\n\n> quoted\n\n| cell |\n|---|\n| body |\n\n[^1]: The note.\n";
    assert_eq!(
        structure(&read_text(Format::Markdown, markdown)),
        [
            (Heading, false, "Title words".into()),
            (Paragraph, true, "A paragraph cites this.".into()),
            (ListItem, false, "first item".into()),
            (ListItem, false, "second".into()),
            (Quote, false, "quoted".into()),
            (TableCell, false, "cell".into()),
            (TableCell, false, "body".into()),
            (Footnote, false, "The note.".into()),
        ]
    );
    let html = "<html><head><title>Page</title></head><body><h2>News</h2><p>Said so.<sup>3</sup></p><ul><li><p>item one</p></li></ul><table><tr><td>cell</td></tr></table><blockquote><p>quoted</p></blockquote></body></html>";
    assert_eq!(
        structure(&read_text(Format::Html, html)),
        [
            (Title, false, "Page".into()),
            (Heading, false, "News".into()),
            (Paragraph, true, "Said so.\u{FFFC}3\u{FFFC}".into()),
            (ListItem, false, "item one".into()),
            (TableCell, false, "cell".into()),
            (Quote, false, "quoted".into()),
        ]
    );
    let text = "A paragraph\nof two lines.\n\n- an item\n1. another<sup>2</sup>\n";
    assert_eq!(
        structure(&read_text(Format::Text, text)),
        [
            (Paragraph, false, "A paragraph\nof two lines.".into()),
            (ListItem, false, "- an item".into()),
            (ListItem, true, "1. another<sup>2</sup>".into()),
        ]
    );
}

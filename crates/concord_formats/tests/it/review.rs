//! Review copies of hand-built packages: the edge cases fuzzing found and the XML that office
//! suites rarely write. Each copy must read back with the same text, the comments on exactly
//! the words.

use concord_formats::review::{Note, Reviewer, write};
use concord_formats::{Format, read};

use crate::{package, part};

/// A Word package whose main part is `xml`.
fn docx(xml: &str) -> Vec<u8> {
    package(&[
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>"#,
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#,
        ),
        ("word/document.xml", xml),
    ])
}

/// Comments on each occurrence of `words`, each on its own words; the reviewed copy's text,
/// and its main part.
fn review(bytes: &[u8], words: &str) -> (String, String) {
    let reviewed = crate::review(bytes, words);
    let prose = read(Format::Docx, &reviewed.bytes).unwrap().prose;
    assert_eq!(reviewed.anchored, prose.matches(words).count());
    let main = part(&reviewed.bytes, "word/document.xml");
    (prose, main)
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

#[test]
fn a_main_part_that_starts_with_a_byte_order_mark_is_spliced_at_the_right_bytes() {
    // Found by fuzzing (docx_xml): positions were counted from after the mark.
    let xml = format!(
        "\u{FEFF}<w:document {W}><w:body><w:p><w:r><w:t>Tackle radicalisation now.</w:t></w:r></w:p></w:body></w:document>"
    );
    let (_, main) = review(&docx(&xml), "radicalisation");
    assert!(main.starts_with('\u{FEFF}'));
    assert!(
        main.contains(r#"<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">radicalisation</w:t></w:r><w:commentRangeEnd w:id="0"/>"#),
        "{main}"
    );
}

#[test]
fn words_next_to_entities_and_inside_one_run_are_anchored_exactly() {
    let xml = format!(
        "<w:document {W}><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Q&amp;A: ISIS &amp; &#x201C;ISIS&#x201D;</w:t></w:r></w:p></w:body></w:document>"
    );
    let (prose, main) = review(&docx(&xml), "ISIS");
    assert_eq!(prose, "Q&A: ISIS & \u{201C}ISIS\u{201D}");
    // Both halves of each split run keep the run's formatting.
    assert_eq!(main.matches("<w:b/>").count(), 5, "{main}");
    assert_eq!(
        main.matches(r#"<w:t xml:space="preserve">ISIS</w:t>"#)
            .count(),
        2,
        "{main}"
    );
}

#[test]
fn words_no_comment_can_sit_on_are_listed_at_the_start_never_lost() {
    // Text straight inside a paragraph, outside any run: read as prose, but Word's range marks
    // go between runs, so the finding is listed in the comment at the start instead.
    let xml = format!(
        "<w:document {W}><w:body><w:p><w:r><w:t>Youth update</w:t></w:r></w:p><w:p><w:t>Videos made by ISIS.</w:t></w:p></w:body></w:document>"
    );
    let bytes = docx(&xml);
    let document = read(Format::Docx, &bytes).unwrap();
    let at = document.prose.find("ISIS").unwrap();
    let note = Note {
        prose: at..at + 4,
        locator: "paragraph 2".into(),
        matched: "ISIS".into(),
        paragraphs: vec!["Call the group Daesh.".into()],
    };
    let reviewer = Reviewer {
        author: "concord".into(),
        date: "2026-11-26T00:00:00Z".into(),
    };
    let reviewed = write(Format::Docx, &bytes, &document, &[note], &reviewer).unwrap();
    assert_eq!((reviewed.anchored, reviewed.gathered), (0, 1));
    let comments = part(&reviewed.bytes, "word/comments.xml");
    assert!(comments.contains("Paragraph 2: “ISIS”"), "{comments}");
    assert!(comments.contains("Call the group Daesh."), "{comments}");
}

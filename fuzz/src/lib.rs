//! What every concord fuzz target asserts, beyond "no panic": spans inside the text and on
//! character boundaries, findings in order, fixes that touch only their own bytes, and review
//! copies that read back with the same text.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use concord_config::{ConfigChoice, Project, Projects};
use concord_formats::review::{Note, Reviewer};
use concord_formats::{Document, Format};
use concord_pipeline::{Applicability, Diagnostic, Location};

/// The built-in rules with no configuration, as `concord check --no-config` uses them.
pub static PROJECT: LazyLock<Arc<Project>> = LazyLock::new(|| {
    Projects::new(ConfigChoice::None, &[])
        .for_dir(Path::new("."))
        .expect("the built-in rules load")
});

/// `range` lies inside `text` on character boundaries.
pub fn assert_span(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on character boundaries"
    );
}

/// The document's blocks are in order, inside the prose, on character boundaries; its source
/// map stays inside the source.
pub fn assert_document(document: &Document, source: Option<&str>) {
    let mut end = 0;
    for block in document.blocks() {
        assert_span(&document.prose, &block.range, "block");
        assert!(
            block.range.start >= end,
            "blocks overlap or are out of order"
        );
        end = block.range.end;
    }
    if let Some(source) = source {
        for block in document.blocks() {
            if let Some(span) = document.source_span(block.range.clone()) {
                assert!(
                    span.end <= source.len(),
                    "source span {span:?} outside the source"
                );
            }
        }
    }
}

/// Checks `document` through the pipeline and asserts every diagnostic is well placed and in
/// order; returns the diagnostics.
pub fn check(document: &Document, source: Option<&str>, path: &str) -> Vec<Diagnostic> {
    assert_document(document, source);
    let diagnostics = concord_pipeline::check(&PROJECT, document, source, Path::new(path));
    let mut last = 0;
    for d in &diagnostics {
        let range = d.location.range();
        match (&d.location, source) {
            (Location::Source(_), Some(source)) => assert_span(source, &range, "finding"),
            (Location::Block { block, .. }, _) => {
                assert_span(&document.prose, &range, "finding");
                assert!(
                    block.start <= range.start && range.end <= block.end,
                    "finding outside its block"
                );
            }
            (Location::Source(_), None) => panic!("a source location without a source"),
        }
        assert!(range.start >= last, "findings out of order");
        last = range.start;
    }
    diagnostics
}

/// Applies every fix (unsafe ones too) and asserts the edits are sorted, disjoint, on character
/// boundaries, and change nothing outside their ranges.
pub fn assert_fixes(source: &str, diagnostics: &[Diagnostic]) -> String {
    let fixes = concord_pipeline::fix::edits(diagnostics, Applicability::Unsafe);
    let mut end = 0;
    for edit in &fixes.edits {
        assert_span(source, &edit.range, "edit");
        assert!(edit.range.start >= end, "edits overlap or are out of order");
        end = edit.range.end;
    }
    let fixed = concord_pipeline::fix::apply(source, &fixes.edits);
    // Rebuild the result from the untouched bytes and the edits' texts: it must be the same.
    let (mut rebuilt, mut copied) = (String::new(), 0);
    for edit in &fixes.edits {
        rebuilt.push_str(&source[copied..edit.range.start]);
        rebuilt.push_str(&edit.text);
        copied = edit.range.end;
    }
    rebuilt.push_str(&source[copied..]);
    assert_eq!(fixed, rebuilt, "bytes outside the edits changed");
    fixed
}

/// Writes a review copy of `bytes` (an office file read as `document`) with a comment per
/// finding, and asserts it reads back with the same prose and the same findings.
pub fn assert_review_copy(
    format: Format,
    bytes: &[u8],
    document: &Document,
    diagnostics: &[Diagnostic],
) {
    let notes: Vec<Note> = diagnostics
        .iter()
        .map(|d| Note {
            prose: d.location.range(),
            locator: String::new(),
            matched: d.matched.clone(),
            paragraphs: vec![d.message.clone(), format!("Rule {}", d.rule)],
        })
        .collect();
    let reviewer = Reviewer {
        author: "fuzz <&>".into(),
        date: "2026-11-26T00:00:00Z".into(),
    };
    let Ok(reviewed) = concord_formats::review::write(format, bytes, document, &notes, &reviewer)
    else {
        // A part the reader did not need (relationships, content types) may be unreadable.
        return;
    };
    assert_eq!(reviewed.anchored + reviewed.gathered, notes.len());
    let again = concord_formats::read(format, &reviewed.bytes).expect("the review copy reads back");
    assert_eq!(
        again.prose, document.prose,
        "the review copy reads with different text"
    );
}

//! Positions are exact: whatever the layout, every finding's span is exactly the matched words.

use std::sync::LazyLock;

use concord_engine::{LineIndex, RuleSet};
use proptest::prelude::*;

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// Phrases each rule must find, written with single spaces.
const PHRASES: &[&str] = &[
    "Islamic State",
    "so-called Islamic State",
    "ISIS",
    "online radicalisation",
    "hotbed of extremism",
    "Trojan Horse affair",
    "Muslim extremists",
];

/// Text that flags nothing, including non-ASCII characters of every UTF-8 width.
const FILLER: &[&str] = &[
    "The council met.",
    "Café owners — “pleased” — said so.",
    "日本語 text here.",
    "Emoji 😀 day.",
    "Bins are emptied weekly.",
];

/// Whitespace that may stand between the words of a phrase.
const GAPS: &[&str] = &[" ", "  ", "\n", "\r\n", "\t", " \n   ", "\u{a0}"];

fn layout(phrase: &str, gaps: &[usize]) -> String {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out = words[0].to_string();
    for (i, word) in words[1..].iter().enumerate() {
        out.push_str(GAPS[gaps[i % gaps.len()] % GAPS.len()]);
        out.push_str(word);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn spans_are_exactly_the_inserted_words(
        parts in prop::collection::vec((0..FILLER.len(), 0..PHRASES.len(), prop::collection::vec(0..GAPS.len(), 1..4)), 1..12)
    ) {
        let rules = &*RULES;
        let mut text = String::new();
        let mut expected = Vec::new();
        for (filler, phrase, gaps) in &parts {
            text.push_str(FILLER[*filler]);
            text.push(' ');
            let laid_out = layout(PHRASES[*phrase], gaps);
            let start = text.len();
            text.push_str(&laid_out);
            expected.push(start..text.len());
            text.push_str(". ");
        }
        let findings = rules.check(&text);
        let spans: Vec<_> = findings.iter().map(|f| f.span.clone()).collect();
        prop_assert_eq!(&spans, &expected, "text: {:?}", text);
        let index = LineIndex::new(&text);
        for span in spans {
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let start = index.position(&text, span.start);
            let line_start = span.start - text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(start.column, text[span.start - line_start..span.start].chars().count() + 1);
        }
    }
}

//! Rule packs written by council staff: an arbitrary rule file beside a valid pack.toml is
//! compiled (or refused with located errors), then checks arbitrary text.
#![no_main]

use concord_engine::{PackSource, RuleFileSource, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (rule, text) = input
        .split_once("\n---\n")
        .unwrap_or((input, "Officers met ISIS recruits."));
    let pack = PackSource {
        files: vec![
            RuleFileSource {
                origin: "fuzz/pack.toml".into(),
                text: "[pack]\nname = \"fuzz\"\nsummary = \"Fuzzed.\"\n".into(),
            },
            RuleFileSource {
                origin: "fuzz/rule.toml".into(),
                text: rule.into(),
            },
        ],
    };
    match RuleSet::compile(&[pack]) {
        Ok(rules) => {
            let mut last = 0;
            for finding in rules.check(text) {
                concord_fuzz::assert_span(text, &finding.span, "finding");
                assert!(finding.span.start >= last, "findings out of order");
                last = finding.span.start;
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "a refused pack says why"),
    }
});

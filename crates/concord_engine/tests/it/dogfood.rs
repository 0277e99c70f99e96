//! concord's own words must pass concord: every rule's message, rationale and suggestions.

use concord_engine::{RuleSet, Severity};

#[test]
fn rule_texts_pass_their_own_rules() {
    let rules = RuleSet::builtin();
    let mut problems = Vec::new();
    for rule in rules.rules() {
        let texts = [&rule.summary, &rule.message, &rule.rationale]
            .into_iter()
            .chain(&rule.suggestions)
            .chain(rule.fix.as_ref());
        for text in texts {
            for finding in rules.check(text) {
                // Acronyms in rationales (PVE, ICSR) are explained where they matter to readers.
                if finding.severity >= Severity::Hint
                    && finding.rule.id != "clarity/unexplained-acronym"
                {
                    problems.push(format!(
                        "{}: {:?} in {text:?}",
                        finding.rule.id, &text[finding.span]
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "concord flags its own words:\n{}",
        problems.join("\n")
    );
}

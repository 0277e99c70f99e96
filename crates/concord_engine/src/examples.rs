//! Running a rule's own examples, so a rule cannot ship with an example it gets wrong.

use std::fmt;

use crate::{Block, BlockKind, Finding, Policy, Rule, RuleSet};

/// An example that its rule gets wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule whose example failed.
    pub rule: String,
    /// The example as written in the rule file.
    pub example: String,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}: {}", self.rule, self.example, self.problem)
    }
}

impl RuleSet {
    /// Checks every example of `rule`: each `flag` example yields exactly one finding of the rule,
    /// on the words in brackets, and its fix (if any) removes it; each `pass` example yields none.
    /// A `flag` example may also give the corrected text after an arrow (`Join [ISIS]. → Join
    /// Daesh.`): the fix, or else the first suggestion, must turn the one into the other.
    pub fn verify_examples(&self, rule: &Rule) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        let mut fail = |example: &str, problem: String| {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                example: example.to_string(),
                problem,
            });
        };
        for written in &rule.flag_examples {
            let (example, corrected) = match written.split_once(ARROW) {
                Some((example, corrected)) => (example, Some(corrected)),
                None => (written.as_str(), None),
            };
            let Some((text, expected)) = unbracket(example) else {
                fail(
                    example,
                    "no [brackets] around the words that must be flagged".into(),
                );
                continue;
            };
            let spans: Vec<_> = self
                .check_example(&text)
                .into_iter()
                .filter(|f| f.rule.id == rule.id)
                .map(|f| (f.span, f.fix, f.suggestions.first().cloned()))
                .collect();
            match spans.as_slice() {
                [(span, fix, first)] if *span == expected => {
                    if let Some(corrected) = corrected {
                        let replacement = fix.as_ref().or(first.as_ref());
                        let applied = replacement
                            .map(|r| format!("{}{r}{}", &text[..span.start], &text[span.end..]));
                        if applied.as_deref() != Some(corrected) {
                            fail(
                                example,
                                format!("corrected to {applied:?}, not {corrected:?}"),
                            );
                        }
                    }
                    if let Some(fix) = fix {
                        let fixed = format!("{}{fix}{}", &text[..span.start], &text[span.end..]);
                        if self
                            .check_example(&fixed)
                            .iter()
                            .any(|f| f.rule.id == rule.id)
                        {
                            fail(example, format!("still flagged after its fix: {fixed:?}"));
                        }
                    }
                }
                _ => fail(
                    example,
                    format!(
                        "expected one finding on {:?}, got {:?}",
                        &text[expected],
                        spans
                            .iter()
                            .map(|(s, _, _)| &text[s.clone()])
                            .collect::<Vec<_>>()
                    ),
                ),
            }
        }
        for example in &rule.pass_examples {
            let flagged: Vec<_> = self
                .check_example(example)
                .into_iter()
                .filter(|f| f.rule.id == rule.id)
                .map(|f| example[f.span].to_string())
                .collect();
            if !flagged.is_empty() {
                fail(example, format!("must not be flagged, but {flagged:?} was"));
            }
        }
        failures
    }
}

impl RuleSet {
    /// Checks an example: one paragraph, or, when lines after the first start with `- `, a
    /// lead-in and its list, each line a block ("Warning signs:\n- [growing a beard]").
    fn check_example<'r>(&'r self, text: &str) -> Vec<Finding<'r>> {
        if !text.contains("\n- ") {
            return self.check(text);
        }
        let mut blocks = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let kind = match line.starts_with("- ") {
                true => BlockKind::ListItem,
                false => BlockKind::Paragraph,
            };
            blocks.push(Block {
                range: start..start + line.len(),
                kind,
                cites: false,
            });
            start += line.len() + 1;
        }
        self.check_blocks(text, &blocks, &Policy::new())
    }
}

/// Separates a `flag` example from the text it must be corrected to.
const ARROW: &str = " → ";

/// Splits `a [b] c` into `a b c` and the byte range of `b`.
fn unbracket(example: &str) -> Option<(String, std::ops::Range<usize>)> {
    let open = example.find('[')?;
    let close = open + example[open..].find(']')?;
    let text = format!(
        "{}{}{}",
        &example[..open],
        &example[open + 1..close],
        &example[close + 1..]
    );
    Some((text, open..close - 1))
}

#[cfg(test)]
mod tests {
    use super::unbracket;

    #[test]
    fn brackets_mark_the_expected_span() {
        let (text, span) = unbracket("they joined [ISIS] last year").unwrap();
        assert_eq!(text, "they joined ISIS last year");
        assert_eq!(&text[span], "ISIS");
        assert!(unbracket("no brackets").is_none());
    }
}

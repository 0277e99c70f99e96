//! What the engine reports: a rule, the exact source bytes, and what to write instead.

use std::ops::Range;

use crate::{Rule, Severity};

/// One problem found in a text.
#[derive(Debug, Clone)]
pub struct Finding<'r> {
    /// The rule that found it.
    pub rule: &'r Rule,
    /// Severity after the matcher's own setting.
    pub severity: Severity,
    /// One sentence: what was found and why it matters.
    pub message: &'r str,
    /// Byte range of the flagged words in the source text.
    pub span: Range<usize>,
    /// What to write instead, capitalised to fit where the words stand.
    pub suggestions: Vec<String>,
    /// The replacement `--fix` applies, when one is always right.
    pub fix: Option<String>,
}

/// Capitalises `replacement` when the words it replaces start with a capital.
pub(crate) fn match_case(matched: &str, replacement: &str) -> String {
    let starts_upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::match_case;

    #[test]
    fn capitalises_only_when_needed() {
        assert_eq!(
            match_case("Radicalisation", "people being drawn"),
            "People being drawn"
        );
        assert_eq!(
            match_case("radicalisation", "people being drawn"),
            "people being drawn"
        );
        assert_eq!(match_case("isis", "Daesh"), "Daesh");
    }
}

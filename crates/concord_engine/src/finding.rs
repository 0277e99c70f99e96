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

/// Fills a suggestion in for the words it replaces: `$1`…`$9` stand for the matched words by
/// position and `$last` for the last one; the result is capitalised like the matched words.
pub(crate) fn fill_in(matched: &str, suggestion: &str) -> String {
    let words: Vec<&str> = matched.split_whitespace().collect();
    let mut filled = suggestion.replace("$last", words.last().copied().unwrap_or_default());
    for (i, word) in words.iter().enumerate().take(9) {
        filled = filled.replace(&format!("${}", i + 1), word);
    }
    match_case(matched, &filled)
}

/// Capitalises `replacement` when the words it replaces start with a capital.
fn match_case(matched: &str, replacement: &str) -> String {
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
    use super::{fill_in, match_case};

    #[test]
    fn placeholders_take_the_matched_words() {
        assert_eq!(
            fill_in("Muslim\n extremists", "Islamist $last"),
            "Islamist extremists"
        );
        assert_eq!(
            fill_in("the Asian community", "$2 communities"),
            "Asian communities"
        );
        assert_eq!(
            fill_in("The Muslim community", "$2 communities"),
            "Muslim communities"
        );
    }

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

//! What the engine reports: a rule, the exact source bytes, and what to write instead.

use std::borrow::Cow;
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
    pub message: Cow<'r, str>,
    /// Byte range of the flagged words in the source text.
    pub span: Range<usize>,
    /// What to write instead, capitalised to fit where the words stand.
    pub suggestions: Vec<String>,
    /// The replacement `--fix` applies, when one is always right.
    pub fix: Option<String>,
    /// The concern of the rule that found it (`<rule id>/<concern>`), if the rule names them.
    pub concern: Option<&'r str>,
}

/// Fills a suggestion in for the words it replaces: `$1`…`$9` stand for the matched words by
/// position and `$last` for the last one; the result is capitalised like the matched words
/// (`starts_sentence` says whether they open a sentence, which an abbreviation's capitals do
/// not show).
pub(crate) fn fill_in(matched: &str, suggestion: &str, starts_sentence: bool) -> String {
    let words: Vec<&str> = matched.split_whitespace().collect();
    let mut filled = suggestion.replace("$last", words.last().copied().unwrap_or_default());
    for (i, word) in words.iter().enumerate().take(9) {
        filled = filled.replace(&format!("${}", i + 1), word);
    }
    match_case(matched, &filled, starts_sentence)
}

/// Whether the words at `start` of `text` open a sentence: nothing but spaces between them and
/// the start of their block or a full stop, question or exclamation mark.
pub(crate) fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    before.is_empty() || before.ends_with(['\n', '.', '!', '?'])
}

/// Capitalises `replacement` when the words it replaces start with a capital. An abbreviation
/// in capitals says nothing of where a sentence starts ("the CVE programme"), so after one the
/// replacement is capitalised only when it opens a sentence.
fn match_case(matched: &str, replacement: &str, starts_sentence: bool) -> String {
    let first_word = matched.split_whitespace().next().unwrap_or_default();
    let abbreviation = first_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !first_word.chars().any(char::is_lowercase);
    let starts_upper = (!abbreviation || starts_sentence)
        && matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

/// Whether `replacement` agrees with an article "a" or "an" that ends `before` (true when there
/// is none): "an" before a vowel sound, "a" before a consonant sound.
pub(crate) fn fits_article(before: &str, replacement: &str) -> bool {
    // Only the last word matters: look at the end of the text, not all of it.
    let mut from = before.len().saturating_sub(8);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let tail = before[from..].trim_end();
    let article = tail
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let whole_word = tail.len() > article.len() || from == 0;
    match article.as_str() {
        "a" if whole_word => !starts_with_vowel_sound(replacement),
        "an" if whole_word => starts_with_vowel_sound(replacement),
        _ => true,
    }
}

/// Whether a word is said starting with a vowel: by its first letter, with the common
/// exceptions ("a university", "a one-off", "an MP").
fn starts_with_vowel_sound(text: &str) -> bool {
    let word = text.split_whitespace().next().unwrap_or_default();
    let lower = word.to_lowercase();
    let acronym = word.len() > 1 && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if acronym {
        // Letters whose names start with a vowel sound: "an FBI", "an MP", "an SAS".
        return lower.starts_with(['a', 'e', 'f', 'h', 'i', 'l', 'm', 'n', 'o', 'r', 's', 'x']);
    }
    let consonant_sound = ["uni", "use", "usu", "eu", "one", "once", "ewe"];
    let silent_h = ["hour", "honest", "honour", "heir"];
    (lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !consonant_sound.iter().any(|p| lower.starts_with(p)))
        || silent_h.iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::{fill_in, fits_article, match_case};

    #[test]
    fn a_fix_must_agree_with_the_article_before_it() {
        assert!(!fits_article("He was an ", "Daesh"), "an Daesh");
        assert!(fits_article("He was a ", "Daesh"));
        assert!(!fits_article("It is a ", "Islamist group"), "a Islamist");
        assert!(fits_article("It is an ", "Islamist group"));
        assert!(fits_article("The ", "Daesh"), "no article");
        assert!(
            fits_article("a university and ", "Daesh"),
            "the article is not next to it"
        );
        assert!(fits_article("a ", "university"));
        assert!(fits_article("an ", "MP"));
        assert!(fits_article("an ", "hour"));
        assert!(fits_article("", "Daesh"));
    }

    #[test]
    fn placeholders_take_the_matched_words() {
        assert_eq!(
            fill_in("Muslim\n extremists", "Islamist $last", false),
            "Islamist extremists"
        );
        assert_eq!(
            fill_in("the Asian community", "$2 communities", false),
            "Asian communities"
        );
        assert_eq!(
            fill_in("The Muslim community", "$2 communities", true),
            "Muslim communities"
        );
    }

    #[test]
    fn capitalises_only_when_needed() {
        assert_eq!(
            match_case("Radicalisation", "people being drawn", false),
            "People being drawn"
        );
        assert_eq!(
            match_case("radicalisation", "people being drawn", true),
            "people being drawn"
        );
        assert_eq!(match_case("isis", "Daesh", false), "Daesh");
        assert_eq!(
            match_case("CVE", "countering violent extremism (CVE)", false),
            "countering violent extremism (CVE)"
        );
        assert_eq!(
            match_case("CVE", "countering violent extremism (CVE)", true),
            "Countering violent extremism (CVE)"
        );
        assert_eq!(match_case("I", "we", false), "We");
    }

    #[test]
    fn a_sentence_starts_at_a_block_or_after_its_full_stop() {
        let text = "Join CVE.  SO15 said\nMASH: PVE";
        let at = |words: &str| super::starts_sentence(text, text.find(words).unwrap());
        assert!(at("Join") && at("SO15") && at("MASH"));
        assert!(!at("CVE") && !at("said") && !at("PVE"));
    }
}

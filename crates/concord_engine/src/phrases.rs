//! Whole-word phrases a condition looks for ("former member", "radicalis*"), found as terms are:
//! one small automaton over the phrases in any case, with the same word boundaries
//! (`boundary.rs`). A regex of the same phrases took milliseconds to compile (a Unicode `\w` per
//! `*`) and was most of a short check's time; the automaton builds in microseconds.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::boundary::{ends_word, starts_word, word_end};

/// Phrases found as whole words in any ASCII case (letters outside ASCII match as written).
/// Words in a phrase are separated by one space, as they are in normalised text (a pack's
/// phrases are normalised as document text is, curly quotes straightened); a trailing `*` runs on
/// to the end of the word. Where
/// several phrases start at one place the longest is found ("former members" before "former
/// member"), so a phrase wins over a word it starts with. A shield (a condition's `except`) is
/// found as the others are and counts for nothing: the words inside it are passed over ("no
/// longer" hides its "no").
#[derive(Debug)]
pub(crate) struct Phrases {
    /// Lowercase, longest first, `*` kept.
    phrases: Vec<String>,
    /// Whether each of `phrases` is a shield.
    shields: Vec<bool>,
    /// The longest phrase, in bytes without its `*`.
    longest: usize,
    /// Built the first time a document needs it; `None` if it cannot be built, and then the
    /// phrases are found nowhere.
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl Phrases {
    /// The phrases as written in a pack (already expanded), any case and spacing, and its
    /// `shields`: phrases whose words count for nothing where they stand ("not only" for
    /// "not"). A phrase that is both is a shield.
    pub fn new(
        phrases: impl IntoIterator<Item = String>,
        shields: impl IntoIterator<Item = String>,
    ) -> Phrases {
        let spaced = |phrase: String| {
            let words: Vec<&str> = phrase.split_whitespace().collect();
            // ASCII only, as the automaton compares: "Łódź" keeps its capital to match it.
            words.join(" ").to_ascii_lowercase()
        };
        let mut all: Vec<(String, bool)> = (shields.into_iter().map(|p| (spaced(p), true)))
            .chain(phrases.into_iter().map(|p| (spaced(p), false)))
            .filter(|(phrase, _)| !phrase.trim_end_matches('*').is_empty())
            .collect();
        all.sort_by(|(a, a_shields), (b, b_shields)| {
            (b.len().cmp(&a.len()))
                .then_with(|| a.cmp(b))
                .then_with(|| b_shields.cmp(a_shields))
        });
        all.dedup_by(|later, kept| later.0 == kept.0);
        Phrases::prepared(all.into_iter().unzip())
    }

    /// Phrases already lowercase, spaced and in order, as [`Phrases::new`] leaves them.
    fn prepared((phrases, shields): (Vec<String>, Vec<bool>)) -> Phrases {
        let longest = phrases.iter().map(|p| literal(p).len()).max().unwrap_or(0);
        Phrases {
            phrases,
            shields,
            longest,
            automaton: OnceLock::new(),
        }
    }

    /// Whether there are no phrases at all (shields are not phrases to find).
    pub fn is_empty(&self) -> bool {
        !self.shields.contains(&false)
    }

    /// The automaton, built the first time it is needed; `None` if the phrases are too many
    /// or too long for one (a pack loaded at run time is told so as it loads).
    pub fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(self.phrases.iter().map(|p| literal(p)))
                    .ok()
            })
            .as_ref()
    }

    /// The first phrase in `haystack` that starts at or after `start` (the text before `start`
    /// is context for word boundaries): the leftmost, and the longest of those starting there;
    /// past any shield found first.
    pub fn find_at(&self, haystack: &str, start: usize) -> Option<Range<usize>> {
        let mut at = start;
        loop {
            let (found, shield) = self.leftmost_longest(haystack, at)?;
            if !shield {
                return Some(found);
            }
            at = found.end;
        }
    }

    /// The leftmost-longest phrase or shield at or after `start`, and whether it is a shield.
    fn leftmost_longest(&self, haystack: &str, start: usize) -> Option<(Range<usize>, bool)> {
        let automaton = self.automaton()?;
        // (start, phrase, end) of the best so far; a phrase's index is its preference.
        let mut best: Option<(usize, usize, usize)> = None;
        let input = Input::new(haystack).range(start..);
        for found in automaton.find_overlapping_iter(input) {
            // Matches come in the order they end: once one ends past where the longest phrase
            // starting at the best place would, none can start at or before it.
            if best.is_some_and(|(at, _, _)| found.end() > at + self.longest) {
                break;
            }
            let phrase = &self.phrases[found.pattern().as_usize()];
            let Some(end) = whole_words(haystack, phrase, found.start(), found.end()) else {
                continue;
            };
            let candidate = (found.start(), found.pattern().as_usize(), end);
            if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                best = Some(candidate);
            }
        }
        best.map(|(at, phrase, end)| (at..end, self.shields[phrase]))
    }
}

/// Finding words in a text, as phrases and patterns both do.
pub(crate) trait Find {
    /// The first place in `haystack` at or after `start` (the text before `start` is context
    /// for word boundaries).
    fn find_at(&self, haystack: &str, start: usize) -> Option<Range<usize>>;
}

impl Find for Phrases {
    fn find_at(&self, haystack: &str, start: usize) -> Option<Range<usize>> {
        Phrases::find_at(self, haystack, start)
    }
}

/// A phrase without its `*`.
fn literal(phrase: &str) -> &str {
    phrase.strip_suffix('*').unwrap_or(phrase)
}

/// Where `phrase`, found at `start..end` of `text`, ends as whole words (past the rest of the
/// word for a `*`), or `None` if it starts or ends inside a word. A phrase that starts or ends
/// with punctuation needs no boundary there.
fn whole_words(text: &str, phrase: &str, start: usize, end: usize) -> Option<usize> {
    let first_is_word = phrase.starts_with(char::is_alphanumeric);
    if first_is_word && !starts_word(text, start) {
        return None;
    }
    if phrase.ends_with('*') {
        return Some(word_end(text, end));
    }
    let last_is_word = phrase.ends_with(char::is_alphanumeric);
    (!last_is_word || ends_word(text, end)).then_some(end)
}

/// Phrases are stored as [`Phrases::new`] leaves them (lowercase, longest first, with which
/// are shields); the automaton is built again when first needed after they are read back.
impl Serialize for Phrases {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.phrases, &self.shields).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Phrases {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <(Vec<String>, Vec<bool>)>::deserialize(deserializer).map(Phrases::prepared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(phrases: &[&str], text: &str) -> Option<String> {
        Phrases::new(phrases.iter().map(|p| p.to_string()), [])
            .find_at(text, 0)
            .map(|span| text[span].to_string())
    }

    #[test]
    fn phrases_are_whole_words_in_any_case_with_one_space_between_words() {
        assert_eq!(find(&["former member"], "A Former  Member said"), None);
        assert_eq!(
            find(&["former member"], "A Former Member said").as_deref(),
            Some("Former Member")
        );
        assert_eq!(find(&["join"], "they rejoined"), None);
        assert_eq!(find(&["join"], "joiners"), None);
        assert_eq!(find(&["join"], "join.").as_deref(), Some("join"));
    }

    #[test]
    fn a_star_runs_on_to_the_end_of_the_word() {
        assert_eq!(
            find(&["radicalis*"], "the radicalisation of").as_deref(),
            Some("radicalisation")
        );
        assert_eq!(find(&["terror*"], "counterterrorism"), None);
        assert_eq!(
            find(&["naïve*"], "naïvement dit").as_deref(),
            Some("naïvement")
        );
    }

    #[test]
    fn the_leftmost_then_the_longest_phrase_is_found() {
        let phrases = ["member", "former members", "former member"];
        assert_eq!(
            find(&phrases, "two former members left").as_deref(),
            Some("former members")
        );
        assert_eq!(
            find(&phrases, "a former member and a member").as_deref(),
            Some("former member")
        );
        // "fighting for" starts before "for their": the leftmost wins however long.
        assert_eq!(
            find(
                &["fighting for", "for their cause"],
                "fighting for their cause"
            )
            .as_deref(),
            Some("fighting for")
        );
    }

    #[test]
    fn the_text_before_the_start_decides_a_boundary() {
        let phrases = Phrases::new(["join".to_string()], []);
        assert_eq!(phrases.find_at("rejoin now", 2), None);
        assert_eq!(phrases.find_at("re join now", 3), Some(3..7));
    }

    #[test]
    fn letters_outside_ascii_match_as_written() {
        assert_eq!(
            find(&["Łódź ghetto"], "the Łódź Ghetto archive").as_deref(),
            Some("Łódź Ghetto")
        );
        assert_eq!(find(&["Łódź"], "ŁÓDŹ"), None);
    }

    #[test]
    fn words_inside_a_shield_count_for_nothing() {
        let phrases = Phrases::new(
            ["no", "never", "none"].map(String::from),
            ["no longer", "who had never", "showed none"].map(String::from),
        );
        let find = |text: &'static str| phrases.find_at(text, 0).map(|span| &text[span]);
        assert_eq!(find("He no longer visits."), None);
        assert_eq!(find("a boy who had never prayed"), None);
        assert_eq!(find("she showed none before"), None);
        assert_eq!(find("He no longer visits, and no one asked."), Some("no"));
        assert_eq!(find("This is never a sign."), Some("never"));
    }

    #[test]
    fn the_same_phrase_twice_is_one_phrase() {
        let phrases = Phrases::new(["b", "aa", "B", "aa"].map(String::from), []);
        assert_eq!(phrases.phrases, ["aa", "b"]);
    }
}

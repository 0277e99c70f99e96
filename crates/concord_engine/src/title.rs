//! Titles and names written in Title Case inside a sentence: "the podcast Radical Voices", "the
//! Understanding Radicalisation Workshop". A term inside one is named, not used, so it is a
//! mention. Which words introduce a title and which nouns end a name come from the pack.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Words that may stand lowercase inside a title between capitalised words.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "at", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "&",
];

/// Words that join a title noun to what the name is about: "Network on", "Centre for".
const PREPOSITIONS: &[&str] = &["on", "for", "of", "against", "into", "in", "to"];

/// Marks that may open or close a title: quotation marks, and emphasis as plain text writes it
/// (`*Radical Voices*`; an underscore is part of a word by Unicode's rules).
const MARKS: &[char] = &['\'', '"', '‘', '’', '“', '”', '*'];

/// How far (in bytes) either side of a match a title is looked for.
const TITLE_REACH: usize = 160;

/// The words that introduce and end titles, lowercase.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct TitleWords {
    /// Phrases right before a title: "the podcast", "entitled", "called".
    pub introducers: Vec<String>,
    /// Nouns that end a name or title: "Workshop", "Report", "Network".
    pub nouns: Vec<String>,
}

impl TitleWords {
    /// Whether `span` (in `block`, of normalised `text`) lies in a Title Case run that is a
    /// title or name: one right after an introducer, or one of at least two capitalised words
    /// besides the match that ends with a title noun. A run never crosses the end of a sentence
    /// (only spaces, colons and hyphens join its words), so no sentence splitting is needed.
    pub fn contain(&self, text: &str, block: &Range<usize>, span: &Range<usize>) -> bool {
        let capitalised = text[span.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !capitalised || (self.introducers.is_empty() && self.nouns.is_empty()) {
            return false;
        }
        // A title is a few words: look no further than this either side of the match.
        let mut from = block.start.max(span.start.saturating_sub(TITLE_REACH));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = block.end.min(span.end + TITLE_REACH);
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let window = &text[from..to.max(from)];
        let (start, end) = (span.start - from, span.end - from);
        if in_emphasised_title(window, start, end) || in_quoted_title(window, start, end) {
            return true;
        }
        let words: Vec<(usize, &str)> = window
            .unicode_word_indices()
            .map(|(i, w)| (from + i, w))
            .collect();
        let Some(first) = words.iter().position(|(at, _)| *at >= span.start) else {
            return false;
        };
        let last = words
            .iter()
            .rposition(|(at, w)| at + w.len() <= span.end)
            .unwrap_or(first)
            .max(first);
        if !is_capitalised(words[first].1) {
            return false;
        }
        // Only spaces, a subtitle's colon, or a question or exclamation mark before a subtitle
        // ("Hotbeds of Hate? Policing Extremism") may stand between the words of one title.
        let joined = |a: usize, b: usize| {
            let gap = &text[words[a].0 + words[a].1.len()..words[b].0];
            gap.chars()
                .all(|c| matches!(c, ' ' | ':' | '-' | '?' | '!'))
        };
        let in_title = |i: usize| is_capitalised(words[i].1) || is_small(words[i].1);
        // "X and the Y" is two things, not one title: a run stops before an article after a
        // conjunction ("ISIS and the Prevent Board").
        // So is a capitalised article inside a run, unless a subtitle's colon comes before it:
        // "Section 4: Extremism The school will..." is a heading and a sentence, run together.
        let splits = |a: usize, b: usize| {
            (["and", "or", "&"].contains(&words[a].1) && ["the", "a", "an"].contains(&words[b].1))
                || (["The", "A", "An"].contains(&words[b].1)
                    && !text[words[a].0 + words[a].1.len()..words[b].0].contains(':'))
        };
        let mut start = first;
        while start > 0
            && joined(start - 1, start)
            && in_title(start - 1)
            && !splits(start - 1, start)
        {
            start -= 1;
        }
        while start < first && is_small(words[start].1) {
            start += 1;
        }
        let mut end = last;
        while end + 1 < words.len()
            && joined(end, end + 1)
            && in_title(end + 1)
            && !splits(end, end + 1)
        {
            end += 1;
        }
        while end > last && is_small(words[end].1) {
            end -= 1;
        }
        let introduced = {
            // A quotation mark or emphasis may open the title: titled 'Radicalisation in the
            // West', author of *Quiet Drift*.
            let before = text[from..words[start].0]
                .trim_end_matches(|c| c == ' ' || c == '(' || MARKS.contains(&c))
                .to_lowercase();
            self.introducers.iter().any(|intro| {
                before.strip_suffix(intro.as_str()).is_some_and(|rest| {
                    (rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
                        // "So-called" keeps its distance from a name; it does not give one.
                        && !rest.trim_end_matches([' ', '-']).ends_with("so")
                        // "A host of Islamic State fighters" counts them; it names no maker.
                        && !is_word_a(rest)
                })
            }) || self.after_kind_of_title(&before)
                || after_numbered_part(&before)
        };
        // A title opening its sentence may hold "and the" ("Radical Islam and the British
        // Campus, a 2019 report, ..."): its appositive is looked for after the whole run.
        let mut whole = end;
        if starts_sentence(text, block, words[start].0) {
            while whole + 1 < words.len() && joined(whole, whole + 1) && in_title(whole + 1) {
                whole += 1;
            }
        }
        // A subtitle after a colon that opens with a capitalised article ("Jihadi Brides: A
        // Play in Two Acts", "…: The Untold Story") marks the run as a title wherever it stands.
        let subtitled = (start..end).any(|i| {
            text[words[i].0 + words[i].1.len()..words[i + 1].0].contains(':')
                && ["A", "An", "The"].contains(&words[i + 1].1)
                && i + 2 <= end
                && is_capitalised(words[i + 2].1)
        });
        if introduced
            || subtitled
            || self.set_off_after_title_word(text, block, &words, start, end)
            || self.named_by_appositive(&text[words[whole].0 + words[whole].1.len()..block.end])
            || opens_with_article(text, block, &words, start, first, end)
        {
            return true;
        }
        let is_noun = |i: usize| {
            self.nouns
                .iter()
                .any(|noun| noun.eq_ignore_ascii_case(words[i].1))
        };
        // The name ends at its first title noun after the match ("... Workshop in March"). A
        // title noun before it names it too when a preposition follows the noun ("European
        // Network on De-radicalisation"), and so does a lowercase one right after the run
        // ("the Tackling Radicalisation Together campaign").
        let end = match (last + 1..=end).find(|&i| is_noun(i)) {
            Some(noun) => noun,
            None if (start..first).any(|i| {
                is_noun(i) && (i + 1..first).any(|j| PREPOSITIONS.contains(&words[j].1))
            }) =>
            {
                end
            }
            None if end + 1 < words.len() && joined(end, end + 1) && is_noun(end + 1) => end,
            None => return false,
        };
        // A sentence's first word is capitalised by its place, not because it names anything.
        let others = (start..=end)
            .filter(|&i| (i < first || i > last) && !starts_sentence(text, block, words[i].0))
            .filter(|&i| is_capitalised(words[i].1))
            .count();
        others >= 2
    }
}

impl TitleWords {
    /// Whether `before` (lowercase) ends with a word for a kind of title that belongs to a
    /// possessive up to three words back ("Charles Lister's book", "her new podcast"), or, for an
    /// introducer's kind, to any determiner ("the BBC series", "the new show"). A title noun after
    /// a bare "the" is left out: "the strategy Islamic State uses" names no title.
    fn after_kind_of_title(&self, before: &str) -> bool {
        const POSSESSIVES: &[&str] = &["his", "her", "their", "my", "our", "its", "your"];
        const DETERMINERS: &[&str] = &["the", "a", "an", "this"];
        let mut words = before.rsplit(' ');
        let Some(kind) = words.next() else {
            return false;
        };
        let owners: Vec<&str> = words.take(3).collect();
        let possessed = owners
            .iter()
            .any(|w| POSSESSIVES.contains(w) || is_possessive(w));
        (possessed && self.title_word(kind))
            || (self.introduced_kind(kind) && owners.iter().any(|w| DETERMINERS.contains(w)))
    }

    /// Whether `word` is the last word of an introducer that names a kind of title ("podcast"
    /// of "the podcast"): not "called" or "entitled", which need nothing before them.
    fn introduced_kind(&self, word: &str) -> bool {
        self.introducers.iter().any(|intro| {
            intro
                .strip_prefix("the ")
                .is_some_and(|kind| kind.eq_ignore_ascii_case(word))
        })
    }

    /// Whether `word` names a kind of title: a title noun or the kind of an introducer ("the
    /// podcast"); never the last word of one that names none ("host of").
    fn title_word(&self, word: &str) -> bool {
        self.nouns
            .iter()
            .any(|noun| noun.eq_ignore_ascii_case(word))
            || self.introduced_kind(word)
    }

    /// Whether the run `start..=end` of `words` is set off by commas after a phrase whose last
    /// few words name a kind of title: "her book, Inside ISIS: Life Under the Caliphate, won",
    /// "the latest production at the Old Rep, Trojan Horse, retells".
    fn set_off_after_title_word(
        &self,
        text: &str,
        block: &Range<usize>,
        words: &[(usize, &str)],
        start: usize,
        end: usize,
    ) -> bool {
        let (run_start, run_end) = (words[start].0, words[end].0 + words[end].1.len());
        let Some(before) = text[block.start..run_start]
            .trim_end_matches(MARKS)
            .trim_end()
            .strip_suffix(',')
        else {
            return false;
        };
        let after = text[run_end..block.end]
            .trim_start_matches(MARKS)
            .trim_start_matches(' ');
        if !after.starts_with([',', ')', ';']) || start == 0 {
            return false;
        }
        let (word_at, word) = words[start - 1];
        if word_at + word.len() != before.len() + block.start {
            return false;
        }
        // The phrase before the comma, back to the clause's start, at most this many words.
        const PHRASE: usize = 6;
        let clause_start = before
            .rfind([',', ';', ':', '.', '(', '\n'])
            .map_or(0, |i| i + 1);
        words[..start]
            .iter()
            .rev()
            .take(PHRASE)
            .take_while(|(at, _)| *at >= block.start + clause_start)
            .any(|(_, w)| self.title_word(w))
    }
}

impl TitleWords {
    /// Whether `after`, the text right after a run, opens with a short appositive that names
    /// the run's kind in its last word, or in one of its first words before what it is by, of
    /// or about: "The Trojan Horse Affair, a drama-documentary, returns", "Radical Voices, the
    /// BBC's new podcast.", "…, a 2019 report by a think tank, is". ("Trojan Horse, the report
    /// found," names none.)
    fn named_by_appositive(&self, after: &str) -> bool {
        let Some(rest) = after.trim_start_matches(MARKS).strip_prefix(", ") else {
            return false;
        };
        let Some(end) = rest.find([',', ';', '.', ')', '\n']) else {
            return false;
        };
        let words: Vec<&str> = rest[..end].unicode_words().collect();
        let opens = |w: &str| {
            [
                "a", "an", "the", "this", "his", "her", "their", "its", "our",
            ]
            .contains(&w.to_lowercase().as_str())
        };
        // Or a maker's name with its possessive: "Cory Doctorow's collection".
        let possessive = words
            .iter()
            .take(3)
            .position(|w| is_possessive(w))
            .is_some_and(|at| words[..=at].iter().all(|w| is_capitalised(w)));
        const OF: &[&str] = &["by", "from", "of", "on", "about", "for", "into", "with"];
        let kind_then_maker = || {
            (1..words.len().min(6)).any(|i| {
                self.title_word(words[i]) && words.get(i + 1).is_some_and(|w| OF.contains(w))
            })
        };
        // The kind and what follows it say enough; how long the description runs on after
        // them does not matter ("…, the Old Rep's play about the 2014 inquiry into …,").
        words.len() <= 24
            && (words.first().is_some_and(|w| opens(w)) || possessive)
            && ((words.len() <= 6 && words.last().is_some_and(|w| self.title_word(w)))
                || kind_then_maker())
    }
}

/// Whether `before` (lowercase) ends with a numbered part of a document, whose title follows:
/// "see Section 6, Understanding Risks of Radicalisation", "Chapter 2: Radical Voices".
fn after_numbered_part(before: &str) -> bool {
    const PARTS: &[&str] = &[
        "section", "chapter", "part", "appendix", "annex", "unit", "module", "lesson", "step",
    ];
    let mut words = before.trim_end_matches([',', ':', '.', ' ']).rsplit(' ');
    let (Some(number), Some(part)) = (words.next(), words.next()) else {
        return false;
    };
    let numbered = number.chars().all(|c| c.is_ascii_digit() || c == '.')
        || (number.len() <= 4 && number.chars().all(|c| "ivxlc".contains(c)))
        || (number.len() == 1 && number.chars().all(|c| c.is_ascii_lowercase()));
    PARTS.contains(&part) && numbered && !number.is_empty()
}

/// Whether the run `start..=end` of `words`, holding the match from `first`, opens with a
/// capitalised article in the middle of a sentence and has at least two more capitalised words:
/// "listeners who binged The Trojan Horse Affair", "read The Islamic State: A Brief History".
/// Running text capitalises "The" there only in a title or a name.
fn opens_with_article(
    text: &str,
    block: &Range<usize>,
    words: &[(usize, &str)],
    start: usize,
    first: usize,
    end: usize,
) -> bool {
    if start >= first || !["The", "A", "An"].contains(&words[start].1) {
        return false;
    }
    // After a colon or a bullet, a capital starts what reads as a sentence too.
    let after_colon = text[block.start..words[start].0]
        .trim_end_matches([' ', '"', '\'', '('])
        .ends_with([':', '•']);
    !starts_sentence(text, block, words[start].0)
        && !after_colon
        && (start + 1..=end)
            .filter(|&i| is_capitalised(words[i].1))
            .count()
            >= 2
}

/// Whether the word at `at` starts a sentence of `block`: its capital is owed to its place, not
/// to a name.
fn starts_sentence(text: &str, block: &Range<usize>, at: usize) -> bool {
    let before = text[block.start..at].trim_end_matches([' ', '"', '\'', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n'])
}

fn is_capitalised(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether `text[start..end]` lies in a title that plain text sets in emphasis, as it writes
/// italics: `*Quiet Streets: Radicalisation, Rumour and the Suburb* is a humane book`. The
/// emphasis opens with a capital, and holds at least two more capitalised words after its first,
/// so `*Never share Radicalisation videos*` is no title.
fn in_emphasised_title(text: &str, start: usize, end: usize) -> bool {
    enclosed(text, start, end, '*', "('\"").is_some_and(|inside| {
        inside.starts_with(char::is_uppercase)
            && inside
                .unicode_words()
                .skip(1)
                .filter(|w| is_capitalised(w))
                .count()
                >= 2
    })
}

/// Whether `text[start..end]` lies in a quotation set entirely in Title Case, which names a
/// title rather than quoting anyone's words: `the symposium "Beyond Radicalisation: Grievance,
/// Belonging and Young People"`. Every word inside is capitalised (or a small word such as "and"),
/// and at least three are capitalised; someone's words in quotation marks are a sentence, with
/// lowercase words.
fn in_quoted_title(text: &str, start: usize, end: usize) -> bool {
    enclosed(text, start, end, '"', "(").is_some_and(|inside| {
        let words: Vec<&str> = inside.unicode_words().collect();
        words.len() <= 16
            && words.iter().filter(|w| is_capitalised(w)).count() >= 3
            && words.iter().all(|w| is_capitalised(w) || is_small(w))
    })
}

/// What stands between the nearest `mark` before `start` and the nearest after `end`, on one
/// line, where the first mark opens cleanly: at the text's start, or after a space or one of
/// `after`.
fn enclosed<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    mark: char,
    after: &str,
) -> Option<&'t str> {
    let open = text[..start].rfind(mark)?;
    let close = end + text[end..].find(mark)?;
    let opens_cleanly = text[..open]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || after.contains(c));
    let inside = &text[open + 1..close];
    (opens_cleanly && !inside.contains('\n')).then_some(inside)
}

/// Whether `word` is a possessive: "Doctorow's", "students'" (quotes are straight in
/// normalised text).
fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("s'")
}

/// Whether `before` ends with the word "a" (and spaces).
fn is_word_a(before: &str) -> bool {
    let trimmed = before.trim_end();
    trimmed == "a" || trimmed.ends_with(" a")
}

fn is_small(word: &str) -> bool {
    SMALL_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> TitleWords {
        TitleWords {
            introducers: vec![
                "the podcast".into(),
                "entitled".into(),
                "called".into(),
                "the production".into(),
                "host of".into(),
            ],
            nouns: vec!["workshop".into(), "report".into()],
        }
    }

    fn in_title(text: &str, needle: &str) -> bool {
        let start = text.find(needle).unwrap();
        words().contain(text, &(0..text.len()), &(start..start + needle.len()))
    }

    #[test]
    fn titles_after_an_introducer_or_ending_with_a_title_noun() {
        assert!(in_title(
            "She hosts the podcast Radical Voices weekly.",
            "Radical"
        ));
        assert!(in_title(
            "A guide entitled Understanding Radicalisation came out.",
            "Radicalisation"
        ));
        assert!(in_title(
            "Staff attended the Tackling Radicalisation in Schools Workshop.",
            "Radicalisation"
        ));
        assert!(in_title(
            "Read the Annual Extremism Review Report today.",
            "Extremism"
        ));
        assert!(in_title(
            "We went to the Preventing Extremism Workshop in March.",
            "Extremism"
        ));
    }

    #[test]
    fn titles_set_off_by_commas_named_by_a_noun_before_or_followed_by_one() {
        assert!(in_title(
            "Her report, Rethinking Radicalisation: Ten Years On, is out.",
            "Radicalisation"
        ));
        assert!(in_title(
            "She chairs the Southern Workshop on Radicalisation Studies.",
            "Radicalisation"
        ));
        assert!(in_title(
            "Our Tackling Radicalisation Together report is free.",
            "Radicalisation"
        ));
    }

    #[test]
    fn titles_named_by_an_appositive_after_them() {
        assert!(in_title(
            "Radical Voices Unheard, a new podcast, starts on Monday.",
            "Radical"
        ));
        assert!(in_title(
            "Inside Radicalisation Today, the BBC's new podcast.",
            "Radicalisation"
        ));
        assert!(!in_title(
            "Radical Voices Unheard, the report found, are rare.",
            "Radical"
        ));
        assert!(!in_title(
            "Radical Voices Unheard, a podcast and a book and a film and more, ran.",
            "Radical"
        ));
    }

    #[test]
    fn titles_set_off_after_a_phrase_naming_their_kind_or_made_by_someone() {
        assert!(in_title(
            "The new production at the Grand, Radical Voices, opens tonight.",
            "Radical"
        ));
        assert!(!in_title(
            "The council at the Guildhall, Radical Voices, said no.",
            "Radical"
        ));
        assert!(in_title(
            "Radical Voices Unheard, a 2019 report by a think tank, is out.",
            "Radical"
        ));
        assert!(in_title(
            "Radical Faith and the Modern City, a new report from Leeds, is out.",
            "Radical"
        ));
        assert!(!in_title(
            "Radical Voices, the report found, are rarely heard.",
            "Radical"
        ));
        assert!(in_title(
            "We read Radicalised, Sam Reed's report on six towns, last week.",
            "Radicalised"
        ));
        assert!(in_title(
            "Radical Hearts, the Lowfield Trust report on young men who grew up on the same \
             estate in the nineties, is out in May.",
            "Radical"
        ));
    }

    #[test]
    fn quotations_in_title_case_are_titles_and_quoted_sentences_are_not() {
        assert!(in_title(
            "Join us for \"Beyond Radicalisation: Grievance, Belonging and Young People\" in May.",
            "Radicalisation"
        ));
        assert!(!in_title(
            "She said \"Radicalisation is everywhere in this town\" at the meeting.",
            "Radicalisation"
        ));
        assert!(!in_title(
            "Leaflets said \"Radicalisation Kills\" in red.",
            "Radicalisation"
        ));
    }

    #[test]
    fn titles_with_a_subtitle_opening_with_an_article() {
        assert!(in_title(
            "Radical Hearts: A Play for Voices opens on Friday.",
            "Radical"
        ));
        assert!(in_title(
            "Ask the author of Extremism Today: The Long View about it.",
            "Extremism"
        ));
        assert!(!in_title(
            "Staff were told one thing: Extremism is rare.",
            "Extremism"
        ));
    }

    #[test]
    fn titles_with_a_question_for_a_subtitle_and_after_their_host() {
        assert!(in_title(
            "Read the paper entitled Safe Spaces? Tackling Radicalisation Online first.",
            "Radicalisation"
        ));
        assert!(in_title(
            "Questions go to Sara Ali, host of Radical Voices: Coming Home.",
            "Radical"
        ));
        // "A host of" counts; it does not introduce a title.
        assert!(!in_title(
            "A host of Islamic State flags hung in the square.",
            "Islamic"
        ));
    }

    #[test]
    fn titles_after_a_possessive() {
        assert!(in_title(
            "Read Dr Khan's report Radical Futures Revisited first.",
            "Radical"
        ));
        assert!(in_title("Listen to her podcast Radical Voices.", "Radical"));
    }

    #[test]
    fn titles_after_a_kind_of_title_with_words_between() {
        assert!(in_title(
            "Hear the new podcast Radical Voices now.",
            "Radical"
        ));
        assert!(in_title(
            "Read the council's new report Radical Futures first.",
            "Radical"
        ));
        assert!(
            !in_title(
                "Officers watched the workshop Radical Voices ran.",
                "Radical"
            ),
            "a title noun after a bare article"
        );
    }

    #[test]
    fn titles_in_emphasis_written_as_plain_text() {
        assert!(in_title(
            "*Quiet Streets: Radicalisation, Rumour and the Suburb* is a humane book.",
            "Radicalisation"
        ));
        assert!(!in_title(
            "*Never share Radicalisation videos online.*",
            "Radicalisation"
        ));
        assert!(in_title(
            "Meet the host of *Radical Voices: Coming Home* tonight.",
            "Radical"
        ));
        assert!(in_title(
            "We open with *Radical Voices*, Sam Reed's new report about six towns.",
            "Radical"
        ));
    }

    #[test]
    fn titles_in_quotation_marks_and_of_numbered_parts() {
        assert!(in_title(
            "A guide entitled ‘Radical Voices in the West’ came out.",
            "Radical"
        ));
        assert!(in_title(
            "See also Section 6, Understanding Risks of Radicalisation.",
            "Radicalisation"
        ));
        assert!(in_title(
            "Read Chapter 2, Radical Voices Online, first.",
            "Radical"
        ));
        assert!(
            !in_title("See section six, Radical Voices said.", "Radical"),
            "a part without a number"
        );
    }

    #[test]
    fn titles_opening_with_a_capitalised_article_mid_sentence() {
        assert!(in_title(
            "Fans who streamed The Radical Hour wrote in.",
            "Radical"
        ));
        assert!(in_title("Pupils read A Radical Life in class.", "Radical"));
        assert!(
            !in_title("The Radical Hour starts at nine.", "Radical"),
            "a sentence's first word"
        );
        assert!(
            !in_title("He said: The Radical Hour starts at nine.", "Radical"),
            "after a colon"
        );
        assert!(
            !in_title("Fans streamed The Radical show.", "Radical"),
            "one capitalised word after the article"
        );
    }

    #[test]
    fn ordinary_capitals_are_not_titles() {
        assert!(
            !in_title(
                "Section 4: Radicalisation The report we wrote says more.",
                "Radicalisation"
            ),
            "a heading run into the next sentence"
        );
        assert!(
            !in_title(
                "Governors feared the so-called Trojan Horse plot.",
                "Trojan Horse"
            ),
            "so-called keeps its distance"
        );
        assert!(
            !in_title(
                "In her report, Radicalisation is described as a process.",
                "Radicalisation"
            ),
            "a word after a comma, not set off by another"
        );
        assert!(
            !in_title(
                "Fighters of Islamic State and the Syria Report team met.",
                "Islamic State"
            ),
            "two things joined by 'and the'"
        );
        assert!(
            !in_title(
                "The Counter Terrorism Report Islamic State section was long.",
                "Islamic State"
            ),
            "a title noun before the match with no preposition after it"
        );
        assert!(!in_title(
            "Three men joined Islamic State in 2015.",
            "Islamic State"
        ));
        assert!(
            !in_title("Radicalisation Workshop starts today.", "Radicalisation"),
            "sentence start"
        );
        assert!(!in_title(
            "The podcast talked about radicalisation.",
            "radicalisation"
        ));
        assert!(!in_title(
            "Fighters of Islamic State Khorasan Province attacked.",
            "Islamic State"
        ));
        assert!(!in_title(
            "We ran a Radicalisation workshop.",
            "Radicalisation"
        ));
    }
}

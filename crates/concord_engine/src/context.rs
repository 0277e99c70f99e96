//! The surroundings of a match in normalised text: its block, its sentence, the words either
//! side, and whether it sits inside quotation marks.
//!
//! Sentence boundaries come from Unicode's rules (UAX #29, via unicode-segmentation) and are
//! computed lazily, in a window of one block, only for matches whose conditions neither the
//! block nor the stretch no boundary can cut settles. A `document-before` condition is searched
//! for once per document, not once per match.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use unicode_segmentation::{USentenceBoundIndices, UnicodeSegmentation};

use crate::boundary::is_whole_words;
use crate::phrases::Find;
use crate::rule::{Condition, Parts, Words};
use crate::schema::{Scope, Side};

/// Bytes of text scanned per word when looking for the N words before or after a match.
const BYTES_PER_WORD: usize = 24;

/// The furthest (in bytes) any context check looks from a match, even in a sentence or block
/// that runs on for megabytes (a minified page, text pasted from a PDF): the work per match
/// stays bounded, so checking costs time in proportion to the text, not to matches × line.
const REACH: usize = 1024;

/// Lazily computed blocks and sentences of one normalised text.
pub(crate) struct Context<'t> {
    text: &'t str,
    /// Where each line starts; blocks are lines of the normalised text.
    line_starts: Vec<usize>,
    /// The block last looked up: matches come in runs within one block.
    last_block: std::cell::Cell<Range<usize>>,
    /// The sentences of the stretch of a block last looked at, found as far as matches needed.
    sentences: Sentences<'t>,
    /// The texts matched by candidates of each `$0` condition, by the condition's address
    /// (stable while the rule set is borrowed). A document has a handful of such conditions,
    /// so a list finds its set quicker than hashing would. Each text is kept once: a document
    /// repeats them (98,000 matches of 59 texts in a 50 MB one).
    matched: Vec<(usize, foldhash::HashSet<&'t str>)>,
    /// Where each `document-before` condition first holds, found on first use.
    earlier: Vec<(usize, Earlier)>,
}

/// Where a `document-before` condition's pattern first matches in a document.
enum Earlier {
    /// The end of its first match, if any.
    Fixed(Option<usize>),
    /// The end of the first match for each matched text (lowercase) that `$0` stood for.
    WithMatch(HashMap<String, usize>),
}

/// The sentences of a window of one block, split lazily from the window's start.
struct Sentences<'t> {
    /// The block the window is in.
    block: Range<usize>,
    /// [`REACH`] bytes either side of the match that asked first, within the block, starting
    /// a little earlier inside a word (see [`inside_a_word`]).
    window: Range<usize>,
    /// The sentences found so far, in order from the window's start.
    found: Vec<Range<usize>>,
    /// The boundaries not read yet.
    rest: Option<USentenceBoundIndices<'t>>,
}

impl Sentences<'_> {
    /// The sentence (or run of sentences) holding `span`, which lies in the window, when the
    /// window settles it: a sentence cut by an edge of the window is unknown beyond it, unless
    /// the edge is the block's own or the sentence already runs past [`REACH`] from the match
    /// (as far as any condition looks).
    fn holding(&mut self, text: &str, span: &Range<usize>) -> Option<Range<usize>> {
        while self.found.last().is_none_or(|s| s.end < span.end) {
            let Some((start, sentence)) = self.rest.as_mut().and_then(Iterator::next) else {
                break;
            };
            let start = self.window.start + start;
            self.found.push(start..start + sentence.len());
        }
        let first = self.found.partition_point(|s| s.end <= span.start);
        let last = self.found.partition_point(|s| s.start < span.end);
        if first >= last {
            return None;
        }
        let (a, b) = (&self.found[first], &self.found[last - 1]);
        // Sentences tile the window: only its first starts at its start. A break is settled by
        // the next letter or terminator after it ("’s" after a full stop does not end the
        // sentence), so a break with none of them before the window's end may be the window's
        // doing.
        let (window, block) = (&self.window, &self.block);
        let cut_at_start =
            a.start == window.start && window.start > block.start && span.start - a.start < REACH;
        let settled = |end: usize| {
            text.as_bytes()[end..window.end]
                .iter()
                .any(|b| b.is_ascii_alphabetic() || matches!(b, b'.' | b'!' | b'?'))
        };
        let cut_at_end = window.end < block.end && !settled(b.end) && b.end - span.end < REACH;
        (!cut_at_start && !cut_at_end).then_some(a.start..b.end)
    }
}

impl<'t> Context<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Context {
            text,
            line_starts,
            last_block: std::cell::Cell::new(0..0),
            sentences: Sentences {
                block: 0..0,
                window: 0..0,
                found: Vec::new(),
                rest: None,
            },
            matched: Vec::new(),
            earlier: Vec::new(),
        }
    }

    /// Notes that a candidate of a matcher with `condition` matched `span`, so a `$0`
    /// condition can look for every such text in one pass.
    pub fn note_match(&mut self, condition: &Condition, span: &Range<usize>) {
        if !matches!(condition.words, Words::WithMatch(_)) {
            return;
        }
        let key = address(condition);
        let text = condition.stands_for(&self.text[span.clone()]);
        match self.matched.iter_mut().find(|(k, _)| *k == key) {
            Some((_, texts)) => {
                texts.insert(text);
            }
            None => self
                .matched
                .push((key, foldhash::HashSet::from_iter([text]))),
        }
    }

    /// Whether a `document-before` condition matched before `span`.
    fn holds_before(&mut self, condition: &Condition, span: &Range<usize>) -> bool {
        let key = address(condition);
        let at = match self.earlier.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let texts = match self.matched.iter().position(|(k, _)| *k == key) {
                    Some(at) => self.matched.swap_remove(at).1,
                    None => foldhash::HashSet::default(),
                };
                let found = Earlier::find(&condition.words, self.text, texts);
                self.earlier.push((key, found));
                self.earlier.len() - 1
            }
        };
        let end = match &self.earlier[at].1 {
            Earlier::Fixed(end) => *end,
            Earlier::WithMatch(ends) => ends
                .get(
                    &condition
                        .stands_for(&self.text[span.clone()])
                        .to_lowercase(),
                )
                .copied(),
        };
        end.is_some_and(|end| end <= span.start)
    }

    /// The whole block (paragraph, list item, heading) holding `span`.
    fn whole_block(&self, span: &Range<usize>) -> Range<usize> {
        let last = self.last_block.take();
        if last.start <= span.start && span.end <= last.end {
            self.last_block.set(last.clone());
            return last;
        }
        let line = self.line_starts.partition_point(|&s| s <= span.start) - 1;
        let start = self.line_starts[line];
        let after = self.line_starts.partition_point(|&s| s <= span.end);
        let end = self
            .line_starts
            .get(after)
            .map_or(self.text.len(), |&next| next - 1);
        let block = start..end.max(span.end);
        self.last_block.set(block.clone());
        block
    }

    /// The block holding `span`, cut to [`REACH`] bytes either side of it.
    pub fn block(&self, span: &Range<usize>) -> Range<usize> {
        self.within_reach(self.whole_block(span), span)
    }

    /// `scope` cut to [`REACH`] bytes either side of `span`, on character boundaries.
    fn within_reach(&self, scope: Range<usize>, span: &Range<usize>) -> Range<usize> {
        let mut start = scope.start.max(span.start.saturating_sub(REACH));
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = scope.end.min(span.end + REACH);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        start.min(span.start)..end.max(span.end)
    }

    /// The sentence holding `span`, by Unicode sentence boundaries within its block, cut to
    /// [`REACH`] bytes either side of it. Sentences are found in a window of the block around
    /// the match, only as far as the match, and the same window serves the matches that
    /// follow, so however long a block is, each part of it is split at most about once.
    pub fn sentence(&mut self, span: &Range<usize>) -> Range<usize> {
        let block = self.whole_block(span);
        let known = &self.sentences;
        if known.block == block
            && known.window.start <= span.start
            && span.end <= known.window.end
            && let Some(sentence) = self.sentences.holding(self.text, span)
        {
            return sentence;
        }
        let reach = self.within_reach(block.clone(), span);
        // No terminator, no break: the whole window is one sentence.
        if !self.text[reach.clone()]
            .bytes()
            .any(|b| may_end_sentence(&b))
        {
            return reach;
        }
        let window = inside_a_word(self.text, block.start, reach.start)..reach.end;
        self.sentences = Sentences {
            rest: Some(self.text[window.clone()].split_sentence_bound_indices()),
            block,
            window,
            found: Vec::new(),
        };
        self.sentences.holding(self.text, span).unwrap_or(reach)
    }

    /// Whether one of the condition's words stands within its reach of `span` in its scope
    /// (clause, sentence or block), linked to it if the condition asks. The block around it is
    /// searched first (most conditions fail there), then the stretch around the match that no
    /// sentence boundary can cut (most that hold, hold there); only what is left needs the block
    /// split into sentences.
    pub fn holds(&mut self, condition: &Condition, span: &Range<usize>) -> bool {
        if condition.scope == Scope::DocumentBefore {
            return self.holds_before(condition, span);
        }
        let block = self.block(span);
        if !self.found_near(condition, span, &block) {
            return false;
        }
        if condition.scope == Scope::Block {
            return true;
        }
        let in_scope = |sentence: Range<usize>| match condition.scope {
            Scope::Clause => clause(self.text, &sentence, span),
            _ => sentence,
        };
        // The unbroken stretch lies inside the match's sentence, so what is found there is in it;
        // and when the condition reaches no further, nothing else is.
        let unbroken = unbroken(self.text, &block, span);
        if self.found_near(condition, span, &in_scope(unbroken.clone())) {
            return true;
        }
        let reaches_further = unbroken != block
            && condition.within.is_none_or(|n| {
                words_back(self.text, block.start, span.start, n) < unbroken.start
                    || words_forward(self.text, span.end, block.end, n) > unbroken.end
            });
        if !reaches_further {
            return false;
        }
        let sentence = self.sentence(span);
        let sentence = self.within_reach(sentence, span);
        self.found_near(condition, span, &in_scope(sentence))
    }

    /// The lead-in of the list `span` is an item of inside its own sentence: the words before a
    /// colon whose items are divided by semicolons ("Signs to look out for: withdrawal from
    /// friends; wearing a niqab for the first time"), where a semicolon stands between the colon
    /// and the match. `None` elsewhere (the first item shares its clause with the lead-in).
    pub fn inline_lead_in(&mut self, span: &Range<usize>) -> Option<Range<usize>> {
        // Most blocks hold no such list: the sentence is split only where one may be.
        let block = self.block(span);
        let before = &self.text[block.start..span.start];
        let colon = block.start + before.rfind(": ")?;
        if !self.text[colon..span.start].contains(';') {
            return None;
        }
        let sentence = self.sentence(span);
        (colon >= sentence.start).then_some(sentence.start..colon)
    }

    /// Whether one of the words of a condition that reaches its whole sentence, clause or block
    /// stands anywhere in `lead_in`: the heading or lead-in of the list or table `span` is an
    /// item of ("Signs to look out for:"), which speaks for every item. Conditions that reach a
    /// few words, or need a link, or look at the document before, are about the item alone.
    pub fn holds_in_lead_in(&self, condition: &Condition, lead_in: &Range<usize>) -> bool {
        let words = &condition.words;
        !matches!(words, Words::WithMatch(_))
            && condition.within.is_none()
            && condition.linked_by.is_none()
            && condition.scope != Scope::DocumentBefore
            && search(words, &self.text[..lead_in.end], lead_in.start)
    }

    /// Searches the words either side of `span`, inside `scope`, that the condition reaches.
    /// Before the match, the text ends at the match (a pattern's `$` is right before it);
    /// after it, the text starts at the match's end (`^` is right after it). A match ends on a
    /// word boundary, so `\b` means the same either way.
    fn found_near(&self, condition: &Condition, span: &Range<usize>, scope: &Range<usize>) -> bool {
        // `$0` patterns are only in `document-before` conditions (checked on loading), and
        // are found nowhere here.
        let words = &condition.words;
        let before = || {
            let start = match condition.within {
                Some(n) => words_back(self.text, scope.start, span.start, n),
                None => scope.start,
            };
            let text = &self.text[..span.start];
            match &condition.linked_by {
                None => search(words, text, start),
                // The nearest word is the one a link must reach.
                Some(link) => occurrences(words, text, start)
                    .last()
                    .is_some_and(|word| search(link, text, word.end)),
            }
        };
        let after = || {
            let end = match condition.within {
                Some(n) => words_forward(self.text, span.end, scope.end, n),
                None => scope.end,
            };
            let text = &self.text[span.end..end.max(span.end)];
            match &condition.linked_by {
                None => search(words, text, 0),
                Some(link) => occurrences(words, text, 0)
                    .next()
                    .is_some_and(|word| search(link, &text[..word.start], 0)),
            }
        };
        match condition.side {
            Side::Before => before(),
            Side::After => after(),
            Side::Both => before() || after(),
        }
    }
}

impl Earlier {
    /// Finds where `words` first match in `text`, for each of the `matched` texts when the
    /// pattern names the match.
    fn find(words: &Words, text: &str, matched: foldhash::HashSet<&str>) -> Self {
        match words {
            Words::Phrases(_) | Words::Pattern(_) => {
                Earlier::Fixed(words.find_at(text, 0).map(|found| found.end))
            }
            Words::WithMatch(template) => {
                let mut ends = HashMap::new();
                first_ends(template.parts(), text, matched, &mut ends);
                Earlier::WithMatch(ends)
            }
        }
    }
}

/// How long a document is, in bytes, before its matched texts are searched with a DFA.
const LONG_DOCUMENT: usize = 1 << 20;

/// How many bytes, texts times document, are searched one text at a time before the texts are
/// searched together instead.
const ONE_BY_ONE: usize = 1 << 22;

/// Records in `ends`, for each of the `matched` texts (lowercase), where the pattern first
/// matches with `$0` standing for it: the texts are found as literals (the longest where they
/// overlap, as a regex of them would) and the pattern's parts are checked around each place. A
/// few texts in a short document, in their own case, are each searched on their own (memchr's
/// SIMD search, skipping places inside a longer text; building an automaton would cost more
/// than the search); otherwise they are found in one pass.
fn first_ends(
    alternatives: &[Parts],
    text: &str,
    matched: foldhash::HashSet<&str>,
    ends: &mut HashMap<String, usize>,
) {
    let texts: Vec<&str> = matched.into_iter().collect();
    if texts.is_empty() || alternatives.is_empty() {
        return;
    }
    let any_case = alternatives.iter().any(|parts| parts.any_case);
    if !any_case && texts.len().saturating_mul(text.len()) <= ONE_BY_ONE {
        for &matched in &texts {
            let first = memchr::memmem::find_iter(text.as_bytes(), matched)
                // Where a longer text stands, the one pass would see only that one.
                .filter(|&start| !inside_longer(text, start, matched, &texts))
                .find_map(|start| {
                    alternatives
                        .iter()
                        .filter_map(|parts| parts.end_around(text, start, start + matched.len()))
                        .min()
                });
            if let Some(end) = first {
                let known = ends.entry(matched.to_lowercase()).or_insert(end);
                *known = end.min(*known);
            }
        }
        return;
    }
    let wanted: HashSet<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    let Ok(finder) = AhoCorasick::builder()
        .ascii_case_insensitive(any_case)
        .match_kind(MatchKind::LeftmostLongest)
        // A DFA scans faster and takes longer to build: worth it only for a long document.
        .kind(Some(if text.len() > LONG_DOCUMENT {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        }))
        .build(&texts)
    else {
        return;
    };
    for found in finder.find_iter(text) {
        let key = text[found.range()].to_lowercase();
        if ends.contains_key(&key) {
            continue;
        }
        let end = alternatives
            .iter()
            .filter(|parts| parts.any_case || text[found.range()] == *texts[found.pattern()])
            .filter_map(|parts| parts.end_around(text, found.start(), found.end()))
            .min();
        if let Some(end) = end {
            ends.insert(key, end);
            if ends.len() == wanted.len() {
                return;
            }
        }
    }
}

/// Whether `matched`, found at `start` of `text`, lies inside an occurrence there of a longer
/// one of `texts` ("ABC" inside "XABC" when both were matched).
fn inside_longer(text: &str, start: usize, matched: &str, texts: &[&str]) -> bool {
    texts
        .iter()
        .filter(|longer| longer.len() > matched.len())
        .any(|longer| {
            longer.match_indices(matched).any(|(offset, _)| {
                start
                    .checked_sub(offset)
                    .and_then(|from| text.get(from..from + longer.len()))
                    == Some(*longer)
            })
        })
}

/// A condition's identity while its rule set is borrowed.
fn address(condition: &Condition) -> usize {
    std::ptr::from_ref(condition) as usize
}

/// Where `words` are found in `haystack` from `start` on (the text before `start` is context
/// for word boundaries), in order.
fn occurrences<'a>(
    words: &'a impl Find,
    haystack: &'a str,
    start: usize,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut at = start;
    std::iter::from_fn(move || {
        let found = words.find_at(haystack, at)?;
        at = found.end;
        if found.is_empty() {
            // Step over one character, so an empty match cannot repeat.
            at += haystack[at..].chars().next()?.len_utf8();
        }
        Some(found)
    })
}

/// The stretch of `block` around `span` that no sentence boundary can cut: from the first
/// letter or digit after the last character before it that could end a sentence (the quotation
/// marks, brackets and spaces after a full stop still belong to the sentence it ends) up to the
/// next such character after it. Unicode breaks a sentence only after a terminator.
fn unbroken(text: &str, block: &Range<usize>, span: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = match bytes[block.start..span.start]
        .iter()
        .rposition(may_end_sentence)
    {
        Some(at) => {
            let after = block.start + at + 1;
            after
                + bytes[after..span.start]
                    .iter()
                    .position(u8::is_ascii_alphanumeric)
                    .unwrap_or(span.start - after)
        }
        None => block.start,
    };
    let end = bytes[span.end..block.end]
        .iter()
        .position(may_end_sentence)
        .map_or(block.end, |at| span.end + at);
    start..end
}

/// A place at or a little before `at`, not before `floor`, where splitting into sentences can
/// start as if the text began there: inside a word (between two ASCII letters), where no
/// sentence ending is pending. Started anywhere, "U.K." could be split after the first full stop.
/// `at` itself when no such place is near.
fn inside_a_word(text: &str, floor: usize, at: usize) -> usize {
    let bytes = text.as_bytes();
    (at.saturating_sub(64).max(floor + 1)..=at)
        .rev()
        .find(|&i| {
            bytes.get(i).is_some_and(u8::is_ascii_alphabetic) && bytes[i - 1].is_ascii_alphabetic()
        })
        .unwrap_or(at)
}

/// Whether a sentence could end at byte `b`: a full stop, question or exclamation mark, or part
/// of a character outside ASCII (other scripts have their own terminators).
fn may_end_sentence(b: &u8) -> bool {
    matches!(b, b'.' | b'!' | b'?') || !b.is_ascii()
}

/// Where a clause ends: `;`, a dash or a bracket, or a contrasting conjunction (a colon
/// introduces what belongs to the clause: "signs of concern: ...").
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;()\[\]\u{2013}\u{2014}]|\s-\s|,\s*(?:but|although|though|while|whereas|yet|however)\b|\b(?:but|whereas|although)\b")
        .expect("the clause pattern is valid")
});

/// The clause of `sentence` that holds `span`.
fn clause(text: &str, sentence: &Range<usize>, span: &Range<usize>) -> Range<usize> {
    let start = CLAUSE_BREAK
        .find_iter(&text[sentence.start..span.start])
        .last()
        .map_or(sentence.start, |m| sentence.start + m.end());
    let end = CLAUSE_BREAK
        .find(&text[span.end..sentence.end.max(span.end)])
        .map_or(sentence.end, |m| span.end + m.start());
    start..end.max(span.end)
}

/// Whether `words` are found in `haystack` from `start` on.
fn search(words: &impl Find, haystack: &str, start: usize) -> bool {
    start < haystack.len() && words.find_at(haystack, start).is_some()
}

/// The start of the `n`th word before `end`, not going past `floor`.
fn words_back(text: &str, floor: usize, end: usize, n: usize) -> usize {
    let mut start = end.saturating_sub(n * BYTES_PER_WORD).max(floor);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..end]
        .unicode_word_indices()
        .nth_back(n.saturating_sub(1))
        .map_or(start, |(i, _)| start + i)
}

/// The end of the `n`th word after `start`, not going past `ceiling`.
fn words_forward(text: &str, start: usize, ceiling: usize, n: usize) -> usize {
    let mut end = (start + n * BYTES_PER_WORD).min(ceiling);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[start..end]
        .unicode_word_indices()
        .nth(n.saturating_sub(1))
        .map_or(end, |(i, word)| start + i + word.len())
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'')
}

/// How far (in bytes) the other quotation mark of a short quoted phrase may stand.
const QUOTED_PHRASE_BYTES: usize = 40;

/// Whether `span` is a quoted term of its own, or part of a short quoted phrase that begins or
/// ends with it: `'radicalisation'`, `"Trojan Horse",`, `“radical preacher”`.
pub(crate) fn is_quoted(text: &str, span: &Range<usize>) -> bool {
    let mut before = text[..span.start].chars().rev();
    let opens =
        before.next().is_some_and(is_quote) && before.next().is_none_or(|c| !c.is_alphanumeric());
    let mut after = text[span.end..].chars();
    let closes = match after.next() {
        Some(c) if is_quote(c) => true,
        Some('.' | ',' | ';' | ':' | '?' | '!') => after.next().is_some_and(is_quote),
        _ => false,
    };
    match (opens, closes) {
        (true, true) => true,
        (true, false) => closing_quote_follows(text, span.end),
        (false, true) => opening_quote_precedes(text, span.start),
        (false, false) => false,
    }
}

/// How many other words a short quoted phrase may hold beside the term ("'so-called Islamic
/// State'"); a longer quotation is someone's words, which the document publishes.
const QUOTED_PHRASE_WORDS: usize = 2;

/// Whether `between` could sit inside one short quoted phrase: no line or sentence break, and
/// few words.
fn within_phrase(between: &str) -> bool {
    !between.contains(['\n', '.', '!', '?'])
        && between.unicode_words().count() <= QUOTED_PHRASE_WORDS
}

/// Whether a closing quotation mark ends the phrase that starts at a quoted term.
fn closing_quote_follows(text: &str, from: usize) -> bool {
    let mut to = (from + QUOTED_PHRASE_BYTES).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    match quote_mark_positions(text, from..to).next() {
        Some((at, Mark::Closing)) => within_phrase(&text[from..at]),
        _ => false,
    }
}

/// Whether an opening quotation mark starts the phrase that ends at a quoted term.
fn opening_quote_precedes(text: &str, to: usize) -> bool {
    let from = to.saturating_sub(QUOTED_PHRASE_BYTES);
    let from = (from..=to)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(to);
    match quote_mark_positions(text, from..to).next_back() {
        Some((at, Mark::Opening)) => within_phrase(&text[at..to]),
        _ => false,
    }
}

/// Whether `span` lies inside a quotation that follows one of `introducers` ("such as"), as in
/// `Sentences such as "Muslim youth are vulnerable to extremism" objectify`.
pub(crate) fn is_in_quoted_example(
    text: &str,
    span: &Range<usize>,
    block: &Range<usize>,
    introducers: &[String],
) -> bool {
    if introducers.is_empty() {
        return false;
    }
    let Some((open, Mark::Opening)) =
        quote_mark_positions(text, block.start..span.start).next_back()
    else {
        return false;
    };
    if quote_marks(text, span.end..block.end).next().is_none() {
        return false;
    }
    let before = text[block.start..open].trim_end().to_lowercase();
    introducers.iter().any(|intro| {
        before
            .strip_suffix(intro.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// Whether `span` is a name that a phrase of its block explains: it lies after one of
/// `explanations` ("also known as", "calls itself"), in the list of names that follows it. In
/// "fighters of the Islamic State, formerly known as ISIS or ISIL, took the town" ISIS and ISIL
/// are explained; the Islamic State, which the sentence uses, is not, and neither is a later
/// "ISIS fighters" in another part.
pub(crate) fn is_in_name_explanation(
    text: &str,
    span: &Range<usize>,
    block: &Range<usize>,
    explanations: Option<&AhoCorasick>,
) -> bool {
    let Some(explanations) = explanations else {
        return false;
    };
    // The block (already cut to [`REACH`] around the match), not the sentence: "a.k.a. ISIS"
    // reads as two sentences.
    explanations
        .find_overlapping_iter(&text[block.start..span.start])
        .any(|phrase| {
            let (start, end) = (block.start + phrase.start(), block.start + phrase.end());
            is_whole_words(text, &(start..end)) && span.end <= names_end(text, end, block.end)
        })
}

/// Where the list of names that runs on from `from` ends ("ISIL, Islamic State, or ISIS"):
/// names are capitalised words, with "of", "the", "and", "&", "al", "in" between them and
/// anything in brackets after them; the list ends at the first other word or at a semicolon,
/// colon, full stop or unopened closing bracket. Names after a comma belong to it only when an
/// "or" or "and" joins a later one, so in "known as ISIL, IS has lost Raqqa" IS does not.
fn names_end(text: &str, from: usize, limit: usize) -> usize {
    const INSIDE_NAMES: [&str; 6] = ["of", "the", "&", "al", "in", "el"];
    let mut end = from;
    // The first comma since the list was last known to go on, with whether the name after it
    // began with a joining "or" or "and".
    let mut comma: Option<usize> = None;
    let mut joined = false;
    let mut depth = 0usize;
    for (at, token) in tokens(&text[from..limit]) {
        let at = from + at;
        match token {
            "(" | "[" => depth += 1,
            ")" | "]" if depth == 0 => break,
            ")" | "]" => {
                depth -= 1;
                end = at + 1;
            }
            _ if depth > 0 => {}
            ";" | ":" | "." | "!" | "?" => break,
            "," => {
                comma.get_or_insert(at);
                joined = false;
            }
            "or" | "and" => joined = true,
            word if word.starts_with(char::is_uppercase) || INSIDE_NAMES.contains(&word) => {
                end = at + word.len();
                if joined {
                    comma = None;
                }
            }
            word if word.starts_with(char::is_alphanumeric) => break,
            _ => {}
        }
    }
    comma.map_or(end, |comma| comma.min(end))
}

/// The words and punctuation marks of `text`, with where each starts.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, token)| !token.trim().is_empty())
}

/// Whether `span` lies inside a quotation that cites a source: the nearest quotation mark before
/// it opens a quotation (or, when the quotation began in an earlier block, the next one closes
/// it), and the block carries a year, a superscript number, or (`cites`, from the document
/// format) a footnote reference. This leaves alone a footnote like
/// `Kundani, A., 'A Decade Lost: Rethinking Radicalisation and Extremism', Claystone, 2015`.
pub(crate) fn is_in_citation(
    text: &str,
    span: &Range<usize>,
    block: &Range<usize>,
    cites: impl Fn() -> bool,
) -> bool {
    static SIGNAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(1[89]|20)\d\d\b|[¹²³⁴⁵⁶⁷⁸⁹⁰]").unwrap());
    let Some(after) = quote_marks(text, span.end..block.end).next() else {
        return false;
    };
    let inside = match quote_marks(text, block.start..span.start).next_back() {
        Some(before) => before == Mark::Opening,
        None => after == Mark::Closing,
    };
    inside && (cites() || SIGNAL.is_match(&text[block.clone()]))
}

/// A quotation mark and which way it faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Opening,
    Closing,
}

/// The quotation marks in `range`, leaving out apostrophes inside words (`It's`, `council's`).
fn quote_marks(text: &str, range: Range<usize>) -> impl DoubleEndedIterator<Item = Mark> + '_ {
    quote_mark_positions(text, range).map(|(_, mark)| mark)
}

/// Like `quote_marks`, with each mark's byte offset.
fn quote_mark_positions(
    text: &str,
    range: Range<usize>,
) -> impl DoubleEndedIterator<Item = (usize, Mark)> + '_ {
    memchr::memchr2_iter(b'"', b'\'', &text.as_bytes()[range.clone()]).filter_map(move |i| {
        let at = range.start + i;
        let prev = text[..at].chars().next_back();
        let next = text[at + 1..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let apostrophe = text.as_bytes()[at] == b'\'';
        let mark = match (word(prev), word(next)) {
            (true, true) if apostrophe => return None,
            // A plural possessive: "the boys' mother", "parents' evening".
            (true, false) if apostrophe && is_plural_possessive(text, at) => return None,
            (false, true) => Mark::Opening,
            _ if prev.is_none_or(char::is_whitespace) => Mark::Opening,
            _ => Mark::Closing,
        };
        Some((at, mark))
    })
}

/// Whether the `'` at `at` ends a plural possessive: after an "s" and before a lowercase word.
fn is_plural_possessive(text: &str, at: usize) -> bool {
    text[..at].ends_with(['s', 'S'])
        && text[at + 1..]
            .strip_prefix(' ')
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::Phrases;

    fn span_of(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).unwrap();
        start..start + needle.len()
    }

    #[test]
    fn sentence_is_found_within_its_block() {
        let text = "First one. The second holds ISIS here. Third.\nNext block.";
        let mut ctx = Context::new(text);
        let sentence = ctx.sentence(&span_of(text, "ISIS"));
        assert_eq!(&text[sentence], "The second holds ISIS here. ");
    }

    #[test]
    fn a_window_starting_inside_an_abbreviation_does_not_split_it() {
        // The match stands exactly REACH bytes after the full stop in "U.K.": a window cut
        // there would read ".K. word…" and break after the full stop.
        let head = "We met. The U.K. ";
        let dot = head.find(".K").unwrap();
        let gap = dot + REACH - head.len();
        let mut filler = "word ".repeat(gap / 5);
        filler.insert_str(0, &"w".repeat(gap - filler.len()));
        let text = format!("{head}{filler}target is here. Next one.");
        let span = span_of(&text, "target");
        assert_eq!(span.start, dot + REACH);
        let mut ctx = Context::new(&text);
        let found = ctx.sentence(&span);
        let found = ctx.within_reach(found, &span);
        assert_eq!(&text[found], &text[dot..text.find("Next").unwrap()]);
    }

    proptest::proptest! {
        /// However the windows fall, in blocks short or far longer than [`REACH`], the
        /// sentence found around a match is the one splitting the whole block gives, as far as
        /// any condition looks.
        #[test]
        fn windowed_sentences_are_the_whole_blocks_sentences(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "council", "e.g.", "Mr.", "said", "\"Quote.\"", "U.K.", "(see below).",
                    "done!", "why?", "and", "youth", "3.5", "work.", "Next", "–", "’s", "word",
                ]),
                1..700,
            ),
            picks in proptest::collection::vec(0usize..700, 1..40),
        ) {
            let text = words.join(" ") + "\nAnother block. Two sentences.";
            let block = 0..text.find('\n').unwrap();
            let whole: Vec<Range<usize>> = text[block.clone()]
                .split_sentence_bound_indices()
                .map(|(start, s)| start..start + s.len())
                .collect();
            let starts: Vec<usize> = text[block.clone()]
                .unicode_word_indices()
                .map(|(i, _)| i)
                .collect();
            if starts.is_empty() {
                return Ok(());
            }
            let mut ctx = Context::new(&text);
            let mut picks: Vec<usize> = picks.iter().map(|p| starts[p % starts.len()]).collect();
            picks.sort_unstable();
            for start in picks {
                let word = text[start..].unicode_words().next().unwrap();
                let span = start..start + word.len();
                let expected = whole.iter().find(|s| s.contains(&start)).unwrap().clone();
                let found = ctx.sentence(&span);
                proptest::prop_assert_eq!(
                    ctx.within_reach(found, &span),
                    ctx.within_reach(expected, &span),
                    "around {:?}", &text[span.clone()]
                );
            }
        }
    }

    proptest::proptest! {
        /// The shortcuts `holds` takes (the block first, then the stretch no boundary can cut)
        /// never change its answer from searching the match's own sentence or clause.
        #[test]
        fn conditions_hold_exactly_as_in_the_matchs_sentence(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "prayer", "risk", "not", "but", "e.g.", "Mr.", "said.", "(see", "it).",
                    "why?", "–", "£5", "council", "as a sign of", "youth", "\"Quote.\"", ";",
                ]),
                1..200,
            ),
            picks in proptest::collection::vec(0usize..200, 1..20),
            within in proptest::option::of(1usize..8),
            side in proptest::sample::select(vec![Side::Before, Side::After, Side::Both]),
            clause_scope: bool,
            linked: bool,
        ) {
            let text = words.join(" ");
            let condition = Condition {
                words: Words::Phrases(Phrases::new(["risk".into(), "sign".into()], [])),
                within,
                side,
                scope: if clause_scope { Scope::Clause } else { Scope::Sentence },
                linked_by: linked.then(|| Phrases::new(["as a".into()], [])),
                singular: false,
            };
            let sentences: Vec<Range<usize>> = text
                .split_sentence_bound_indices()
                .map(|(start, s)| start..start + s.len())
                .collect();
            let mut ctx = Context::new(&text);
            let mut spans: Vec<Range<usize>> = text
                .match_indices("prayer")
                .map(|(i, w)| i..i + w.len())
                .collect();
            if spans.is_empty() {
                return Ok(());
            }
            let mut picked: Vec<Range<usize>> =
                picks.iter().map(|p| spans[p % spans.len()].clone()).collect();
            picked.sort_by_key(|s| s.start);
            spans = picked;
            for span in spans {
                let sentence = sentences.iter().find(|s| s.contains(&span.start)).unwrap();
                let sentence = ctx.within_reach(sentence.clone(), &span);
                let scope = if clause_scope { clause(&text, &sentence, &span) } else { sentence };
                let expected = ctx.found_near(&condition, &span, &scope);
                proptest::prop_assert_eq!(ctx.holds(&condition, &span), expected, "at {}", span.start);
            }
        }
    }

    #[test]
    fn word_windows_count_words() {
        let text = "one two three four five";
        assert_eq!(&text[words_back(text, 0, 19, 2)..19], "three four ");
        assert_eq!(&text[4..words_forward(text, 4, text.len(), 2)], "two three");
    }

    #[test]
    fn quoted_terms_and_citations() {
        let text = "the terms 'radical' or \"radicalisation\", and radicalisation";
        let quoted = text.find("radical'").unwrap();
        assert!(is_quoted(text, &(quoted..quoted + 7)));
        let double = text.find("radicalisation\"").unwrap();
        assert!(is_quoted(text, &(double..double + 14)));
        let bare = text.rfind("radicalisation").unwrap();
        assert!(!is_quoted(text, &(bare..bare + 14)));

        let cite =
            "Maher, S., 'The roots of radicalisation? It's identity, stupid', The Guardian, 2015";
        let block = 0..cite.len();
        assert!(is_in_citation(
            cite,
            &span_of(cite, "radicalisation"),
            &block,
            || false
        ));
        let possessive = "In 2019 two boys joined ISIS, the boys' mother said";
        assert!(!is_in_citation(
            possessive,
            &span_of(possessive, "ISIS"),
            &(0..possessive.len()),
            || false
        ));
        let plain = "It's clear that radicalisation, as the council's 2015 plan said, matters";
        assert!(!is_in_citation(
            plain,
            &span_of(plain, "radicalisation"),
            &(0..plain.len()),
            || false
        ));
    }
}

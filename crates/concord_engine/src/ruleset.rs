//! The compiled rule set: every enabled rule, one automaton over all their terms.
//!
//! Start-up is most of a short check's time, so the rule set is built for it: the automaton is a
//! compact NFA over the terms in lower case (built in milliseconds; the text is lowered a chunk
//! at a time as it is scanned), and the DFA that scans faster is built only once a run has
//! scanned enough text (4 MB) to repay building it. Conditions' regexes compile when first needed.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta;

use crate::Rule;
use crate::error::PackError;
use crate::pack::{self, Pack};
use crate::schema::CaseMode;
use crate::source::PackSource;

/// How many bytes a rule set scans with its NFA before it builds the DFA: the DFA takes about
/// as long to build (40 ms) as the NFA loses to it scanning 5 MB.
const DFA_AFTER: usize = 4 * 1024 * 1024;

/// An automaton of `kind` over `literals` in lower case, reporting overlapping matches.
fn automaton(
    literals: &[String],
    kind: AhoCorasickKind,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(literals.iter().map(|l| l.to_ascii_lowercase()))
}

/// What a literal in the automaton stands for.
#[derive(Debug)]
pub(crate) enum Entry {
    /// A term of a rule's matcher.
    Term {
        rule: usize,
        matcher: usize,
        prefix: bool,
        /// The term as written, when its capitals must match.
        capitals: Option<Box<str>>,
    },
    /// A phrase that is fine: nothing inside it is flagged by `rule`, or by any rule when
    /// `rule` is `None` (a pack's `names`).
    Ignore { rule: Option<usize> },
}

/// What a report says about a pack it checked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackInfo<'a> {
    /// The pack's name, such as `cohesion`.
    pub name: &'a str,
    /// The pack's edition, such as `2026.12`, when it states one.
    pub version: Option<&'a str>,
    /// One line on what the pack checks.
    pub summary: &'a str,
}

/// Every enabled rule, compiled for checking texts.
///
/// Built once, then shared: checking takes `&self` and never allocates per rule.
pub struct RuleSet {
    pub(crate) packs: Vec<Pack>,
    pub(crate) rules: Vec<Rule>,
    /// All literal terms of all rules, deduplicated, in lower case (the text is lowered to
    /// scan it): a compact NFA, quick to build.
    automaton: AhoCorasick,
    /// The same terms as a DFA, faster to scan with and slower to build: built once this rule
    /// set has scanned [`DFA_AFTER`] bytes; `None` if the terms are too many for one.
    dfa: OnceLock<Option<AhoCorasick>>,
    /// Bytes scanned so far, by every check that shares this rule set.
    scanned: AtomicUsize,
    /// The longest term, in bytes: how far a chunk of text must reach past its end so that no
    /// match across the boundary is missed.
    pub(crate) longest: usize,
    /// For each automaton pattern, what it stands for.
    pub(crate) entries: Vec<Vec<Entry>>,
    /// The literal text of each automaton pattern.
    pub(crate) literals: Vec<String>,
    /// All non-literal patterns of all rules, in one regex.
    pub(crate) patterns: Option<meta::Regex>,
    /// For each pattern of `patterns`, its rule and matcher.
    pub(crate) pattern_owners: Vec<(usize, usize)>,
}

impl RuleSet {
    /// Compiles packs into a rule set, or lists every mistake found in them.
    pub fn compile(sources: &[PackSource]) -> Result<RuleSet, Vec<PackError>> {
        let loaded = pack::load(sources)?;
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut slot = |literal: &str| -> usize {
            *index
                .entry(literal.to_ascii_lowercase())
                .or_insert_with(|| {
                    literals.push(literal.to_string());
                    entries.push(Vec::new());
                    literals.len() - 1
                })
        };
        let mut placed = Vec::new();
        for term in &loaded.terms {
            let case = loaded.rules[term.rule].matchers[term.matcher].case;
            placed.push((
                slot(&term.literal),
                Entry::Term {
                    rule: term.rule,
                    matcher: term.matcher,
                    prefix: term.prefix,
                    capitals: (case == CaseMode::MatchCapitals)
                        .then(|| term.literal.clone().into()),
                },
            ));
        }
        for (phrase, rule) in &loaded.ignores {
            placed.push((slot(phrase), Entry::Ignore { rule: *rule }));
        }
        for (i, entry) in placed {
            entries[i].push(entry);
        }
        let too_large = |what: &str, err: &dyn std::fmt::Display| {
            let origin = loaded
                .rules
                .last()
                .map_or("rule packs", |r| r.origin.as_str());
            vec![PackError::whole(
                origin,
                format!(
                    "the packs' {what} are too many or too large to compile ({err}); use fewer or shorter terms"
                ),
            )]
        };
        let automaton = automaton(&literals, AhoCorasickKind::ContiguousNFA)
            .or_else(|_| automaton(&literals, AhoCorasickKind::NoncontiguousNFA))
            .map_err(|err| too_large("terms", &err))?;
        let longest = literals.iter().map(String::len).max().unwrap_or(0);
        let patterns = if loaded.patterns.is_empty() {
            None
        } else {
            let sources: Vec<String> = loaded
                .patterns
                .iter()
                .map(
                    |(rule, matcher, p)| match loaded.rules[*rule].matchers[*matcher].case {
                        CaseMode::Any => format!("(?i:{p})"),
                        CaseMode::MatchCapitals => p.clone(),
                    },
                )
                .collect();
            Some(meta::Regex::new_many(&sources).map_err(|err| too_large("patterns", &err))?)
        };
        let pattern_owners = loaded.patterns.iter().map(|&(r, m, _)| (r, m)).collect();
        Ok(RuleSet {
            packs: loaded.packs,
            rules: loaded.rules,
            automaton,
            dfa: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            longest,
            entries,
            literals,
            patterns,
            pattern_owners,
        })
    }

    /// The automaton to scan a text of `len` bytes with: the DFA once this rule set has
    /// scanned enough to repay building it, else the NFA.
    pub(crate) fn automaton(&self, len: usize) -> &AhoCorasick {
        let scanned = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if scanned < DFA_AFTER {
            return &self.automaton;
        }
        self.dfa
            .get_or_init(|| automaton(&self.literals, AhoCorasickKind::DFA).ok())
            .as_ref()
            .unwrap_or(&self.automaton)
    }

    /// Every place in `text` where a literal term or ignore phrase occurs, overlapping ones
    /// included: its automaton pattern and its bytes, chunk by chunk. The text is
    /// lowered a chunk at a time, so the copy costs a chunk of memory, not the text's size.
    pub(crate) fn literal_matches<'s, 't>(&'s self, text: &'t str) -> LiteralMatches<'s, 't> {
        LiteralMatches {
            automaton: self.automaton(text.len()),
            longest: self.longest,
            text: text.as_bytes(),
            next: 0,
            lowered: Vec::new(),
            found: Vec::new().into_iter(),
        }
    }

    /// The rule packs embedded in the binary: `cohesion` and `clarity`.
    pub fn builtin() -> RuleSet {
        RuleSet::compile(&crate::builtin::sources())
            .unwrap_or_else(|errors| panic!("the built-in rule packs are invalid: {errors:?}"))
    }

    /// Every rule, in the order the packs define them.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id, if it is enabled.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// The rule `id` names: the rule itself, or the rule one of whose concerns it is
    /// (`cohesion/group-objectification/gendered-nouns`).
    pub fn rule_or_concern(&self, id: &str) -> Option<&Rule> {
        self.rule(id).or_else(|| {
            self.rules
                .iter()
                .find(|rule| rule.concerns.iter().any(|c| c == id))
        })
    }

    /// The enabled packs: name, edition and one-line summary.
    pub fn packs(&self) -> impl Iterator<Item = PackInfo<'_>> {
        self.packs.iter().map(|p| PackInfo {
            name: &p.name,
            version: p.version.as_deref(),
            summary: &p.summary,
        })
    }

    /// Every literal the automaton scans for, for benchmarks against other tools.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }
}

/// How much text is lowered at once for the scan.
const CHUNK: usize = 1024 * 1024;

/// The matches of [`RuleSet::literal_matches`], found a chunk at a time.
pub(crate) struct LiteralMatches<'s, 't> {
    automaton: &'s AhoCorasick,
    longest: usize,
    text: &'t [u8],
    /// Where the next chunk starts.
    next: usize,
    /// The chunk being scanned, in lower case, with the `longest` bytes after it.
    lowered: Vec<u8>,
    found: std::vec::IntoIter<(usize, std::ops::Range<usize>)>,
}

impl Iterator for LiteralMatches<'_, '_> {
    type Item = (usize, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(found) = self.found.next() {
                return Some(found);
            }
            if self.next >= self.text.len() {
                return None;
            }
            let start = self.next;
            let end = (start + CHUNK).min(self.text.len());
            // A match that starts in this chunk may end past it; one that starts past it is the
            // next chunk's.
            let reach = (end + self.longest).min(self.text.len());
            self.lowered.clear();
            self.lowered.extend_from_slice(&self.text[start..reach]);
            self.lowered.make_ascii_lowercase();
            let found: Vec<_> = self
                .automaton
                .find_overlapping_iter(&self.lowered)
                .filter(|m| start + m.start() < end)
                .map(|m| (m.pattern().as_usize(), start + m.start()..start + m.end()))
                .collect();
            self.found = found.into_iter();
            self.next = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_across_a_chunk_boundary_are_found_once_whatever_their_case() {
        let set = RuleSet::builtin();
        for shift in 0..8 {
            // "IsIs" starts a few bytes before, at, or after the end of the first chunk.
            let pad = CHUNK - 3 + shift;
            let text = format!("{}IsIs left.", "x".repeat(pad));
            let found: Vec<_> = set
                .literal_matches(&text)
                .filter(|(pattern, _)| set.literals[*pattern].eq_ignore_ascii_case("isis"))
                .map(|(_, span)| span)
                .collect();
            assert_eq!(found, vec![pad..pad + 4], "shift {shift}");
        }
    }
}

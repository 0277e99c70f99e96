//! The compiled rule set: every enabled rule, one automaton over all their terms.
//!
//! Start-up is most of a short check's time, so the rule set is built for it: the automaton is
//! a double-array Aho-Corasick automaton over the terms in lower case (the text is lowered a
//! chunk at a time as it is scanned), compact and quick to scan, and a compiled rule set
//! serialises ([`RuleSet::to_bytes`]) so the built-in packs are compiled when concord is built
//! and only read back when it starts. Conditions' regexes compile when first needed.

use std::cmp::Reverse;
use std::collections::HashMap;

use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
use regex_automata::meta;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Rule;
use crate::error::PackError;
use crate::pack::{self, Pack};
use crate::schema::CaseMode;
use crate::source::PackSource;

/// The automaton over `literals` in lower case, reporting overlapping matches; each match's
/// value is its literal's index.
fn automaton(literals: &[String]) -> Result<Terms, daachorse::errors::DaachorseError> {
    DoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(literals.iter().map(|l| l.to_ascii_lowercase()))
        .map(Terms)
}

/// The rank of each rule's matchers among all matchers, for the rule set's `matcher_order`.
fn matcher_order(rules: &[Rule]) -> Vec<Vec<u32>> {
    let mut all: Vec<(usize, usize)> = rules
        .iter()
        .enumerate()
        .flat_map(|(r, rule)| (0..rule.matchers.len()).map(move |m| (r, m)))
        .collect();
    all.sort_by_key(|&(r, m)| {
        let matcher = &rules[r].matchers[m];
        (
            Reverse(matcher.requires.len()),
            Reverse(matcher.severity.unwrap_or(rules[r].severity)),
            r,
            m,
        )
    });
    let mut order: Vec<Vec<u32>> = rules.iter().map(|r| vec![0; r.matchers.len()]).collect();
    for (rank, (r, m)) in all.into_iter().enumerate() {
        order[r][m] = u32::try_from(rank).expect("fewer than four billion matchers");
    }
    order
}

/// The terms' automaton; serialised in daachorse's own format.
struct Terms(DoubleArrayAhoCorasick<u32>);

impl Serialize for Terms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0.serialize())
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = <&[u8]>::deserialize(deserializer)?;
        DoubleArrayAhoCorasick::deserialize(bytes)
            .map(|(automaton, _)| Terms(automaton))
            .map_err(serde::de::Error::custom)
    }
}

/// The non-literal patterns of all rules, in one regex; serialised as their sources.
struct Patterns {
    sources: Vec<String>,
    regex: meta::Regex,
}

impl Patterns {
    fn new(sources: Vec<String>) -> Result<Self, Box<regex_automata::meta::BuildError>> {
        let regex = meta::Regex::new_many(&sources).map_err(Box::new)?;
        Ok(Patterns { sources, regex })
    }
}

impl Serialize for Patterns {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.sources.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Patterns::new(Vec::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// What a literal in the automaton stands for.
#[derive(Debug, Serialize, Deserialize)]
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
    /// Whether the pack is on when a configuration does not name the packs it wants.
    pub on_by_default: bool,
    /// Whether reports give each document's reading age while the pack is on.
    pub reading_age: bool,
}

/// Every enabled rule, compiled for checking texts.
///
/// Built once, then shared: checking takes `&self` and never allocates per rule.
#[derive(Serialize, Deserialize)]
pub struct RuleSet {
    pub(crate) packs: Vec<Pack>,
    pub(crate) rules: Vec<Rule>,
    /// All literal terms of all rules, deduplicated, in lower case (the text is lowered to
    /// scan it).
    automaton: Terms,
    /// The longest term, in bytes: how far a chunk of text must reach past its end so that no
    /// match across the boundary is missed.
    pub(crate) longest: usize,
    /// For each automaton pattern, what it stands for.
    pub(crate) entries: Vec<Vec<Entry>>,
    /// The literal text of each automaton pattern.
    pub(crate) literals: Vec<String>,
    /// All non-literal patterns of all rules, in one regex.
    patterns: Option<Patterns>,
    /// For each pattern of `patterns`, its rule and matcher.
    pub(crate) pattern_owners: Vec<(usize, usize)>,
    /// For each rule's matchers, which is tried first where candidates share a span: the one
    /// that needs more context, then the more severe, then the earlier.
    pub(crate) matcher_order: Vec<Vec<u32>>,
}

/// Why a compiled rule set could not be read back.
#[derive(Debug)]
pub struct ReadError(postcard::Error);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a compiled rule set could not be read: {}", self.0)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
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
        let automaton = automaton(&literals).map_err(|err| too_large("terms", &err))?;
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
            Some(Patterns::new(sources).map_err(|err| too_large("patterns", &err))?)
        };
        let pattern_owners = loaded.patterns.iter().map(|&(r, m, _)| (r, m)).collect();
        let matcher_order = matcher_order(&loaded.rules);
        Ok(RuleSet {
            packs: loaded.packs,
            rules: loaded.rules,
            automaton,
            longest,
            entries,
            literals,
            patterns,
            pattern_owners,
            matcher_order,
        })
    }

    /// Every place starting in `text[within]` where a literal term or ignore phrase occurs,
    /// overlapping ones included: its automaton pattern and its bytes, chunk by chunk. The text
    /// is lowered a chunk at a time, so the copy costs a chunk of memory, not the text's size.
    pub(crate) fn literal_matches<'s, 't>(
        &'s self,
        text: &'t str,
        within: std::ops::Range<usize>,
    ) -> LiteralMatches<'s, 't> {
        LiteralMatches {
            automaton: &self.automaton.0,
            longest: self.longest,
            text: text.as_bytes(),
            next: within.start,
            until: within.end,
            lowered: Vec::new(),
            found: Vec::new().into_iter(),
        }
    }

    /// The rule set as bytes, for [`RuleSet::from_bytes`]: the same rules give the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).expect("a rule set always serialises")
    }

    /// A rule set [`RuleSet::to_bytes`] wrote, read back without compiling its terms; its
    /// conditions compile when a document first needs them, as a built-in pack's do.
    pub fn from_bytes(bytes: &[u8]) -> Result<RuleSet, ReadError> {
        postcard::from_bytes(bytes).map_err(ReadError)
    }

    /// The non-literal patterns of all rules, in one regex.
    pub(crate) fn patterns(&self) -> Option<&meta::Regex> {
        self.patterns.as_ref().map(|p| &p.regex)
    }

    /// The rule packs embedded in the binary (`cohesion` and `clarity`), compiled from their
    /// TOML now.
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
            on_by_default: p.on_by_default,
            reading_age: p.reading_age,
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
    automaton: &'s DoubleArrayAhoCorasick<u32>,
    longest: usize,
    text: &'t [u8],
    /// Where the next chunk starts.
    next: usize,
    /// Where the last match may start.
    until: usize,
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
            if self.next >= self.until {
                return None;
            }
            let start = self.next;
            let end = (start + CHUNK).min(self.until);
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
                .map(|m| (m.value() as usize, start + m.start()..start + m.end()))
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
                .literal_matches(&text, 0..text.len())
                .filter(|(pattern, _)| set.literals[*pattern].eq_ignore_ascii_case("isis"))
                .map(|(_, span)| span)
                .collect();
            assert_eq!(found, vec![pad..pad + 4], "shift {shift}");
        }
    }
}

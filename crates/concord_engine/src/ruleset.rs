//! The compiled rule set: every enabled rule, one automaton over all their terms.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta;

use crate::Rule;
use crate::error::PackError;
use crate::pack::{self, Pack};
use crate::schema::CaseMode;
use crate::source::PackSource;

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

/// Every enabled rule, compiled for checking texts.
///
/// Built once, then shared: checking takes `&self` and never allocates per rule.
pub struct RuleSet {
    pub(crate) packs: Vec<Pack>,
    pub(crate) rules: Vec<Rule>,
    /// All literal terms of all rules, deduplicated, ASCII case-insensitive.
    pub(crate) automaton: AhoCorasick,
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
        // A DFA is fastest to scan with; a set of terms too large for one falls back to the
        // smaller automaton the builder picks, rather than failing.
        let builder = |kind| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(&literals)
        };
        let automaton = builder(Some(AhoCorasickKind::DFA))
            .or_else(|_| builder(None))
            .map_err(|err| too_large("terms", &err))?;
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
            entries,
            literals,
            patterns,
            pattern_owners,
        })
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

    /// The names and one-line summaries of the enabled packs.
    pub fn packs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.packs
            .iter()
            .map(|p| (p.name.as_str(), p.summary.as_str()))
    }

    /// Every literal the automaton scans for, for benchmarks against other tools.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }
}

//! What a project's configuration changes about checking: rules turned off or given another
//! severity, and phrases that are never flagged (names of local organisations, quoted titles).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::Severity;
use crate::boundary::is_whole_words;
use crate::normalize::Normalized;

/// Per-project adjustments to a [`crate::RuleSet`], applied by [`crate::RuleSet::check_with`].
#[derive(Debug, Default, Clone)]
pub struct Policy {
    /// Rule id → its severity, or `None` for a rule that is off. Looked up for every rule of
    /// every document, so with a fast hash rather than SipHash.
    severities: foldhash::HashMap<String, Option<Severity>>,
    /// Phrases never flagged, normalised like document text.
    allow: Vec<String>,
    allow_automaton: Option<AhoCorasick>,
}

impl Policy {
    /// A policy that changes nothing.
    pub fn new() -> Self {
        Policy::default()
    }

    /// Sets a rule's severity, or turns it off with `None`.
    pub fn set_severity(&mut self, rule: &str, severity: Option<Severity>) {
        self.severities.insert(rule.to_string(), severity);
    }

    /// Adds phrases that are never flagged: nothing inside them is reported.
    pub fn allow(&mut self, phrases: impl IntoIterator<Item = impl AsRef<str>>) {
        self.allow.extend(
            phrases
                .into_iter()
                .map(|p| Normalized::new(p.as_ref().trim()).text),
        );
        self.allow.retain(|p| !p.is_empty());
        self.allow_automaton = (!self.allow.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&self.allow)
                .expect("allow phrases always fit an automaton")
        });
    }

    /// Whether the rule is on.
    pub(crate) fn is_enabled(&self, rule: &str) -> bool {
        !matches!(self.severities.get(rule), Some(None))
    }

    /// The severity a finding of `rule` gets, given the severity its matcher gave it.
    pub(crate) fn severity(&self, rule: &str, found: Severity) -> Severity {
        self.severities
            .get(rule)
            .copied()
            .flatten()
            .unwrap_or(found)
    }

    /// Where allowed phrases stand in normalised `text`.
    pub(crate) fn allowed_spans(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let Some(automaton) = &self.allow_automaton else {
            return Vec::new();
        };
        automaton
            .find_overlapping_iter(text)
            .map(|m| m.start()..m.end())
            .filter(|span| is_whole_words(text, span))
            .collect()
    }
}

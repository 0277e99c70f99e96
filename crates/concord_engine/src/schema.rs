//! The shape of a rule file, exactly as written in TOML.
//!
//! A rule file may hold a `[pack]` table (the pack's name, word lists and names that are never
//! flagged) and any number of `[[rule]]` tables. Unknown keys are errors, so a typo in a rule
//! file is reported with its line and column instead of being silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::Severity;

/// One TOML file of a rule pack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub pack: Option<PackSpec>,
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// The `[pack]` table: what the pack is and what its rules share.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackSpec {
    pub name: Spanned<String>,
    pub summary: String,
    /// Which edition of the guidance the pack encodes, such as `2026.12`; a report names it.
    #[serde(default)]
    pub version: Option<String>,
    /// Whether the pack is on when a configuration does not name the packs (`packs = [...]`).
    #[serde(default)]
    pub default: PackDefault,
    /// Whether reports give each document's reading age while the pack is on.
    #[serde(default)]
    pub reading_age: bool,
    /// Word lists that terms and conditions refer to as `{name}`.
    #[serde(default)]
    pub vocab: BTreeMap<String, Vec<Spanned<String>>>,
    /// Proper names and titles that no rule of this pack flags, even when they contain a term.
    #[serde(default)]
    pub names: Vec<Spanned<String>>,
    /// How to recognise a term that is being talked about rather than used.
    #[serde(default)]
    pub mentions: MentionSpec,
}

/// Whether a pack is on unless a configuration names the packs it wants.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackDefault {
    /// On unless left out of `packs` (every pack a council writes, and `cohesion`).
    #[default]
    On,
    /// Off unless named in `packs` (`plain`, for public pages).
    Off,
}

/// Phrases that introduce a term as a term ("the word", "known as").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MentionSpec {
    #[serde(default)]
    pub introducers: Vec<Spanned<String>>,
    /// How many words before the term an introducer may stand.
    #[serde(default = "default_mention_window")]
    pub window: usize,
    /// Phrases that introduce a quoted example ("such as"): a term anywhere inside quotation
    /// marks right after one of these is a mention.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Phrases right before a title or name in Title Case ("the podcast", "entitled"): a term
    /// inside it is a mention.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Nouns that end a name or title in Title Case ("Workshop", "Report"): a term inside a run
    /// of capitalised words ending with one is a mention.
    #[serde(default)]
    pub title_nouns: Vec<String>,
    /// Phrases that explain a name ("also known as", "calls itself"): the names after one, to
    /// the end of its part of the sentence, are mentions.
    #[serde(default)]
    pub explanations: Vec<String>,
}

fn default_mention_window() -> usize {
    8
}

/// One `[[rule]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSpec {
    pub id: Spanned<String>,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub rationale: String,
    pub source: String,
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// A replacement that is always right, applied by `--fix`.
    pub fix: Option<String>,
    /// Longer phrases that contain a term but are fine; nothing inside them is flagged.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Whether quoted or introduced mentions of a term are flagged too.
    #[serde(default)]
    pub mentions: MentionMode,
    #[serde(rename = "match")]
    pub matchers: Vec<MatchSpec>,
    /// Conditions every matcher of the rule needs, beside its own.
    #[serde(default)]
    pub requires: Vec<ConditionSpec>,
    /// Conditions that stop every matcher of the rule, beside its own.
    #[serde(default)]
    pub unless: Vec<ConditionSpec>,
    pub examples: ExamplesSpec,
}

/// What happens when a term is mentioned rather than used.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionMode {
    /// Mentions, quotations in citations and names are left alone (the default).
    #[default]
    Skip,
    /// Every occurrence is flagged, mentioned or not.
    Flag,
}

/// One `[[rule.match]]` table: terms or patterns, and the context they need.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchSpec {
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub case: CaseMode,
    #[serde(default)]
    pub requires: Vec<ConditionSpec>,
    #[serde(default)]
    pub unless: Vec<ConditionSpec>,
    /// Matched texts that are never flagged (compared exactly).
    #[serde(default)]
    pub except: Vec<String>,
    pub severity: Option<Severity>,
    pub message: Option<String>,
    pub suggestions: Option<Vec<String>>,
    pub fix: Option<String>,
    /// Flag only the first occurrence of each matched text in a document.
    #[serde(default)]
    pub first_only: bool,
    /// A name for what this way of matching is about, so it can be configured and suppressed on
    /// its own as `<rule id>/<concern>`; findings keep the rule's id.
    pub concern: Option<Spanned<String>>,
    /// Instead of terms or patterns: flag each sentence of more than this many words (the
    /// message's `$words` is its count).
    pub sentences_longer_than: Option<Spanned<usize>>,
}

/// How letter case is compared for a matcher's terms.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseMode {
    /// Any capitalisation matches.
    #[default]
    Any,
    /// Capital letters in the term must be capitals in the text; lowercase letters match either.
    MatchCapitals,
}

/// A context condition: one of the words (or a match of the pattern) is near the match.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionSpec {
    #[serde(default)]
    pub any: Vec<Spanned<String>>,
    /// Phrases whose words do not count where they stand: a word of `any` inside one of them
    /// is passed over ("no longer" and "who had never" say nothing against the match).
    #[serde(default)]
    pub except: Vec<Spanned<String>>,
    /// A regular expression, for what a word list cannot say. In a `document-before`
    /// condition, `$0` stands for the matched text.
    pub pattern: Option<Spanned<String>>,
    /// At most this many words away; omitted means anywhere in the scope.
    pub within: Option<usize>,
    #[serde(default)]
    pub side: Side,
    /// Where the word must stand: the match's clause, sentence (the default) or block, or
    /// anywhere in the document before the match.
    #[serde(default)]
    pub scope: Scope,
    /// Phrases one of which must stand between the match and the word, linking them ("as a
    /// sign of", "linked to").
    #[serde(default)]
    pub linked_by: Vec<Spanned<String>>,
    /// In a pattern with `$0`, `$0` stands for the matched text without a final "s", so a
    /// plural ("DSLs") is spelt out by its singular ("Designated Safeguarding Lead (DSL)").
    pub singular: Option<Spanned<bool>>,
}

/// How much of the text around a match a condition looks at.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The part of the sentence between clause breaks (`;`, dashes, brackets, and "but",
    /// "although", "whereas"... after a comma).
    Clause,
    /// The sentence.
    #[default]
    Sentence,
    /// The paragraph, list item, heading or cell.
    Block,
    /// Everything in the document before the match ("spelt out earlier").
    DocumentBefore,
}

/// Which side of the match a condition looks at.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Before or after the match.
    #[default]
    Both,
    /// Only before the match.
    Before,
    /// Only after the match.
    After,
}

/// Sentences the rule must flag (with the flagged words in `[brackets]`) and must leave alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExamplesSpec {
    pub flag: Vec<String>,
    pub pass: Vec<String>,
}

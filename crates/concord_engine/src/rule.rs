//! A compiled rule: its documentation for people, and its matchers for the engine.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::ast::{Ast, GroupKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Severity;
use crate::phrases::{Find, Phrases};
use crate::schema::{CaseMode, MentionMode, Scope, Side};

/// One rule, as `concord rules` lists it and `concord explain` shows it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Rule {
    /// Full id, `pack/name`, for example `cohesion/daesh-naming`.
    pub id: String,
    /// The pack the rule belongs to.
    pub pack: String,
    /// Default severity (a matcher may set its own).
    pub severity: Severity,
    /// One line for the rule list.
    pub summary: String,
    /// One sentence shown with each finding: what was found and why it matters.
    pub message: String,
    /// The longer explanation, for `concord explain` and editor hovers.
    pub rationale: String,
    /// Where the guidance comes from.
    pub source: String,
    /// What to write instead.
    pub suggestions: Vec<String>,
    /// A replacement that is always right, applied automatically by `--fix`.
    pub fix: Option<String>,
    /// Sentences the rule must flag, the flagged words in `[brackets]`.
    pub flag_examples: Vec<String>,
    /// Sentences the rule must leave alone.
    pub pass_examples: Vec<String>,
    /// The rule file this rule came from.
    pub origin: String,
    /// The ids of the rule's concerns (`<rule id>/<concern>`): parts that can be turned off or
    /// suppressed on their own. The rule's own id selects them all.
    pub concerns: Vec<String>,
    pub(crate) pack_index: usize,
    pub(crate) mentions: MentionMode,
    /// Conditions every matcher needs beside its own; shared, so a `document-before` one is
    /// searched for once per document for all of them.
    pub(crate) requires: Vec<Condition>,
    pub(crate) unless: Vec<Condition>,
    pub(crate) matchers: Vec<Matcher>,
}

impl Rule {
    /// Whether the rule ships inside concord (its pack is under `rules/`), so it has a page in
    /// `docs/rules/`.
    pub fn is_builtin(&self) -> bool {
        self.origin.starts_with(crate::builtin::ORIGIN_PREFIX)
    }
}

/// One way a rule matches: terms or patterns, and the context they need.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Matcher {
    pub case: CaseMode,
    pub requires: Vec<Condition>,
    pub unless: Vec<Condition>,
    /// Matched texts never flagged; a set, as a pattern may list a hundred.
    #[serde(serialize_with = "sorted")]
    pub except: HashSet<String>,
    pub severity: Option<Severity>,
    pub message: Option<String>,
    pub suggestions: Option<Vec<String>>,
    pub fix: Option<String>,
    pub first_only: bool,
    /// The concern's full id, `<rule id>/<concern>`.
    pub concern: Option<String>,
    /// Flags sentences of more than this many words, instead of matching terms.
    pub sentences_longer_than: Option<usize>,
}

/// "One of these words stands near the match" — compiled.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Condition {
    pub words: Words,
    pub within: Option<usize>,
    pub side: Side,
    pub scope: Scope,
    /// Phrases one of which must stand between the match and the word.
    pub linked_by: Option<Phrases>,
    /// `$0` stands for the matched text without a final "s".
    pub singular: bool,
}

impl Condition {
    /// What `$0` stands for when the match is `matched`: the matched text, or with `singular`
    /// its singular ("DSLs" → "DSL").
    pub fn stands_for<'t>(&self, matched: &'t str) -> &'t str {
        match matched.strip_suffix('s') {
            Some(singular) if self.singular && !singular.is_empty() => singular,
            _ => matched,
        }
    }
}

/// A regex compiled the first time a document needs it. The built-in packs hold hundreds of
/// conditions and a document meets few of them, so compiling them all at start-up cost most of a
/// short check's time. Patterns of the built-in packs are compiled by their tests; a pack
/// loaded at run time is compiled as it loads, so its mistakes are reported with their place.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    /// A regex for `pattern`, compiled when first used.
    pub fn new(pattern: String) -> Self {
        LazyRegex {
            pattern,
            regex: OnceLock::new(),
        }
    }

    /// A regex already compiled.
    pub fn compiled(regex: Regex) -> Self {
        LazyRegex {
            pattern: regex.as_str().to_string(),
            regex: OnceLock::from(regex),
        }
    }

    /// The compiled regex. A pattern that does not compile (which the packs' tests rule out
    /// for the built-in packs) matches nothing rather than failing a check.
    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.pattern)
                .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("an empty class compiles"))
        })
    }
}

/// What a condition looks for.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Words {
    /// Whole-word phrases (a condition's `any`), the same for every match.
    Phrases(Phrases),
    /// A pattern, the same for every match.
    Pattern(LazyRegex),
    /// A `document-before` pattern that names the match as `$0`: each document completes it
    /// with the texts matched there.
    WithMatch(Template),
}

/// Phrases and patterns are found alike; a template's `$0` needs its match, so it is found
/// nowhere on its own.
impl Find for Words {
    fn find_at(&self, haystack: &str, start: usize) -> Option<Range<usize>> {
        match self {
            Words::Phrases(phrases) => phrases.find_at(haystack, start),
            Words::Pattern(regex) => regex.get().find_at(haystack, start).map(|m| m.range()),
            Words::WithMatch(_) => None,
        }
    }
}

/// A pattern naming the match as `$0`, searched without a regex per document: the texts matched
/// in a document are found as literals (one automaton over them), and at each place the parts
/// of the pattern before and after `$0` are checked there, with two regexes compiled once.
#[derive(Debug)]
pub(crate) struct Template {
    pub text: String,
    /// One per alternative of the pattern (`\($0\)|$0 \(`), compiled when first needed.
    parts: OnceLock<Vec<Parts>>,
}

/// The inline flags a pattern starts with (`(?i)`), and the rest of it.
fn leading_flags(pattern: &str) -> (&str, &str) {
    let flags = pattern
        .strip_prefix("(?")
        .and_then(|rest| rest.split_once(')'))
        .filter(|(flags, _)| {
            !flags.is_empty() && flags.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        })
        .map_or(0, |(flags, _)| flags.len() + 3);
    pattern.split_at(flags)
}

/// How far before `$0` the part of its pattern before it is looked for.
const BEFORE_WINDOW: usize = 64;

/// The pattern around `$0`, compiled.
#[derive(Debug)]
pub(crate) struct Parts {
    /// What must end right where the text starts (`None`: nothing).
    pub before: Option<meta::Regex>,
    /// What must start right where the text ends (`None`: nothing).
    pub after: Option<meta::Regex>,
    /// The pattern's leading flags make the text match in any case (`(?i)`).
    pub any_case: bool,
}

impl Template {
    pub fn new(text: String) -> Self {
        Template {
            text,
            parts: OnceLock::new(),
        }
    }

    /// The parts around `$0` of each alternative, compiled the first time they are needed;
    /// none if they do not compile (which loading rules out).
    pub fn parts(&self) -> &[Parts] {
        self.parts
            .get_or_init(|| Parts::compile_all(&self.text).unwrap_or_default())
    }
}

impl Parts {
    /// The alternatives of `template` (`\($0\)|$0 \(`), each with `$0` once, compiled; the
    /// error says what is wrong. A group around a whole alternative is looked through, and the
    /// pattern's leading flags (`(?i)`) apply to every alternative.
    pub fn compile_all(template: &str) -> Result<Vec<Parts>, String> {
        let (flags, body) = leading_flags(template);
        let ast = regex_syntax::ast::parse::Parser::new()
            .parse(body)
            .map_err(|err| format!("this pattern is not valid: {err}"))?;
        let alternatives: Vec<&Ast> = match &ast {
            Ast::Alternation(alternation) => alternation.asts.iter().collect(),
            whole => vec![whole],
        };
        alternatives
            .into_iter()
            .map(|mut alternative| {
                while let Ast::Group(group) = alternative
                    && !matches!(group.kind, GroupKind::NonCapturing(_))
                {
                    alternative = &group.ast;
                }
                let span = alternative.span();
                Parts::compile(flags, &body[span.start.offset..span.end.offset])
            })
            .collect()
    }

    /// Compiles one alternative with `$0` once, with the pattern's `flags`.
    fn compile(flags: &str, alternative: &str) -> Result<Parts, String> {
        let Some((before, after)) = alternative.split_once(MATCH_PLACEHOLDER) else {
            return Err(format!(
                "each alternative of the pattern needs `$0`: `{alternative}` has none"
            ));
        };
        if after.contains(MATCH_PLACEHOLDER) {
            return Err(format!(
                "`$0` can stand only once in each alternative of the pattern: `{alternative}`"
            ));
        }
        let any_case = flags.split('-').next().is_some_and(|on| on.contains('i'));
        let part = |body: &str, side: &str| -> Result<Option<meta::Regex>, String> {
            if body.is_empty() {
                return Ok(None);
            }
            meta::Regex::new(&format!("{flags}(?:{body})"))
                .map(Some)
                .map_err(|err| format!("the part of the pattern {side} `$0` is not a pattern on its own ({err}); keep `$0` outside groups"))
        };
        let parts = Parts {
            before: part(before, "before")?,
            after: part(after, "after")?,
            any_case,
        };
        if parts.before.is_none() && parts.after.is_none() {
            return Err("the pattern is only `$0`, so it always holds".into());
        }
        Ok(parts)
    }

    /// Where the whole pattern ends when `$0` stands for `text[start..end]`: the part before
    /// must end at `start` (looked for in the few bytes before it) and the part after must start
    /// at `end`. Both see the whole text around them, so `\b` means what it says.
    pub fn end_around(&self, text: &str, start: usize, end: usize) -> Option<usize> {
        // The part after first: anchored where the text ends, it fails at once in most places.
        let whole_end = match &self.after {
            None => end,
            Some(after) => after
                .search(&Input::new(text).range(end..).anchored(Anchored::Yes))?
                .end(),
        };
        if let Some(before) = &self.before {
            let mut from = start.saturating_sub(BEFORE_WINDOW);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let input = Input::new(text).range(from..start);
            if !before.find_iter(input).any(|m| m.end() == start) {
                return None;
            }
        }
        Some(whole_end)
    }
}

/// A set written in a fixed order, so a compiled rule set serialises to the same bytes every
/// time.
fn sorted<S: Serializer>(set: &HashSet<String>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut items: Vec<&String> = set.iter().collect();
    items.sort();
    items.serialize(serializer)
}

/// A lazy regex is stored as its pattern, and compiles when first needed after it is read back.
impl Serialize for LazyRegex {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.pattern.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LazyRegex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(LazyRegex::new)
    }
}

/// A template is stored as its pattern, and compiles when first needed after it is read back.
impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Template::new)
    }
}

/// What a `document-before` condition's pattern writes for the matched text.
pub(crate) const MATCH_PLACEHOLDER: &str = "$0";

//! A compiled rule: its documentation for people, and its matchers for the engine.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

use crate::Severity;
use crate::schema::{CaseMode, MentionMode, Scope, Side};

/// One rule, as `concord rules` lists it and `concord explain` shows it.
#[derive(Debug)]
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
#[derive(Debug)]
pub(crate) struct Matcher {
    pub case: CaseMode,
    pub requires: Vec<Condition>,
    pub unless: Vec<Condition>,
    /// Matched texts never flagged; a set, as a pattern may list a hundred.
    pub except: HashSet<String>,
    pub severity: Option<Severity>,
    pub message: Option<String>,
    pub suggestions: Option<Vec<String>>,
    pub fix: Option<String>,
    pub first_only: bool,
    /// The concern's full id, `<rule id>/<concern>`.
    pub concern: Option<String>,
}

/// "One of these words stands near the match" — compiled.
#[derive(Debug)]
pub(crate) struct Condition {
    pub words: Words,
    pub within: Option<usize>,
    pub side: Side,
    pub scope: Scope,
    /// Phrases one of which must stand between the match and the word.
    pub linked_by: Option<LazyRegex>,
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
#[derive(Debug)]
pub(crate) enum Words {
    /// The same words or pattern for every match.
    Fixed(LazyRegex),
    /// A `document-before` pattern that names the match as `$0`: each document completes it
    /// with the texts matched there.
    WithMatch(Template),
}

/// A pattern naming the match as `$0`, with the regexes it was last completed into: an editor
/// checks the same document on every keystroke, with the same texts. They are shared rather
/// than cloned, because a cloned `Regex` starts with empty caches and would build its lazy DFA
/// again on every check.
#[derive(Debug)]
pub(crate) struct Template {
    pub text: String,
    completed: Mutex<HashMap<String, Arc<Regex>>>,
}

/// How many completed regexes a template keeps.
const COMPLETED_KEPT: usize = 32;

impl Template {
    pub fn new(text: String) -> Self {
        Template {
            text,
            completed: Mutex::new(HashMap::new()),
        }
    }

    /// The template completed for `texts` (see [`complete`]), compiled once and kept; `None`
    /// if the regex would be too large.
    pub fn regex(&self, texts: &[&str]) -> Option<Arc<Regex>> {
        let pattern = complete(&self.text, texts);
        // A poisoned lock only means another check panicked mid-insert; the map is still whole.
        let mut completed = self.completed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(regex) = completed.get(&pattern) {
            return Some(Arc::clone(regex));
        }
        let regex = Arc::new(Regex::new(&pattern).ok()?);
        if completed.len() >= COMPLETED_KEPT {
            completed.clear();
        }
        completed.insert(pattern, Arc::clone(&regex));
        Some(regex)
    }
}

/// What a `document-before` condition's pattern writes for the matched text.
pub(crate) const MATCH_PLACEHOLDER: &str = "$0";

/// A `$0` pattern completed for `texts`: the `$0` at place `i` becomes a group named `m{i}` (a
/// regex needs a name per place) matching any of them.
pub(crate) fn complete(template: &str, texts: &[&str]) -> String {
    let alternatives: Vec<String> = texts.iter().map(|t| regex::escape(t)).collect();
    let alternatives = alternatives.join("|");
    let mut pattern = String::new();
    for (i, part) in template.split(MATCH_PLACEHOLDER).enumerate() {
        if i > 0 {
            pattern.push_str(&format!("(?P<m{}>{alternatives})", i - 1));
        }
        pattern.push_str(part);
    }
    pattern
}

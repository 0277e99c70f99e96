//! Reading rule packs: TOML text in, validated rule data out.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use crate::error::PackError;
use crate::expand::{MAX_TERMS_PER_RULE, expand};
use crate::normalize::Normalized;
use crate::phrases::Phrases;
use crate::rule::{Condition, LazyRegex, MATCH_PLACEHOLDER, Matcher, Parts, Rule, Template, Words};
use crate::schema::{ConditionSpec, PackDefault, PackSpec, RuleFile, Scope, Side};
use crate::source::{PackSource, RuleFileSource};
use crate::title::TitleWords;

/// A pack's shared settings, compiled.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Pack {
    pub name: String,
    pub summary: String,
    pub version: Option<String>,
    /// On when a configuration does not name the packs it wants.
    pub on_by_default: bool,
    /// Reports give each document's reading age while the pack is on.
    pub reading_age: bool,
    pub mention_introducers: Option<Condition>,
    /// Lowercase phrases that introduce a quoted example.
    pub example_introducers: Vec<String>,
    /// What marks a title or name in Title Case.
    pub titles: TitleWords,
    /// Phrases that explain a name ("also known as"), in any case.
    pub explanations: Option<Explanations>,
}

/// A pack's name-explaining phrases and one automaton for them, any case, all matches (they
/// overlap: "known as" inside "also known as"); stored as the phrases, so the automaton is
/// built again when a compiled rule set is read back.
#[derive(Debug)]
pub(crate) struct Explanations {
    phrases: Vec<String>,
    /// The phrases' automaton, any case, reporting overlapping matches.
    pub automaton: AhoCorasick,
}

impl Explanations {
    /// The automaton for `phrases`; none if there are none.
    fn new(phrases: Vec<String>) -> Option<Self> {
        if phrases.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&phrases)
            .ok()?;
        Some(Explanations { phrases, automaton })
    }
}

impl Serialize for Explanations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.phrases.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Explanations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let phrases = Vec::<String>::deserialize(deserializer)?;
        Explanations::new(phrases)
            .ok_or_else(|| serde::de::Error::custom("name-explaining phrases that do not compile"))
    }
}

/// A term of a matcher, ready for the automaton.
pub(crate) struct Term {
    pub rule: usize,
    pub matcher: usize,
    /// The literal, normalised like document text.
    pub literal: String,
    /// Written with a trailing `*`: the match runs on to the end of the word.
    pub prefix: bool,
}

/// Everything the rule set is built from.
#[derive(Default)]
pub(crate) struct Loaded {
    pub packs: Vec<Pack>,
    pub rules: Vec<Rule>,
    pub terms: Vec<Term>,
    /// `(rule, matcher, pattern)` for matches that cannot be literals.
    pub patterns: Vec<(usize, usize, String)>,
    /// Phrases that contain terms but are fine, with the rule each shields: a rule's own
    /// `ignore` phrases shield only that rule; a pack's `names` (`None`) shield every rule.
    pub ignores: Vec<(String, Option<usize>)>,
}

/// Parses and validates packs, collecting every mistake rather than stopping at the first.
pub(crate) fn load(sources: &[PackSource]) -> Result<Loaded, Vec<PackError>> {
    let mut loaded = Loaded::default();
    let mut errors = Vec::new();
    for source in sources {
        if let Err(mut errs) = load_pack(source, &mut loaded) {
            errors.append(&mut errs);
        }
    }
    let mut seen = BTreeMap::new();
    for rule in &loaded.rules {
        if let Some(first) = seen.insert(rule.id.as_str(), rule.origin.as_str()) {
            errors.push(PackError::whole(
                &rule.origin,
                format!("rule `{}` is already defined in {first}", rule.id),
            ));
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

fn load_pack(source: &PackSource, loaded: &mut Loaded) -> Result<(), Vec<PackError>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for file in &source.files {
        match toml::from_str::<RuleFile>(&file.text) {
            Ok(rule_file) => parsed.push((file, rule_file)),
            Err(err) => errors.push(PackError::at(
                &file.origin,
                &file.text,
                err.span(),
                err.message().trim().to_string(),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut headers = parsed
        .iter_mut()
        .filter_map(|(file, rule_file)| rule_file.pack.take().map(|spec| (*file, spec)));
    let Some((header_file, spec)) = headers.next() else {
        let origin = source
            .files
            .first()
            .map_or("<empty pack>", |f| f.origin.as_str());
        return Err(vec![PackError::whole(
            origin,
            "this rule pack has no `[pack]` table naming it".into(),
        )]);
    };
    if let Some((file, _)) = headers.next() {
        return Err(vec![PackError::whole(
            &file.origin,
            format!(
                "a second `[pack]` table; the pack is already named in {}",
                header_file.origin
            ),
        )]);
    }
    let ctx = PackContext::new(header_file, spec, loaded, &mut errors);
    for (file, rule_file) in parsed {
        for rule in rule_file.rule {
            ctx.add_rule(file, rule, loaded, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A pack's name and word lists, while its rules are being read.
struct PackContext {
    name: String,
    index: usize,
    vocab: BTreeMap<String, Vec<String>>,
    /// A pack built into concord, whose patterns its tests compile: they are compiled when a
    /// document first needs them, not as the pack loads.
    builtin: bool,
}

impl PackContext {
    fn new(
        file: &RuleFileSource,
        spec: PackSpec,
        loaded: &mut Loaded,
        errors: &mut Vec<PackError>,
    ) -> Self {
        let empty = BTreeMap::new();
        let mut vocab = BTreeMap::new();
        for (list, words) in spec.vocab {
            let mut expanded = Vec::new();
            for word in words {
                match expand(word.get_ref(), &empty) {
                    Ok(mut forms) => expanded.append(&mut forms),
                    Err(msg) => errors.push(located(file, &word, msg)),
                }
            }
            vocab.insert(list, expanded);
        }
        let ctx = PackContext {
            name: spec.name.get_ref().clone(),
            index: loaded.packs.len(),
            vocab,
            builtin: file.origin.starts_with(crate::builtin::ORIGIN_PREFIX),
        };
        let example_introducers = spec
            .mentions
            .examples
            .iter()
            .map(|e| e.to_lowercase())
            .collect();
        let pack_name = spec.name.clone();
        let introducers = (!spec.mentions.introducers.is_empty())
            .then(|| {
                let condition = ConditionSpec {
                    any: spec.mentions.introducers,
                    except: Vec::new(),
                    pattern: None,
                    within: Some(spec.mentions.window),
                    side: Side::Before,
                    scope: Scope::Sentence,
                    linked_by: Vec::new(),
                    singular: None,
                };
                ctx.condition(file, &condition, &pack_name, errors)
            })
            .flatten();
        let mut names = Vec::new();
        for name in &spec.names {
            names.extend(ctx.phrases(file, name, errors));
        }
        loaded
            .ignores
            .extend(names.into_iter().map(|name| (name, None)));
        loaded.packs.push(Pack {
            name: ctx.name.clone(),
            summary: spec.summary,
            version: spec.version,
            on_by_default: spec.default == PackDefault::On,
            reading_age: spec.reading_age,
            mention_introducers: introducers,
            example_introducers,
            titles: TitleWords {
                introducers: lowercase(&spec.mentions.titles),
                nouns: lowercase(&spec.mentions.title_nouns),
            },
            explanations: Explanations::new(spec.mentions.explanations),
        });
        ctx
    }

    fn add_rule(
        &self,
        file: &RuleFileSource,
        spec: crate::schema::RuleSpec,
        loaded: &mut Loaded,
        errors: &mut Vec<PackError>,
    ) {
        let id = spec.id.get_ref();
        if id
            .split_once('/')
            .is_none_or(|(pack, name)| pack != self.name || name.is_empty())
        {
            errors.push(located(
                file,
                &spec.id,
                format!("rule id `{id}` must be `{}/<name>`", self.name),
            ));
        }
        if spec.matchers.is_empty() {
            errors.push(located(
                file,
                &spec.id,
                format!("rule `{id}` has no `[[rule.match]]` table"),
            ));
        }
        let rule_index = loaded.rules.len();
        let terms_before = loaded.terms.len();
        let conditions = |specs: &[ConditionSpec], errors: &mut Vec<PackError>| -> Vec<Condition> {
            specs
                .iter()
                .filter_map(|cond| self.condition(file, cond, &spec.id, errors))
                .collect()
        };
        // The rule's own conditions apply to every matcher.
        let requires = conditions(&spec.requires, errors);
        let unless = conditions(&spec.unless, errors);
        let mut matchers = Vec::new();
        for (matcher_index, m) in spec.matchers.into_iter().enumerate() {
            match &m.sentences_longer_than {
                None if m.terms.is_empty() && m.patterns.is_empty() => errors.push(located(
                    file,
                    &spec.id,
                    format!(
                        "match {} of rule `{id}` has neither `terms` nor `patterns`",
                        matcher_index + 1
                    ),
                )),
                Some(limit) if !m.terms.is_empty() || !m.patterns.is_empty() => {
                    errors.push(located(
                        file,
                        limit,
                        "`sentences_longer_than` measures sentences, so its match takes no \
                         `terms` or `patterns`"
                            .into(),
                    ));
                }
                Some(limit) if *limit.get_ref() == 0 => errors.push(located(
                    file,
                    limit,
                    "`sentences_longer_than` must be at least 1".into(),
                )),
                _ => {}
            }
            for term in &m.terms {
                for phrase in self.phrases(file, term, errors) {
                    let (literal, prefix) = match phrase.strip_suffix('*') {
                        Some(stem) => (stem.to_string(), true),
                        None => (phrase, false),
                    };
                    loaded.terms.push(Term {
                        rule: rule_index,
                        matcher: matcher_index,
                        literal,
                        prefix,
                    });
                }
            }
            for pattern in &m.patterns {
                if self.builtin {
                    loaded
                        .patterns
                        .push((rule_index, matcher_index, pattern.get_ref().clone()));
                    continue;
                }
                match regex::Regex::new(pattern.get_ref()) {
                    Ok(regex) if regex.is_match("") => errors.push(located(
                        file,
                        pattern,
                        "this pattern also matches empty text; make it match at least one letter"
                            .into(),
                    )),
                    Ok(_) => {
                        loaded
                            .patterns
                            .push((rule_index, matcher_index, pattern.get_ref().clone()))
                    }
                    Err(err) => errors.push(located(file, pattern, invalid_pattern(&err))),
                }
            }
            let concern = match &m.concern {
                Some(name) if !is_kebab(name.get_ref()) => {
                    errors.push(located(
                        file,
                        name,
                        format!(
                            "concern `{}` must be lowercase words joined by hyphens",
                            name.get_ref()
                        ),
                    ));
                    None
                }
                Some(name) => Some(format!("{id}/{}", name.get_ref())),
                None => None,
            };
            matchers.push(Matcher {
                case: m.case,
                requires: conditions(&m.requires, errors),
                unless: conditions(&m.unless, errors),
                except: m.except.into_iter().collect(),
                severity: m.severity,
                message: m.message,
                suggestions: m.suggestions,
                fix: m.fix,
                first_only: m.first_only,
                concern,
                sentences_longer_than: m.sentences_longer_than.map(|n| n.into_inner()),
            });
        }
        let terms = loaded.terms.len() - terms_before;
        if terms > MAX_TERMS_PER_RULE {
            errors.push(located(
                file,
                &spec.id,
                format!(
                    "rule `{id}` expands to {terms} terms, more than {MAX_TERMS_PER_RULE}; use fewer or shorter word lists"
                ),
            ));
            loaded.terms.truncate(terms_before);
        }
        for phrase in &spec.ignore {
            let phrases = self.phrases(file, phrase, errors);
            loaded
                .ignores
                .extend(phrases.into_iter().map(|p| (p, Some(rule_index))));
        }
        let mut concerns: Vec<String> = matchers.iter().filter_map(|m| m.concern.clone()).collect();
        concerns.dedup();
        loaded.rules.push(Rule {
            id: id.clone(),
            concerns,
            pack: self.name.clone(),
            severity: spec.severity,
            summary: spec.summary,
            message: spec.message,
            rationale: spec.rationale,
            source: spec.source,
            suggestions: spec.suggestions,
            fix: spec.fix,
            flag_examples: spec.examples.flag,
            pass_examples: spec.examples.pass,
            origin: file.origin.clone(),
            pack_index: self.index,
            mentions: spec.mentions,
            requires,
            unless,
            matchers,
        });
    }

    /// The phrases a term or name stands for, normalised like document text.
    fn phrases(
        &self,
        file: &RuleFileSource,
        phrase: &Spanned<String>,
        errors: &mut Vec<PackError>,
    ) -> Vec<String> {
        match expand(phrase.get_ref(), &self.vocab) {
            Ok(forms) => forms
                .into_iter()
                .map(|form| Normalized::new(form.trim()).text)
                .filter(|form| {
                    let ok = !form.trim_end_matches('*').is_empty();
                    if !ok {
                        errors.push(located(file, phrase, "a term expands to nothing".into()));
                    }
                    ok
                })
                .collect(),
            Err(msg) => {
                errors.push(located(file, phrase, msg));
                Vec::new()
            }
        }
    }

    /// Compiles a condition's words into whole-word phrases found in any case, or its pattern
    /// as written. A condition that could never decide anything (no words, or a
    /// pattern that matches empty text) is an error at `owner` (its rule's id or pack's name),
    /// rather than silently dropped, which would make its rule fire everywhere.
    fn condition(
        &self,
        file: &RuleFileSource,
        spec: &ConditionSpec,
        owner: &Spanned<String>,
        errors: &mut Vec<PackError>,
    ) -> Option<Condition> {
        let words = match &spec.pattern {
            Some(pattern) => {
                if !spec.any.is_empty() || !spec.except.is_empty() {
                    errors.push(located(
                        file,
                        pattern,
                        "a condition has either `any` (with its `except`) or `pattern`, not both"
                            .into(),
                    ));
                }
                self.condition_pattern(file, pattern, spec.scope, errors)?
            }
            None => {
                if spec.any.is_empty() {
                    errors.push(located(
                        file,
                        owner,
                        format!(
                            "a condition of `{}` has no words: give it `any = [\"…\"]` or a `pattern`",
                            owner.get_ref()
                        ),
                    ));
                }
                Words::Phrases(self.phrase_set(file, &spec.any, &spec.except, owner, errors)?)
            }
        };
        if spec.scope == Scope::DocumentBefore
            && (spec.within.is_some() || !spec.linked_by.is_empty() || spec.side == Side::After)
        {
            errors.push(located(
                file,
                owner,
                format!(
                    "a `document-before` condition of `{}` looks at everything before the match: \
                     it takes no `within`, `linked_by` or `side = \"after\"`",
                    owner.get_ref()
                ),
            ));
            return None;
        }
        let linked_by = if spec.linked_by.is_empty() {
            None
        } else {
            Some(self.phrase_set(file, &spec.linked_by, &[], owner, errors)?)
        };
        if let Some(singular) = &spec.singular
            && !matches!(words, Words::WithMatch(_))
        {
            errors.push(located(
                file,
                singular,
                "`singular` says what `$0` stands for: it needs a `pattern` with `$0`".into(),
            ));
            return None;
        }
        Some(Condition {
            words,
            within: spec.within,
            side: spec.side,
            scope: spec.scope,
            linked_by,
            singular: spec.singular.as_ref().is_some_and(|s| *s.get_ref()),
        })
    }

    /// Compiles a condition's `pattern`. `$0` (the matched text) is kept as written when the
    /// condition looks at the document before the match, and is an error elsewhere: there each
    /// match would need a regex of its own.
    fn condition_pattern(
        &self,
        file: &RuleFileSource,
        pattern: &Spanned<String>,
        scope: Scope,
        errors: &mut Vec<PackError>,
    ) -> Option<Words> {
        let text = pattern.get_ref();
        let with_match = text.contains(MATCH_PLACEHOLDER);
        if with_match && scope != Scope::DocumentBefore {
            errors.push(located(
                file,
                pattern,
                "`$0` (the matched text) can only be used with scope = \"document-before\"".into(),
            ));
            return None;
        }
        if self.builtin {
            return Some(if with_match {
                Words::WithMatch(Template::new(text.clone()))
            } else {
                Words::Pattern(LazyRegex::new(text.clone()))
            });
        }
        if with_match {
            return match Parts::compile_all(text) {
                Ok(_) => Some(Words::WithMatch(Template::new(text.clone()))),
                Err(message) => {
                    errors.push(located(file, pattern, message));
                    None
                }
            };
        }
        match regex::Regex::new(text) {
            Ok(regex) if regex.is_match("") => {
                errors.push(located(
                    file,
                    pattern,
                    "this condition's pattern also matches empty text, so it always holds".into(),
                ));
                None
            }
            Ok(regex) => Some(Words::Pattern(LazyRegex::compiled(regex))),
            Err(err) => {
                errors.push(located(file, pattern, invalid_pattern(&err)));
                None
            }
        }
    }

    /// Whole-word `phrases` (with `{list}`, `(a|b)` and `*`), in any case; none if there are
    /// none. A pack loaded at run time builds their automaton now, so phrases too many to build
    /// one are an error at `owner` rather than phrases found nowhere.
    fn phrase_set(
        &self,
        file: &RuleFileSource,
        phrases: &[Spanned<String>],
        shields: &[Spanned<String>],
        owner: &Spanned<String>,
        errors: &mut Vec<PackError>,
    ) -> Option<Phrases> {
        let mut expand = |list: &[Spanned<String>]| -> Vec<String> {
            list.iter()
                .flat_map(|phrase| self.phrases(file, phrase, errors))
                .collect()
        };
        let (phrases, shields) = (expand(phrases), expand(shields));
        let set = Some(Phrases::new(phrases, shields)).filter(|set| !set.is_empty())?;
        if !self.builtin && set.automaton().is_none() {
            errors.push(located(
                file,
                owner,
                format!(
                    "a condition of `{}` has too many or too long phrases",
                    owner.get_ref()
                ),
            ));
            return None;
        }
        Some(set)
    }
}

/// Whether `name` is lowercase words joined by hyphens, like a rule's own name.
fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn lowercase(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// A regex error in one line: the regex crate's last line says what is wrong.
fn invalid_pattern(err: &regex::Error) -> String {
    let text = err.to_string();
    let what = text
        .lines()
        .last()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    format!("invalid pattern: {what}")
}

fn located<T>(file: &RuleFileSource, at: &Spanned<T>, message: String) -> PackError {
    PackError::at(&file.origin, &file.text, Some(at.span()), message)
}

//! Checking a text: one scan, then context, then one finding per span.
//!
//! 1. Normalise the text (see `normalize`) and scan it once with the automaton of all literal
//!    terms, reporting overlapping matches so that a failed long match never hides a shorter one.
//! 2. Keep matches that start and end on word boundaries; collect ignore phrases and names.
//! 3. Drop candidates inside an ignore phrase, and sort the rest leftmost-longest, ties broken
//!    by specificity.
//! 4. Walk them in that order, choosing each that fits its context (conditions, quoted or
//!    introduced mentions, citations, titles). A candidate inside a chosen one, inside a
//!    mention, or repeating the words of a `first_only` match already chosen is passed over
//!    without looking at its context, so a document pays for the context of few candidates.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;

use crate::block::{Block, BlockKind, block_at, lead_in};
use crate::boundary::{ends_word, is_whole_words, starts_word, word_end};
use crate::context::{self, Context};
use crate::finding::{Finding, fill_in, fits_article, starts_sentence};
use crate::limits::{Found, Limits};
use crate::normalize::Normalized;
use crate::policy::Policy;
use crate::rule::Condition;
use crate::ruleset::{Entry, RuleSet};
use crate::schema::MentionMode;
use crate::sentences;

/// How many candidates are tried between looks at [`Limits::stop`]: often enough that a
/// stopped check ends within milliseconds, rarely enough to cost nothing.
const STOP_CHECK_EVERY: usize = 256;

/// The shortest stretch of a long document scanned on a core of its own: shorter ones cost
/// more to hand out than they save.
const STRETCH: usize = 2 << 20;

/// Candidates and shielding phrases (with the rule each shields, `None` for every rule).
type Scanned = (Vec<Candidate>, Vec<(Range<usize>, Option<usize>)>);

/// How many places `candidates` (sorted leftmost-longest) hold after byte `from`: each run of
/// overlapping candidates is one place.
fn places<'c>(from: usize, candidates: impl Iterator<Item = &'c Candidate>) -> usize {
    let (mut count, mut end) = (0, from);
    for c in candidates {
        if c.span.start >= end {
            count += 1;
            end = c.span.end;
        }
    }
    count
}

/// A possible finding, in normalised-text offsets, before context and overlaps are settled.
struct Candidate {
    span: Range<usize>,
    rule: usize,
    matcher: usize,
    /// Found by a literal term rather than a pattern; literals are more specific.
    literal: bool,
}

impl RuleSet {
    /// Checks `source`, one paragraph, and returns its findings in text order.
    pub fn check<'r>(&'r self, source: &str) -> Vec<Finding<'r>> {
        self.check_with(source, &Policy::new())
    }

    /// Checks `source`, one paragraph, under a project's `policy`.
    pub fn check_with<'r>(&'r self, source: &str, policy: &Policy) -> Vec<Finding<'r>> {
        self.check_blocks(source, &[Block::paragraph(0..source.len())], policy)
    }

    /// Checks `source`, divided into `blocks` (sorted, separated by whitespace, as a document
    /// format found them), under a project's `policy`: rules that are off never match (so they
    /// cannot hide another rule's match), allowed phrases shield what is inside them, and
    /// severities are overridden. No phrase runs from one block into the next.
    pub fn check_blocks<'r>(
        &'r self,
        source: &str,
        blocks: &[Block],
        policy: &Policy,
    ) -> Vec<Finding<'r>> {
        self.check_within(source, blocks, policy, &Limits::default())
            .findings
    }

    /// [`RuleSet::check_blocks`] within `limits`: at most `max_findings` findings are built
    /// (the rest are counted), and the check ends early, with what it found so far, once
    /// `limits.stop` is set.
    pub fn check_within<'r>(
        &'r self,
        source: &str,
        blocks: &[Block],
        policy: &Policy,
        limits: &Limits<'_>,
    ) -> Found<'r> {
        let normalized = Normalized::with_blocks(source, blocks);
        let text = normalized.text.as_str();
        let (mut candidates, ignored) = self.scan(text, limits);
        // Whether each rule's matchers are on, asked of the policy once per document rather
        // than once per candidate (a pack that is off, such as `plain`, still has its words
        // found by the one scan).
        let enabled: Vec<Vec<bool>> = self
            .rules
            .iter()
            .map(|rule| {
                let on = policy.is_enabled(&rule.id);
                rule.matchers
                    .iter()
                    .map(|m| on && m.concern.as_deref().is_none_or(|c| policy.is_enabled(c)))
                    .collect()
            })
            .collect();
        candidates.retain(|c| enabled[c.rule][c.matcher]);
        let mut everywhere = policy.allowed_spans(text);
        let mut by_rule: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.rules.len()];
        for (span, rule) in ignored {
            match rule {
                Some(rule) => by_rule[rule].push(span),
                None => everywhere.push(span),
            }
        }
        let everywhere = Covered::new(everywhere);
        let by_rule: Vec<Covered> = by_rule.into_iter().map(Covered::new).collect();
        candidates.retain(|c| !everywhere.covers(&c.span) && !by_rule[c.rule].covers(&c.span));
        let mut ctx = Context::new(text);
        for (i, c) in candidates.iter().enumerate() {
            if i % STOP_CHECK_EVERY == 0 && limits.stopped() {
                break;
            }
            for condition in self.conditions(c) {
                ctx.note_match(condition, &c.span);
            }
        }
        candidates.sort_unstable_by_key(|c| {
            (
                c.span.start,
                Reverse(c.span.end),
                !c.literal,
                self.matcher_order[c.rule][c.matcher],
            )
        });
        // Leftmost-longest, in that order: a candidate is tried against its context only when
        // nothing chosen already covers it, no mention before it shields it, and (for a
        // `first_only` matcher) its words have not been chosen yet.
        let mut chosen = Vec::new();
        let (mut unchecked, mut stopped) = (0, false);
        let mut chosen_end = 0;
        let mut shielded_end = 0;
        let mut first_uses = HashSet::new();
        let mut rest = candidates.into_iter();
        let mut tried = 0;
        while let Some(c) = rest.next() {
            if tried % STOP_CHECK_EVERY == 0 && limits.stopped() {
                stopped = true;
                break;
            }
            tried += 1;
            if chosen.len() == limits.max_findings {
                // The budget is spent: the rest are counted, never checked, so the work stays
                // bounded by the budget however many matches a document holds.
                unchecked = places(chosen_end, std::iter::once(&c).chain(rest.as_slice()));
                break;
            }
            let first_only = self.rules[c.rule].matchers[c.matcher].first_only;
            let words = &text[c.span.clone()];
            if c.span.start < chosen_end
                || c.span.end <= shielded_end
                || (first_only && first_uses.contains(&(c.rule, words)))
            {
                continue;
            }
            let block = || block_at(blocks, normalized.to_source(c.span.start));
            let cites = || block().is_some_and(|b| b.cites);
            // A heading is not a title: "Combating Online Radicalisation" is the writer's words.
            let heading =
                || block().is_some_and(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Title));
            let lead_in = || {
                lead_in(blocks, normalized.to_source(c.span.start), source)
                    .map(|b| normalized.to_text(b.range.start)..normalized.to_text(b.range.end))
            };
            match self.fits_context(&c, text, cites, heading, lead_in, &mut ctx) {
                Fit::Yes => {
                    chosen_end = c.span.end;
                    if first_only {
                        first_uses.insert((c.rule, words));
                    }
                    chosen.push(c);
                }
                Fit::No => {}
                // A mention shields every term inside it ("so-called Islamic State" in quotes
                // is not a use of "Islamic State" either), and the short form in brackets right
                // after it: "known as the Islamic State of Iraq and the Levant (ISIS)".
                Fit::Mention => {
                    shielded_end =
                        shielded_end.max(c.span.end + bracketed_after(&text[c.span.end..]));
                }
            }
        }
        let mut findings: Vec<Finding<'r>> = chosen
            .into_iter()
            .map(|c| self.finding(c, &normalized, source))
            .collect();
        if !stopped {
            let budget = limits.max_findings.saturating_sub(findings.len());
            let sentences = self.long_sentences(&normalized, blocks, &enabled);
            unchecked += sentences.len().saturating_sub(budget);
            findings.extend(sentences.into_iter().take(budget));
            findings.sort_by_key(|f| f.span.start);
        }
        for finding in &mut findings {
            // A concern's own level wins over its rule's.
            finding.severity = policy.severity(&finding.rule.id, finding.severity);
            if let Some(concern) = finding.concern {
                finding.severity = policy.severity(concern, finding.severity);
            }
        }
        Found {
            findings,
            unchecked,
            stopped,
        }
    }

    /// The single scan: literal terms, ignore phrases, then the few non-literal patterns. A
    /// long document is scanned in stretches, one per core, cut at breaks between blocks (no
    /// term runs across one), and the stretches' finds are joined in order.
    fn scan(&self, text: &str, limits: &Limits<'_>) -> Scanned {
        self.scan_stretches(text, stretches(text, rayon::current_num_threads()), limits)
    }

    /// [`RuleSet::scan`] of `text` cut into `stretches`, each on a core of its own.
    fn scan_stretches(
        &self,
        text: &str,
        stretches: Vec<Range<usize>>,
        limits: &Limits<'_>,
    ) -> Scanned {
        if let [whole] = stretches.as_slice() {
            return self.scan_stretch(text, whole.clone(), limits);
        }
        let scanned: Vec<Scanned> = stretches
            .into_par_iter()
            .map(|stretch| self.scan_stretch(text, stretch, limits))
            .collect();
        let mut joined = (
            Vec::with_capacity(scanned.iter().map(|s| s.0.len()).sum()),
            Vec::with_capacity(scanned.iter().map(|s| s.1.len()).sum()),
        );
        for (candidates, ignored) in scanned {
            joined.0.extend(candidates);
            joined.1.extend(ignored);
        }
        joined
    }

    /// The scan of the matches starting in `text[stretch]` (the text around it is context for
    /// word boundaries). Both literals and patterns must start and end on word boundaries.
    fn scan_stretch(&self, text: &str, stretch: Range<usize>, limits: &Limits<'_>) -> Scanned {
        let mut candidates = Vec::new();
        let mut ignored = Vec::new();
        for (i, (pattern, span)) in self.literal_matches(text, stretch.clone()).enumerate() {
            if i % (STOP_CHECK_EVERY * 16) == 0 && limits.stopped() {
                break;
            }
            if !starts_word(text, span.start) {
                continue;
            }
            for entry in &self.entries[pattern] {
                match entry {
                    Entry::Ignore { rule } => {
                        if ends_word(text, span.end) {
                            ignored.push((span.start..span.end, *rule));
                        }
                    }
                    Entry::Term {
                        rule,
                        matcher,
                        prefix,
                        capitals,
                    } => {
                        let end = if *prefix {
                            word_end(text, span.end)
                        } else if ends_word(text, span.end) {
                            span.end
                        } else {
                            continue;
                        };
                        if capitals
                            .as_deref()
                            .is_some_and(|term| !capitals_match(term, &text[span.start..]))
                        {
                            continue;
                        }
                        candidates.push(Candidate {
                            span: span.start..end,
                            rule: *rule,
                            matcher: *matcher,
                            literal: true,
                        });
                    }
                }
            }
        }
        if let Some(patterns) = self.patterns() {
            let input = regex_automata::Input::new(text).range(stretch.start..text.len());
            for m in patterns.find_iter(input) {
                if m.start() >= stretch.end {
                    break;
                }
                if m.is_empty() || !is_whole_words(text, &m.range()) {
                    continue;
                }
                let (rule, matcher) = self.pattern_owners[m.pattern().as_usize()];
                candidates.push(Candidate {
                    span: m.range(),
                    rule,
                    matcher,
                    literal: false,
                });
            }
        }
        (candidates, ignored)
    }

    /// Whether `c` fits its context; `cites` says whether its block carries a citation marker,
    /// `heading` whether it is a heading, and `lead_in` where the lead-in of its list or table is
    /// (each asked only when it matters).
    fn fits_context(
        &self,
        c: &Candidate,
        text: &str,
        cites: impl Fn() -> bool,
        heading: impl Fn() -> bool,
        lead_in: impl Fn() -> Option<Range<usize>>,
        ctx: &mut Context<'_>,
    ) -> Fit {
        let rule = &self.rules[c.rule];
        let matcher = &rule.matchers[c.matcher];
        let matched = &text[c.span.clone()];
        let skip_mentions = rule.mentions == MentionMode::Skip;
        if matcher.except.contains(matched) {
            return Fit::No;
        }
        if skip_mentions && context::is_quoted(text, &c.span) {
            return Fit::Mention;
        }
        // An item of a list or table is read with its lead-in ("Warning signs:"), once; so is an
        // item of a list inside a sentence ("Warning signs: …; …").
        let mut lead = None;
        let mut holds = |cond: &Condition, ctx: &mut Context<'_>| {
            ctx.holds(cond, &c.span)
                || lead
                    .get_or_insert_with(|| lead_in().or_else(|| ctx.inline_lead_in(&c.span)))
                    .as_ref()
                    .is_some_and(|lead| ctx.holds_in_lead_in(cond, lead))
        };
        if !matcher
            .requires
            .iter()
            .chain(&rule.requires)
            .all(|cond| holds(cond, ctx))
            || matcher
                .unless
                .iter()
                .chain(&rule.unless)
                .any(|cond| holds(cond, ctx))
        {
            return Fit::No;
        }
        if skip_mentions {
            let pack = &self.packs[rule.pack_index];
            let block = ctx.block(&c.span);
            if context::is_in_citation(text, &c.span, &block, cites)
                || context::is_in_quoted_example(text, &c.span, &block, &pack.example_introducers)
                || pack
                    .mention_introducers
                    .as_ref()
                    .is_some_and(|intro| ctx.holds(intro, &c.span))
                || context::is_in_name_explanation(
                    text,
                    &c.span,
                    &block,
                    pack.explanations.as_ref().map(|e| &e.automaton),
                )
            {
                return Fit::Mention;
            }
            if !heading() && pack.titles.contain(text, &block, &c.span) {
                return Fit::Mention;
            }
        }
        Fit::Yes
    }

    /// Every condition a candidate's match is tried against: its matcher's and its rule's.
    fn conditions(&self, c: &Candidate) -> impl Iterator<Item = &Condition> {
        let rule = &self.rules[c.rule];
        let matcher = &rule.matchers[c.matcher];
        (matcher.requires.iter().chain(&rule.requires))
            .chain(matcher.unless.iter().chain(&rule.unless))
    }

    fn finding<'r>(&'r self, c: Candidate, normalized: &Normalized, source: &str) -> Finding<'r> {
        let rule = &self.rules[c.rule];
        let matcher = &rule.matchers[c.matcher];
        let span = normalized.to_source(c.span.start)..normalized.to_source(c.span.end);
        let matched = &source[span.clone()];
        let opens = starts_sentence(&normalized.text, c.span.start);
        Finding {
            rule,
            severity: matcher.severity.unwrap_or(rule.severity),
            message: Cow::Borrowed(matcher.message.as_deref().unwrap_or(&rule.message)),
            span,
            suggestions: matcher
                .suggestions
                .as_ref()
                .unwrap_or(&rule.suggestions)
                .iter()
                .map(|s| fill_in(matched, s, opens))
                .collect(),
            // A fix that would leave "an Daesh" or "a Islamist" is not offered: the words
            // before the span are not the fix's to change.
            fix: matcher
                .fix
                .as_ref()
                .or(rule.fix.as_ref())
                .map(|f| fill_in(matched, f, opens))
                .filter(|f| fits_article(&normalized.text[..c.span.start], f)),
            concern: matcher.concern.as_deref(),
        }
    }
}

impl RuleSet {
    /// The findings of every `sentences_longer_than` matcher that is on (`enabled`, by rule and
    /// matcher): each sentence of a paragraph, list item, quotation or cell (headings and
    /// titles are not sentences) with more words than the matcher allows, whose message's
    /// `$words` is its count.
    fn long_sentences<'r>(
        &'r self,
        normalized: &Normalized,
        blocks: &[Block],
        enabled: &[Vec<bool>],
    ) -> Vec<Finding<'r>> {
        let mut findings = Vec::new();
        for (rule, on) in self.rules.iter().zip(enabled) {
            for (matcher, _) in rule.matchers.iter().zip(on).filter(|(_, on)| **on) {
                let Some(limit) = matcher.sentences_longer_than else {
                    continue;
                };
                let message = matcher.message.as_deref().unwrap_or(&rule.message);
                for (span, words) in sentences::longer_than(&normalized.text, limit) {
                    let span = normalized.to_source(span.start)..normalized.to_source(span.end);
                    let heading = block_at(blocks, span.start)
                        .is_some_and(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Title));
                    if heading {
                        continue;
                    }
                    findings.push(Finding {
                        rule,
                        severity: matcher.severity.unwrap_or(rule.severity),
                        message: Cow::Owned(message.replace("$words", &words.to_string())),
                        span,
                        suggestions: Vec::new(),
                        fix: None,
                        concern: matcher.concern.as_deref(),
                    });
                }
            }
        }
        findings
    }
}

/// `text` cut into at most `parts` stretches of at least [`STRETCH`] bytes, each ending at a
/// break between blocks; one stretch if the text is short or has no break.
fn stretches(text: &str, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.min(text.len() / STRETCH).max(1);
    let mut cuts = vec![0];
    for part in 1..parts {
        let from = (text.len() / parts * part).max(*cuts.last().unwrap_or(&0));
        if let Some(at) = memchr::memchr(b'\n', &text.as_bytes()[from..]) {
            cuts.push(from + at + 1);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// How many bytes of `after` are a short bracketed form right after a mention: ` (ISIS)`.
fn bracketed_after(after: &str) -> usize {
    let trimmed = after.trim_start_matches(' ');
    let Some(inside) = trimmed.strip_prefix('(') else {
        return 0;
    };
    match inside.find(')') {
        Some(close) if close <= 24 && !inside[..close].contains(['(', '\n']) => {
            after.len() - trimmed.len() + close + 2
        }
        _ => 0,
    }
}

/// Whether a candidate fits its context.
enum Fit {
    Yes,
    No,
    /// The words are talked about, not used: nothing inside them is flagged.
    Mention,
}

/// Spans that shield what lies inside them (ignore phrases, names, mentions).
struct Covered {
    starts: Vec<usize>,
    /// The furthest end among spans starting at or before each position of `starts`.
    max_ends: Vec<usize>,
}

impl Covered {
    fn new(mut spans: Vec<Range<usize>>) -> Self {
        spans.sort_by_key(|s| s.start);
        let mut furthest = 0;
        let max_ends = spans
            .iter()
            .map(|s| {
                furthest = furthest.max(s.end);
                furthest
            })
            .collect();
        Covered {
            starts: spans.iter().map(|s| s.start).collect(),
            max_ends,
        }
    }

    fn covers(&self, span: &Range<usize>) -> bool {
        let i = self.starts.partition_point(|&start| start <= span.start);
        i > 0 && self.max_ends[i - 1] >= span.end
    }
}

/// Whether the capitals of `term` are capitals at the start of `text`.
fn capitals_match(term: &str, text: &str) -> bool {
    term.bytes()
        .zip(text.bytes())
        .all(|(t, x)| !t.is_ascii_uppercase() || t == x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_scanned_in_stretches_finds_what_one_scan_finds() {
        let rules = RuleSet::builtin();
        let paragraph = "The MASH met. Islamic State and ISIS recruiters target Muslim youth; \
            radicalisation, a radical overhaul, www.example.org and extremism in the SIU (CTU).\n";
        let text = paragraph.repeat(STRETCH * 3 / paragraph.len() + 1);
        let parts = stretches(&text, 4);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| text[..p.end].ends_with('\n')));
        let limits = Limits::default();
        let sorted = |(candidates, mut ignored): Scanned| {
            let mut found: Vec<_> = candidates
                .into_iter()
                .map(|c| (c.span.start, c.span.end, c.rule, c.matcher, c.literal))
                .collect();
            found.sort_unstable();
            ignored.sort_unstable_by_key(|(span, rule)| (span.start, span.end, *rule));
            (found, ignored)
        };
        let whole = sorted(rules.scan_stretch(&text, 0..text.len(), &limits));
        assert!(whole.0.len() > 1000);
        assert_eq!(sorted(rules.scan_stretches(&text, parts, &limits)), whole);
    }
}

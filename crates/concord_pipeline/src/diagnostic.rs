//! A finished diagnostic: everything any channel shows or applies, worked out once.

use std::ops::Range;

use concord_engine::Severity;
use concord_formats::Document;

/// One problem found in a document, owned and complete.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Rule id, for example `cohesion/daesh-naming`.
    pub rule: String,
    /// The part of the rule that found it, for rules that name their parts
    /// (`cohesion/group-objectification/gendered-nouns`).
    pub concern: Option<String>,
    /// Severity after configuration.
    pub severity: Severity,
    /// One sentence: what was found and why it matters.
    pub message: String,
    /// The exact words found, as a reader sees them (markup and entities resolved).
    pub matched: String,
    /// Where the words are.
    pub location: Location,
    /// Where the words are in the document's prose (what a reader of a rendered page sees), for
    /// findings of the rules; `None` for diagnostics about the file itself.
    pub in_prose: Option<InProse>,
    /// What to write instead, best first.
    pub suggestions: Vec<String>,
    /// What to write in place of the words, and how surely: the rule's own replacement (safe,
    /// or display-only where the words cannot be edited in place), else the first suggestion
    /// where the words can be edited (unsafe: it needs a person's judgement).
    pub fix: Option<Fix>,
    /// Source bytes that hold the words, for edits: the words of each text piece, the markup
    /// between them left out. Empty when the words cannot be edited in place.
    pub(crate) targets: Vec<Range<usize>>,
}

/// Where a diagnostic's words are in the document's prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InProse {
    /// The words' bytes.
    pub words: Range<usize>,
    /// The bytes of the block (paragraph, heading, list item) that holds them.
    pub block: Range<usize>,
}

/// Where a diagnostic's words are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Source bytes of a text document (plain text, Markdown, HTML).
    Source(Range<usize>),
    /// A block of an office file or PDF: the place a reader finds it, and the words' bytes in
    /// the document's prose.
    Block {
        /// `paragraph 12`, `table 2 row 3 cell 1`, `footnote 4`, `page 3`.
        locator: String,
        /// The words' bytes in [`concord_formats::Document::prose`].
        prose: Range<usize>,
        /// The whole block's bytes in the prose.
        block: Range<usize>,
    },
}

impl Location {
    /// Where the words at `prose` (bytes of the document's prose) are: in the source of a text
    /// document (`text_format`) when they map to it, else by their block's locator.
    pub(crate) fn in_document(document: &Document, text_format: bool, prose: Range<usize>) -> Self {
        match document.source_span(prose.clone()) {
            Some(source) if text_format => Location::Source(source),
            _ => {
                let block = document.block_at(prose.start);
                Location::Block {
                    locator: block.map_or_else(String::new, |(_, locator)| locator.to_string()),
                    block: block.map_or(prose.clone(), |(b, _)| b.range.clone()),
                    prose,
                }
            }
        }
    }

    /// The byte range: in the source for text documents, in the prose for the others.
    pub fn range(&self) -> Range<usize> {
        match self {
            Location::Source(range) | Location::Block { prose: range, .. } => range.clone(),
        }
    }

    /// Whether the range is in source bytes (text documents).
    pub fn in_source(&self) -> bool {
        matches!(self, Location::Source(_))
    }
}

/// A replacement, the edits that write it, and whether it may be applied without a person
/// looking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The words to write instead.
    pub replacement: String,
    /// How it may be applied.
    pub applicability: Applicability,
    /// The source edits that write it (see [`Diagnostic::edits`]); empty when display-only.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Whether the fix may be applied when at least `required` is asked for: a safe fix
    /// always, an unsafe one when unsafe fixes are asked for, a display-only one never.
    pub fn applies(&self, required: Applicability) -> bool {
        self.applicability != Applicability::DisplayOnly && self.applicability >= required
    }
}

/// Whether a fix may be applied automatically, in the manner of ruff's `Applicability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Shown only: the words cannot be edited in place (an office file or PDF, or markup that
    /// an edit would damage).
    DisplayOnly,
    /// Applied on request (`--unsafe`, a quick fix the person chooses).
    Unsafe,
    /// Always right: applied by `--fix` and "fix all".
    Safe,
}

/// One change to source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The source bytes replaced.
    pub range: Range<usize>,
    /// What they are replaced with.
    pub text: String,
}

impl Diagnostic {
    /// The edits that write `replacement` in place of the words: the replacement goes into the
    /// first text piece, the words of the other pieces are removed, and the markup between
    /// them is kept (`<b>Islamic</b> State` becomes `<b>Daesh</b>`). `None` when the words
    /// cannot be edited in place.
    pub fn edits(&self, replacement: &str) -> Option<Vec<Edit>> {
        let (first, rest) = self.targets.split_first()?;
        let mut edits = vec![Edit {
            range: first.clone(),
            text: replacement.to_string(),
        }];
        edits.extend(rest.iter().map(|range| Edit {
            range: range.clone(),
            text: String::new(),
        }));
        Some(edits)
    }

    /// The rule's own replacement, which is always right (whether or not it can be written in
    /// place); `None` when the only fix is a suggestion that needs judgement.
    pub fn rule_fix(&self) -> Option<&Fix> {
        self.fix
            .as_ref()
            .filter(|f| f.applicability != Applicability::Unsafe)
    }

    /// What to write instead, for one-line formats: the rule's fix, or else the first
    /// suggestion.
    pub fn advice(&self) -> Option<&str> {
        self.rule_fix()
            .map(|f| f.replacement.as_str())
            .or(self.suggestions.first().map(String::as_str))
    }

    /// The message followed by what to write instead, for formats that show one line of text.
    pub fn message_with_advice(&self) -> String {
        match self.advice() {
            Some(advice) => format!("{} Write instead: “{advice}”.", self.message),
            None => self.message.clone(),
        }
    }

    /// The replacements a person can choose from, the fix first, each once.
    pub fn replacements(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        let fix = self.rule_fix().map(|f| f.replacement.as_str());
        for text in fix
            .into_iter()
            .chain(self.suggestions.iter().map(String::as_str))
        {
            if !all.contains(&text) {
                all.push(text);
            }
        }
        all
    }
}

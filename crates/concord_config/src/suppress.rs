//! Inline suppressions in Markdown and HTML comments:
//!
//! - `<!-- concord-disable-next-line RULE -->`: the line after the comment;
//! - `<!-- concord-disable RULE -->` … `<!-- concord-enable RULE -->`: everything between;
//! - `<!-- concord-disable-file RULE -->`: the whole file.
//!
//! RULE may be omitted to mean every rule, or list several separated by spaces or commas.
//! A suppression that suppresses nothing is reported, as ruff reports an unused `noqa`.

use std::ops::Range;

/// The rule id concord reports a suppression comment under when it suppresses nothing.
pub const UNUSED_SUPPRESSION: &str = "concord/unused-suppression";

/// What concord says about a suppression comment that suppresses nothing.
pub const UNUSED_SUPPRESSION_MESSAGE: &str =
    "This suppression comment does not suppress anything here; remove it.";

/// What a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The line after the comment.
    NextLine,
    /// From the comment to the matching `concord-enable` (or the end of the file).
    Region,
    /// The whole file.
    File,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it covers.
    pub scope: Scope,
    /// The rules it names; empty means every rule.
    pub rules: Vec<String>,
    /// The comment's source bytes.
    pub source: Range<usize>,
    /// Source bytes it covers.
    covers: Range<usize>,
    used: bool,
}

impl Directive {
    fn names(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule)
    }
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    /// Reads the directives among `comments` (each its text and source bytes) of `source`.
    pub fn parse<'c>(
        source: &str,
        comments: impl IntoIterator<Item = (&'c str, Range<usize>)>,
    ) -> Self {
        let mut directives: Vec<Directive> = Vec::new();
        for (text, span) in comments {
            let mut words = text
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty());
            let scope = match words.next() {
                Some("concord-disable-next-line") => Scope::NextLine,
                Some("concord-disable") => Scope::Region,
                Some("concord-disable-file") => Scope::File,
                Some("concord-enable") => {
                    let rules: Vec<String> = words.map(str::to_string).collect();
                    for open in directives
                        .iter_mut()
                        .filter(|d| d.scope == Scope::Region && d.covers.end == usize::MAX)
                    {
                        if rules.is_empty() || rules == open.rules {
                            open.covers.end = span.start;
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            let covers = match scope {
                Scope::NextLine => next_line(source, span.end),
                Scope::Region => span.end..usize::MAX,
                Scope::File => 0..usize::MAX,
            };
            directives.push(Directive {
                scope,
                rules: words.map(str::to_string).collect(),
                source: span,
                covers,
                used: false,
            });
        }
        Suppressions { directives }
    }

    /// Whether a finding of `rule` (and of its `concern`, if it has one) starting at source byte
    /// `at` is suppressed. Marks the directives that suppress it as used.
    pub fn suppresses(&mut self, rule: &str, concern: Option<&str>, at: usize) -> bool {
        let mut suppressed = false;
        for directive in &mut self.directives {
            let named = directive.names(rule) || concern.is_some_and(|c| directive.names(c));
            if directive.covers.contains(&at) && named {
                directive.used = true;
                suppressed = true;
            }
        }
        suppressed
    }

    /// The directives that suppressed nothing.
    pub fn unused(&self) -> impl Iterator<Item = &Directive> {
        self.directives.iter().filter(|d| !d.used)
    }
}

/// The byte range of the line after the one holding `offset`.
fn next_line(source: &str, offset: usize) -> Range<usize> {
    let start = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(source: &str) -> Vec<(&str, Range<usize>)> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(start) = source[from..].find("<!--").map(|i| from + i) {
            let end = source[start..].find("-->").map(|i| start + i + 3).unwrap();
            found.push((&source[start + 4..end - 3], start..end));
            from = end;
        }
        found
    }

    #[test]
    fn next_line_region_and_file_scopes() {
        let source = "<!-- concord-disable-next-line cohesion/a -->\nA here\nB here\n<!-- concord-disable -->\nC here\n<!-- concord-enable -->\nD here\n<!-- concord-disable-file cohesion/z -->\n";
        let mut s = Suppressions::parse(source, comments(source));
        let at = |word: &str| source.find(word).unwrap();
        assert!(s.suppresses("cohesion/a", None, at("A here")));
        assert!(
            !s.suppresses("cohesion/b", None, at("A here")),
            "another rule on that line"
        );
        assert!(
            !s.suppresses("cohesion/a", None, at("B here")),
            "only the next line"
        );
        assert!(s.suppresses("cohesion/b", None, at("C here")));
        assert!(
            !s.suppresses("cohesion/b", None, at("D here")),
            "after concord-enable"
        );
        assert_eq!(
            s.unused().map(|d| d.scope).collect::<Vec<_>>(),
            [Scope::File]
        );
        assert!(s.suppresses("cohesion/z", None, at("D here")));
        assert_eq!(s.unused().count(), 0);
    }
}

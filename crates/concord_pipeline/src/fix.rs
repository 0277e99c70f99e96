//! Choosing and applying fixes: one function for `--fix`, `--diff`, quick fixes and fix-all.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// The edits that fix some diagnostics at once, and how many diagnostics they fix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixes {
    /// Sorted, non-overlapping edits.
    pub edits: Vec<Edit>,
    /// How many diagnostics they fix.
    pub count: usize,
}

/// The edits that fix `diagnostics` (in document order) with every fix that applies at
/// `required` ([`Applicability::Safe`] for `--fix` and fix-all, [`Applicability::Unsafe`] with
/// `--unsafe`): each diagnostic's edits are taken whole or not at all, and one that overlaps an
/// earlier one is left for the next pass. Replacements that would not change the words are
/// skipped, so fixing always converges.
pub fn edits<'d>(
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    required: Applicability,
) -> Fixes {
    let mut fixes = Fixes::default();
    let mut end = 0;
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic.fix.as_ref().filter(|f| f.applies(required)) else {
            continue;
        };
        if fix.replacement == diagnostic.matched {
            continue;
        }
        let (Some(first), Some(last)) = (fix.edits.first(), fix.edits.last()) else {
            continue;
        };
        if first.range.start < end {
            continue;
        }
        end = last.range.end;
        fixes.edits.extend(fix.edits.iter().cloned());
        fixes.count += 1;
    }
    fixes
}

/// Applies sorted, non-overlapping `edits` (as [`edits`] returns them) to `source`. Bytes
/// outside the edits are copied unchanged.
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut fixed = String::with_capacity(source.len());
    let mut copied = 0;
    for edit in edits {
        fixed.push_str(&source[copied..edit.range.start]);
        fixed.push_str(&edit.text);
        copied = edit.range.end;
    }
    fixed.push_str(&source[copied..]);
    fixed
}

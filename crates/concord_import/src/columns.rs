//! Finding a term list's columns by their headers, written in plain words as a comms team writes
//! them: "Term" or "Avoid", "Use instead" or "Preferred", "Why" or "Reason", "Severity",
//! "Fine when" or "Exceptions".

use crate::table::{Grid, GridRow};

/// How many rows from the top a header row may be (a title or a note often comes first).
const HEADER_SEARCH_ROWS: usize = 10;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// The words to avoid.
    Term,
    /// What to write instead.
    Instead,
    /// Why to avoid them.
    Why,
    /// How serious using them is.
    Severity,
    /// When they are fine after all.
    FineWhen,
}

impl Column {
    /// The headers each column may have, for messages: "headed “term”, “avoid” or “word”".
    pub fn headers(self) -> &'static str {
        match self {
            Column::Term => "“term”, “avoid” or “word”",
            Column::Instead => "“instead”, “use” or “preferred”",
            Column::Why => "“why” or “reason”",
            Column::Severity => "“severity” or “level”",
            Column::FineWhen => "“fine when” or “exceptions”",
        }
    }

    /// The column a header names, if any. Headers are compared in lower case without
    /// punctuation; "use X instead of Y" lists put the term under "instead of".
    pub fn named(header: &str) -> Option<Column> {
        let words: String = header
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let words: Vec<&str> = words.split_whitespace().collect();
        let has = |word: &str| words.contains(&word);
        let starts = |prefix: &str| words.iter().any(|w| w.starts_with(prefix));
        let phrase = words.join(" ");
        if words.is_empty() {
            return None;
        }
        if phrase.contains("instead of")
            || starts("avoid")
            || phrase.contains("don t")
            || phrase.contains("do not")
            || phrase.contains("not use")
        {
            return Some(Column::Term);
        }
        if has("instead")
            || starts("prefer")
            || starts("alternativ")
            || starts("suggest")
            || starts("replace")
            || matches!(
                phrase.as_str(),
                "use" | "say" | "write" | "do" | "do use" | "use this" | "better"
            )
        {
            return Some(Column::Instead);
        }
        if words.len() <= 3
            && [
                "term", "terms", "word", "words", "phrase", "phrases", "wording",
            ]
            .iter()
            .any(|w| has(w))
        {
            return Some(Column::Term);
        }
        if has("why") || starts("reason") || has("rationale") || has("explanation") {
            return Some(Column::Why);
        }
        if has("severity") || has("level") || has("priority") {
            return Some(Column::Severity);
        }
        if has("fine") || starts("exception") || has("except") || has("unless") || has("ok") {
            return Some(Column::FineWhen);
        }
        None
    }
}

/// A grid's header row and what each of its columns holds.
#[derive(Debug, Clone)]
pub struct Header {
    /// Which row of the grid (an index into its rows) is the header.
    pub row: usize,
    /// Each recognised column: what it holds, and its index (from 0) and header text.
    pub columns: Vec<(Column, usize, String)>,
    /// Headers of columns nothing is read from: index and text.
    pub ignored: Vec<(usize, String)>,
}

impl Header {
    /// Finds the header row of `grid`: of its top rows, the first with a term column and
    /// another recognised one, else the first with a term column (a one-column list), so a
    /// title above the list ("Our words list") is not taken for its header. Where two columns
    /// claim the same kind, the first (leftmost) wins and the other is ignored.
    pub fn find(grid: &Grid) -> Option<Header> {
        let candidates: Vec<Header> = grid
            .rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .filter_map(|(row, cells)| Header::of(row, cells))
            .collect();
        let full = candidates.iter().position(|h| h.columns.len() >= 2);
        candidates.into_iter().nth(full.unwrap_or(0))
    }

    /// The header `cells` (row `row` of its grid) make, if they name a term column.
    fn of(row: usize, cells: &GridRow) -> Option<Header> {
        let mut header = Header {
            row,
            columns: Vec::new(),
            ignored: Vec::new(),
        };
        for (i, text) in cells.cells.iter().enumerate() {
            let index = cells.first_column + i;
            if text.is_empty() {
                continue;
            }
            match Column::named(text) {
                Some(column) if header.index(column).is_none() => {
                    header.columns.push((column, index, text.clone()));
                }
                _ => header.ignored.push((index, text.clone())),
            }
        }
        header.index(Column::Term).is_some().then_some(header)
    }

    /// The index of the column holding `column`, if the list has one.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.columns
            .iter()
            .find(|(c, _, _)| *c == column)
            .map(|(_, index, _)| *index)
    }

    /// The header text of the column at `index`.
    pub fn text(&self, index: usize) -> &str {
        self.columns
            .iter()
            .find(|(_, i, _)| *i == index)
            .map_or("", |(_, _, text)| text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_plain_words_name_their_columns() {
        let named = |header| Column::named(header);
        for header in [
            "Term",
            "Terms to avoid",
            "Avoid",
            "Don't use",
            "Instead of",
            "Word or phrase",
        ] {
            assert_eq!(named(header), Some(Column::Term), "{header}");
        }
        for header in [
            "Use instead",
            "Instead",
            "Preferred term",
            "Use",
            "Alternatives",
            "Suggested wording",
        ] {
            assert_eq!(named(header), Some(Column::Instead), "{header}");
        }
        for header in ["Why?", "Reason", "Rationale"] {
            assert_eq!(named(header), Some(Column::Why), "{header}");
        }
        for header in ["Severity", "Level"] {
            assert_eq!(named(header), Some(Column::Severity), "{header}");
        }
        for header in ["Fine when", "Exceptions", "OK when"] {
            assert_eq!(named(header), Some(Column::FineWhen), "{header}");
        }
        for header in ["Owner", "Date added", "", "Notes"] {
            assert_eq!(named(header), None, "{header}");
        }
    }
}

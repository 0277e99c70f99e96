//! A term list's rows, read into entries: the terms to avoid, what to write instead, why, how
//! serious, and when they are fine. A row that cannot be an entry is a [`Problem`] at its
//! place, and the other rows are still read.

use std::collections::HashMap;
use std::fmt;

use concord_engine::Severity;

use crate::columns::{Column, Header};
use crate::error::ImportError;
use crate::table::{Grid, GridRow, Place};
use crate::words;

/// One row of the list, ready to be a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where the row is.
    pub place: Place,
    /// The words to avoid: the cell's terms, one per line or separated by commas or
    /// semicolons, without quotation marks or a note in brackets after them.
    pub terms: Vec<String>,
    /// What to write instead, one per line or separated by semicolons.
    pub instead: Vec<String>,
    /// Why, in the list's own words.
    pub why: Option<String>,
    /// How serious: `warning` unless the row says.
    pub severity: Severity,
    /// When the words are fine, in the list's own words.
    pub fine_when: Option<String>,
    /// The phrases in quotation marks in "fine when" that hold a term: nothing inside them is
    /// flagged.
    pub fine_in: Vec<String>,
}

/// Why a row (or the list) could not be read as it stands, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What is wrong, and what happened because of it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// A term list as read: its entries, its problems, and notes about columns not used.
#[derive(Debug, Clone)]
pub struct TermList {
    /// The sheet or table the list was read from (`None` for a CSV file).
    pub grid: Option<String>,
    /// The rows read, in order.
    pub entries: Vec<Entry>,
    /// Rows (or columns) that could not be read, each at its place.
    pub problems: Vec<Problem>,
    /// What the person should know: columns that were not used.
    pub notes: Vec<String>,
}

/// Reads the first of `grids` with a header row naming the terms.
pub fn read(grids: &[Grid]) -> Result<TermList, ImportError> {
    let (grid, header) = grids
        .iter()
        .find_map(|grid| Header::find(grid).map(|header| (grid, header)))
        .ok_or(ImportError::NoHeader {
            expected: Column::Term.headers(),
        })?;
    let mut list = TermList {
        grid: grid.name.clone(),
        entries: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    for (index, text) in &header.ignored {
        list.notes.push(format!(
            "column {} (“{text}”) is not used",
            grid.column_name(*index)
        ));
    }
    let header_row = &grid.rows[header.row];
    if header.index(Column::Instead).is_none() {
        list.problems.push(Problem {
            place: place(grid, header_row, None),
            message: format!(
                "no column says what to write instead (one headed {}): findings will say what \
                 to avoid but offer nothing in its place",
                Column::Instead.headers()
            ),
        });
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &grid.rows[header.row + 1..] {
        if row.cells.iter().all(String::is_empty) {
            continue;
        }
        match entry(grid, &header, row, &seen) {
            Ok(entry) => {
                for term in &entry.terms {
                    seen.insert(term.to_lowercase(), row.number);
                }
                list.entries.push(entry);
            }
            Err(problem) => list.problems.push(problem),
        }
    }
    Ok(list)
}

/// The place of `row`, at the column `index` if given.
fn place(grid: &Grid, row: &GridRow, column: Option<(usize, &Header)>) -> Place {
    Place {
        grid: grid.name.clone(),
        row: row.number,
        column: column
            .map(|(index, header)| (grid.column_name(index), header.text(index).to_string())),
    }
}

/// The entry of one non-empty row; `seen` holds the terms of earlier rows (lower case) and
/// their rows.
fn entry(
    grid: &Grid,
    header: &Header,
    row: &GridRow,
    seen: &HashMap<String, usize>,
) -> Result<Entry, Problem> {
    let cell = |column: Column| -> Option<(usize, &str)> {
        let index = header.index(column)?;
        let text = row
            .cells
            .get(index.checked_sub(row.first_column)?)
            .map_or("", String::as_str);
        Some((index, text))
    };
    let problem = |column: Column, message: String| Problem {
        place: place(grid, row, header.index(column).map(|i| (i, header))),
        message: format!("{message}; this row was not imported"),
    };
    let (_, term_cell) = cell(Column::Term).unwrap_or((0, ""));
    let mut terms = Vec::new();
    for term in split(&without_notes(term_cell), &[',', ';', '\n']) {
        if let Some(bad) = term.chars().find(|c| "[]{}|()".contains(*c)) {
            return Err(problem(
                Column::Term,
                format!("“{term}” holds “{bad}”, which a term cannot"),
            ));
        }
        if !term.chars().any(char::is_alphanumeric) {
            return Err(problem(
                Column::Term,
                format!("“{term}” has no letters or digits"),
            ));
        }
        if let Some(row) = seen.get(&term.to_lowercase()) {
            return Err(problem(
                Column::Term,
                format!("“{term}” is already on row {row}"),
            ));
        }
        if !terms.iter().any(|t: &String| t.eq_ignore_ascii_case(&term)) {
            terms.push(term);
        }
    }
    if terms.is_empty() {
        return Err(problem(Column::Term, "the term is empty".into()));
    }
    let severity = match cell(Column::Severity).map(|(_, text)| text) {
        None | Some("") => Severity::Warning,
        Some(text) => severity(text).ok_or_else(|| {
            problem(
                Column::Severity,
                format!("“{text}” is not a severity: write error, warning, info or hint"),
            )
        })?,
    };
    let text = |column: Column| {
        cell(column)
            .map(|(_, text)| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    let fine_when = text(Column::FineWhen);
    let fine_in = fine_when
        .as_deref()
        .map(quoted)
        .unwrap_or_default()
        .into_iter()
        .filter(|phrase| {
            let phrase = phrase.to_lowercase();
            terms.iter().any(|t| phrase.contains(&t.to_lowercase()))
        })
        .collect();
    Ok(Entry {
        place: place(grid, row, None),
        instead: cell(Column::Instead)
            .map(|(_, text)| split(text, &[';', '\n']))
            .unwrap_or_default(),
        why: text(Column::Why),
        severity,
        fine_when,
        fine_in,
        terms,
    })
}

/// The severity a cell names: concord's own words, or the plain ones lists use.
fn severity(text: &str) -> Option<Severity> {
    let word = text.trim().to_lowercase();
    text.parse().ok().or(match word.as_str() {
        "high" | "must" | "never" => Some(Severity::Error),
        "medium" | "should" => Some(Severity::Warning),
        "low" | "information" | "consider" => Some(Severity::Info),
        _ => None,
    })
}

/// `text` without notes in brackets that follow a word and a space: "BAME (black, Asian and
/// minority ethnic)" is the term "BAME".
fn without_notes(text: &str) -> String {
    let mut kept = String::new();
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' if depth > 0 || i == 0 || text[..i].ends_with(char::is_whitespace) => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

/// The pieces of `text` between `separators`, trimmed of spaces and enclosing quotation
/// marks, with runs of whitespace made one space; empty pieces are dropped.
fn split(text: &str, separators: &[char]) -> Vec<String> {
    text.split(separators)
        .map(|piece| {
            let piece = words::one_line(piece);
            unquote(&piece).to_string()
        })
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// `text` without one pair of quotation marks around it.
fn unquote(text: &str) -> &str {
    for (open, close) in [('“', '”'), ('"', '"'), ('‘', '’'), ('\'', '\'')] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner.trim();
        }
    }
    text
}

/// The phrases in quotation marks in `text`.
fn quoted(text: &str) -> Vec<String> {
    let mut phrases = Vec::new();
    for (open, close) in [('“', '”'), ('"', '"'), ('‘', '’')] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let phrase = words::one_line(&after[..end]);
            if !phrase.is_empty() {
                phrases.push(phrase);
            }
            rest = &after[end + close.len_utf8()..];
        }
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: Some("sheet “Terms”".into()),
            lettered: true,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| GridRow {
                    number: i + 1,
                    first_column: 0,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn rows_become_entries_and_bad_rows_are_located_problems() {
        let list = read(&[grid(&[
            &["Our words list", "", "", "", ""],
            &["Avoid", "Use instead", "Why", "Severity", "Owner"],
            &[
                "“BAME” (black, Asian and minority ethnic)",
                "ethnic minority; name the group",
                "People do not identify with it.",
                "",
                "Comms",
            ],
            &[
                "hard to reach, hard-to-reach",
                "seldom heard",
                "",
                "high",
                "",
            ],
            &["", "something", "", "", ""],
            &["bame", "x", "", "", ""],
            &["the elderly", "older people", "", "urgent", ""],
            &["", "", "", "", ""],
        ])])
        .unwrap();
        let terms: Vec<&Vec<String>> = list.entries.iter().map(|e| &e.terms).collect();
        assert_eq!(
            terms,
            [
                &vec!["BAME".to_string()],
                &vec!["hard to reach".to_string(), "hard-to-reach".to_string()]
            ]
        );
        assert_eq!(
            list.entries[0].instead,
            ["ethnic minority", "name the group"]
        );
        assert_eq!(list.entries[0].severity, Severity::Warning);
        assert_eq!(list.entries[1].severity, Severity::Error);
        assert_eq!(list.entries[1].place.row, 4);
        let problems: Vec<String> = list.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "sheet “Terms”, row 5, column A (“Avoid”): the term is empty; this row was not imported",
                "sheet “Terms”, row 6, column A (“Avoid”): “bame” is already on row 3; this row was not imported",
                "sheet “Terms”, row 7, column D (“Severity”): “urgent” is not a severity: write error, warning, info or hint; this row was not imported",
            ]
        );
        assert_eq!(list.notes, ["column E (“Owner”) is not used"]);
    }

    #[test]
    fn a_list_without_an_instead_column_is_read_with_a_problem_at_its_header() {
        let list = read(&[grid(&[
            &["Term", "Reason"],
            &["chairman", "Not everyone is a man."],
        ])])
        .unwrap();
        assert_eq!(list.entries.len(), 1);
        assert_eq!(list.problems.len(), 1);
        assert_eq!(list.problems[0].place.row, 1);
        assert!(
            list.problems[0]
                .message
                .starts_with("no column says what to write instead")
        );
    }

    #[test]
    fn quoted_phrases_holding_a_term_are_where_it_is_fine() {
        let list = read(&[grid(&[
            &["Term", "Fine when"],
            &["black", "In place names such as “Black Country” or \"Blackwall\", and in ‘black and white’ photos; “dark”"],
        ])])
        .unwrap();
        assert_eq!(
            list.entries[0].fine_in,
            ["Black Country", "Blackwall", "black and white"]
        );
    }

    #[test]
    fn a_list_with_no_term_column_is_an_error() {
        let err = read(&[grid(&[&["Name", "Date"], &["x", "y"]])]).unwrap_err();
        assert!(matches!(err, ImportError::NoHeader { .. }));
    }
}

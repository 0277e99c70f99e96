//! Reading a term list's cells: every sheet of a spreadsheet (.xlsx, .ods), a CSV file, or every
//! top-level table of a Word document, each as a grid of cell texts with the places a person
//! finds them at (sheet, row, column).

use std::fmt;
use std::io::Cursor;

use std::collections::BTreeMap;

use calamine::{Data, Reader, Sheets};

use crate::bounds;
use crate::error::ImportError;

/// The largest file read: a term list is a few hundred rows, and a spreadsheet's parts inflate
/// in memory, so anything larger is refused rather than read.
pub const MAX_FILE_BYTES: usize = 32 << 20;

/// What kind of file a term list is, by its name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Comma-separated values, as a spreadsheet's "save as" writes them.
    Csv,
    /// A spreadsheet: Excel's .xlsx (or .xlsm) or OpenDocument's .ods.
    Spreadsheet,
    /// A Word document holding the list as a table.
    Word,
}

impl Kind {
    /// The kind of file named `name`, if concord can import it.
    pub fn of(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Kind::Csv),
            "xlsx" | "xlsm" | "ods" => Some(Kind::Spreadsheet),
            "docx" => Some(Kind::Word),
            _ => None,
        }
    }
}

/// One sheet or table: its rows, each with the cells' texts, trimmed.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Which sheet or table it is (`sheet “Terms”`, `table 2`), `None` for a CSV file.
    pub name: Option<String>,
    /// Whether columns are named by letters (spreadsheets) or counted (Word tables).
    pub lettered: bool,
    /// The rows, in order.
    pub rows: Vec<GridRow>,
}

/// One row of a grid.
#[derive(Debug, Clone)]
pub struct GridRow {
    /// The row's number as the file shows it (from 1).
    pub number: usize,
    /// The number (from 0) of the column its first cell is in.
    pub first_column: usize,
    /// The cells' texts, trimmed.
    pub cells: Vec<String>,
}

/// Where something is in a term list, as a person finds it: the sheet or table, the row, and
/// the column with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The sheet or table, `None` for a CSV file.
    pub grid: Option<String>,
    /// The row number, from 1.
    pub row: usize,
    /// The column: its name (`C`, or `3` in a Word table) and its header.
    pub column: Option<(String, String)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(grid) = &self.grid {
            write!(f, "{grid}, ")?;
        }
        write!(f, "row {}", self.row)?;
        if let Some((column, header)) = &self.column {
            write!(f, ", column {column} (“{header}”)")?;
        }
        Ok(())
    }
}

impl Grid {
    /// How a person names column `index` (from 0) of this grid: `A`…`Z`, `AA`… in a
    /// spreadsheet or CSV file, `1`, `2`… in a Word table.
    pub fn column_name(&self, index: usize) -> String {
        if !self.lettered {
            return (index + 1).to_string();
        }
        let mut name = Vec::new();
        let mut n = index + 1;
        while n > 0 {
            let digit = (n - 1) % 26;
            name.push(b'A' + digit as u8);
            n = (n - 1) / 26;
        }
        name.reverse();
        String::from_utf8(name).unwrap_or_default()
    }
}

/// Reads every grid of a term list of `kind` from its bytes.
pub fn read(kind: Kind, bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            limit_mb: MAX_FILE_BYTES >> 20,
        });
    }
    // An OLE container: a password-protected Office file, or an old binary .xls.
    if kind == Kind::Spreadsheet && bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Protected);
    }
    match kind {
        Kind::Csv => read_csv(bytes).map(|grid| vec![grid]),
        Kind::Spreadsheet => read_spreadsheet(bytes),
        Kind::Word => read_word(bytes),
    }
}

/// A CSV file, decoded as concord decodes text files (a byte-order mark, else UTF-8, else
/// Windows-1252, which is what Excel writes for "CSV" on Windows), with any line endings.
fn read_csv(bytes: &[u8]) -> Result<Grid, ImportError> {
    let (text, _) = concord_formats::decode(concord_formats::Format::Text, bytes)
        .map_err(|err| ImportError::Unreadable(err.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| ImportError::Unreadable(err.to_string()))?;
        let number = record
            .position()
            .map_or(rows.len() + 1, |p| p.record() as usize + 1);
        rows.push(GridRow {
            number,
            first_column: 0,
            cells: record.iter().map(|cell| cell.trim().to_string()).collect(),
        });
    }
    Ok(Grid {
        name: None,
        lettered: true,
        rows,
    })
}

/// Every sheet of a spreadsheet, in workbook order. Its size is settled first (see
/// [`bounds`]); an .xlsx sheet is read cell by cell, so a far-off cell costs nothing.
fn read_spreadsheet(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    bounds::check_archive(bytes)?;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|err| spreadsheet_error(&err))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let mut cells = BTreeMap::new();
        let mut keep = |(row, column): (u32, u32), data: Data| {
            let text = cell_text(&data);
            if row < bounds::MAX_ROWS && column < bounds::MAX_COLUMNS && !text.is_empty() {
                cells.insert((row, column), text);
            }
        };
        match &mut workbook {
            Sheets::Xlsx(xlsx) => {
                let mut reader = xlsx
                    .worksheet_cells_reader(&name)
                    .map_err(|err| spreadsheet_error(&err.into()))?;
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|err| spreadsheet_error(&err.into()))?
                {
                    keep(cell.get_position(), Data::from(cell.get_value().clone()));
                }
            }
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|err| spreadsheet_error(&err))?;
                for (row, column, data) in range.used_cells() {
                    let (top, left) = range.start().unwrap_or((0, 0));
                    keep((top + row as u32, left + column as u32), data.clone());
                }
            }
        }
        grids.push(Grid {
            name: Some(format!("sheet “{name}”")),
            lettered: true,
            rows: rows_of(cells),
        });
    }
    Ok(grids)
}

/// The rows holding `cells` (by row and column, from 0), each from column A to its last cell.
fn rows_of(cells: BTreeMap<(u32, u32), String>) -> Vec<GridRow> {
    let mut rows: Vec<GridRow> = Vec::new();
    for ((row, column), text) in cells {
        let number = row as usize + 1;
        if rows.last().is_none_or(|r| r.number != number) {
            rows.push(GridRow {
                number,
                first_column: 0,
                cells: Vec::new(),
            });
        }
        if let Some(last) = rows.last_mut() {
            last.cells.resize(column as usize, String::new());
            last.cells.push(text);
        }
    }
    rows
}

/// A cell's text as the spreadsheet shows it; whole numbers without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// What calamine's error means for the person importing.
fn spreadsheet_error(err: &calamine::Error) -> ImportError {
    let detail = err.to_string();
    if detail.to_ascii_lowercase().contains("password") || detail.contains("encrypt") {
        ImportError::Protected
    } else {
        ImportError::Unreadable(detail)
    }
}

/// Every top-level table of a Word document.
fn read_word(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let tables = concord_formats::word_tables(bytes).map_err(|err| match err {
        concord_formats::FormatError::Protected => ImportError::Protected,
        other => ImportError::Unreadable(other.to_string()),
    })?;
    Ok(tables
        .into_iter()
        .enumerate()
        .map(|(i, table)| Grid {
            name: Some(format!("table {}", i + 1)),
            lettered: false,
            rows: table
                .rows
                .into_iter()
                .enumerate()
                .map(|(r, cells)| GridRow {
                    number: r + 1,
                    first_column: 0,
                    cells: cells.iter().map(|c| c.trim().to_string()).collect(),
                })
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        let sheet = Grid {
            name: None,
            lettered: true,
            rows: Vec::new(),
        };
        let names: Vec<String> = [0, 2, 25, 26, 27, 701, 702]
            .into_iter()
            .map(|i| sheet.column_name(i))
            .collect();
        assert_eq!(names, ["A", "C", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn a_csv_file_with_a_byte_order_mark_and_windows_line_endings_reads_as_rows() {
        let grid = read_csv(
            b"\xEF\xBB\xBFTerm,Instead\r\nBAME,\"ethnic minority, or name the group\"\r\n",
        )
        .unwrap();
        let cells: Vec<&Vec<String>> = grid.rows.iter().map(|r| &r.cells).collect();
        assert_eq!(
            cells,
            [
                &vec!["Term".to_string(), "Instead".to_string()],
                &vec![
                    "BAME".to_string(),
                    "ethnic minority, or name the group".to_string()
                ]
            ]
        );
        assert_eq!(grid.rows[1].number, 2);
    }

    #[test]
    fn a_csv_file_in_windows_1252_reads_its_curly_quotes() {
        let grid = read_csv(b"Term\n\x93hard to reach\x94\n").unwrap();
        assert_eq!(grid.rows[1].cells[0], "“hard to reach”");
    }
}

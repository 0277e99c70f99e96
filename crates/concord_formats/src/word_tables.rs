//! The tables of a Word document's main text, as rows of cell texts: what a council's term list
//! kept as a table in a .docx looks like to `concord rules import`.
//!
//! Only top-level tables are read (a table inside a cell is part of that cell's text). A cell's
//! paragraphs are joined with line breaks; a cell spanning columns (`w:gridSpan`) is followed by
//! empty cells, so every cell stays under its column's header. Deleted text and field codes are
//! left out, as when the document is checked.

use std::ops::Range;

use quick_xml::events::BytesStart;

use crate::FormatError;
use crate::archive::Archive;
use crate::ooxml::{self, Package};
use crate::xml::{self, Origin, Visitor};

/// One table: its rows, each the text of its cells in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The rows, top to bottom; each cell's text, left to right.
    pub rows: Vec<Vec<String>>,
}

/// Reads the top-level tables of the main text of a .docx file, in document order.
pub fn word_tables(bytes: &[u8]) -> Result<Vec<Table>, FormatError> {
    let mut archive = Archive::open(bytes, "Word document")?;
    let package = Package::open(&mut archive)?;
    let mut reader = Tables::default();
    package.walk(&package.main, &package.xml, &mut reader)?;
    Ok(reader.tables)
}

/// Collects tables as the main part is walked.
#[derive(Default)]
struct Tables {
    tables: Vec<Table>,
    /// How many tables are open: only the outermost one's rows and cells are counted.
    depth: usize,
    /// How many open elements hide their text (deleted text, field codes).
    hidden: usize,
    /// For each open element, whether it hides.
    open: Vec<bool>,
    in_text: bool,
    /// Whether a paragraph of the current cell has ended (the next text starts a new line).
    paragraph_ended: bool,
    /// Where the current cell is in its row (the cells a span adds come after it).
    cell_at: usize,
}

impl Tables {
    fn cell(&mut self) -> Option<&mut String> {
        let at = self.cell_at;
        self.tables.last_mut()?.rows.last_mut()?.get_mut(at)
    }
}

impl Visitor for Tables {
    fn start(&mut self, tag: &BytesStart<'_>, _: Range<usize>) {
        let name = tag.name();
        let name = name.as_ref();
        let hides = ooxml::hides_text(name);
        self.open.push(hides);
        self.hidden += usize::from(hides);
        match name {
            b"w:tbl" => {
                if self.depth == 0 {
                    self.tables.push(Table::default());
                }
                self.depth += 1;
            }
            b"w:tr" if self.depth == 1 => {
                if let Some(table) = self.tables.last_mut() {
                    table.rows.push(Vec::new());
                }
            }
            b"w:tc" if self.depth == 1 => {
                self.paragraph_ended = false;
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    self.cell_at = row.len();
                    row.push(String::new());
                }
            }
            b"w:gridSpan" if self.depth == 1 => {
                let span: usize = xml::attribute(tag, b"w:val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    let extra = span.saturating_sub(1).min(64);
                    row.extend(std::iter::repeat_n(String::new(), extra));
                }
            }
            b"w:t" => self.in_text = true,
            b"w:tab" if self.depth > 0 && self.hidden == 0 => {
                if let Some(cell) = self.cell() {
                    cell.push('\t');
                }
            }
            b"w:br" | b"w:cr" if self.depth > 0 && self.hidden == 0 => {
                if let Some(cell) = self.cell() {
                    cell.push('\n');
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8], _: Range<usize>) {
        if self.open.pop() == Some(true) {
            self.hidden -= 1;
        }
        match name {
            b"w:tbl" => self.depth = self.depth.saturating_sub(1),
            b"w:p" if self.depth > 0 => self.paragraph_ended = true,
            b"w:t" => self.in_text = false,
            _ => {}
        }
    }

    fn text(&mut self, text: &str, _: Origin) {
        if !self.in_text || self.hidden > 0 || self.depth == 0 {
            return;
        }
        let new_line = std::mem::take(&mut self.paragraph_ended);
        if let Some(cell) = self.cell() {
            if new_line && !cell.is_empty() {
                cell.push('\n');
            }
            cell.push_str(text);
        }
    }
}

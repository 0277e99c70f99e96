//! A council's own term list, imported as a rule pack: `concord rules import FILE`.
//!
//! Councils keep their inclusive-language and style lists as a spreadsheet or a table in a Word
//! document: a term to avoid, what to write instead, why, and sometimes how serious and when it
//! is fine. This reads such a list as it is (CSV, .xlsx, .ods or the first table of a .docx with
//! a header row, columns found by their headers in plain words) and writes a rule pack that
//! `pack-paths` can name: one rule per row, with examples made from the row, and a README
//! listing the rows. A bad row is a [`Problem`] at its sheet, row and column; the others are
//! still imported.
//!
//! 1. [`table`] reads the file's sheets or tables as grids of cell texts, with places.
//! 2. [`columns`] finds the header row and what each column holds.
//! 3. [`entries`] reads each row into an [`Entry`], or a [`Problem`].
//! 4. [`pack`] writes the entries as a pack, compiles it beside the built-in packs, and runs
//!    its examples; [`folder`] writes it to disk without ever leaving half a pack, or compares
//!    it with the pack already there.

mod bounds;
pub mod columns;
pub mod entries;
mod error;
pub mod folder;
pub mod pack;
pub mod table;
mod words;

pub use entries::{Entry, Problem, TermList};
pub use error::ImportError;
pub use pack::Pack;
pub use table::{Kind, Place};

/// A term list read and made into a pack.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The pack, ready to write or compare.
    pub pack: Pack,
    /// The sheet or table the list was read from (`None` for a CSV file).
    pub grid: Option<String>,
    /// Rows that were not imported, and columns missing, each at its place.
    pub problems: Vec<Problem>,
    /// Columns that were not used.
    pub notes: Vec<String>,
}

/// Reads the term list `bytes` (named `file_name`, whose extension says its kind) and makes it
/// the pack `pack_name`.
pub fn import(file_name: &str, bytes: &[u8], pack_name: &str) -> Result<Imported, ImportError> {
    let kind = Kind::of(file_name).ok_or_else(|| ImportError::Kind(file_name.to_string()))?;
    let grids = table::read(kind, bytes)?;
    let list = entries::read(&grids)?;
    let origin = pack::Origin {
        file: file_name,
        grid: list.grid.as_deref(),
    };
    let (pack, mut unflagged) = pack::build(pack_name, &origin, list.entries);
    let mut problems = list.problems;
    problems.append(&mut unflagged);
    problems.sort_by_key(|p| p.place.row);
    Ok(Imported {
        pack,
        grid: list.grid,
        problems,
        notes: list.notes,
    })
}

/// A pack name made from a file's name: "Inclusive language list.xlsx" is
/// `inclusive-language-list`.
pub fn pack_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let name = words::slug(stem, |c| c.is_ascii_alphanumeric());
    if name.is_empty() {
        "our-words".into()
    } else {
        name
    }
}

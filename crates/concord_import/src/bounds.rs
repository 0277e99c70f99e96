//! What a spreadsheet may cost to read, settled before calamine reads it. A term list is a few
//! hundred rows, but a hostile or broken file can inflate a small zip into gigabytes (a zip
//! bomb), or ask for a sheet of billions of cells (one cell in A1 and one in XFD1048576, or one
//! cell repeated across every column of an OpenDocument sheet); calamine would try to allocate
//! them all and the process would abort. These checks refuse such a file with a clear error.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::ImportError;

/// The most one part of a spreadsheet may inflate to, whatever the archive says its size is.
const PART_LIMIT: u64 = 64 << 20;

/// The most cells an OpenDocument sheet may expand to: far more than any term list.
const CELL_LIMIT: u64 = 4_000_000;

/// The furthest row and column of a sheet that are read: a term list is never wider or longer.
pub const MAX_ROWS: u32 = 100_000;
/// See [`MAX_ROWS`].
pub const MAX_COLUMNS: u32 = 200;

/// Checks that every part of the zip archive `bytes` inflates to at most [`PART_LIMIT`] (by
/// inflating it, not by trusting its stated size), and that an OpenDocument spreadsheet's
/// `content.xml` expands to at most [`CELL_LIMIT`] cells.
pub fn check_archive(bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip archive (an old .xls, or not a spreadsheet): calamine says which.
        return Ok(());
    };
    for i in 0..archive.len() {
        let mut part = archive
            .by_index(i)
            .map_err(|err| ImportError::Unreadable(err.to_string()))?;
        let name = part.name().to_string();
        let mut inflated = Vec::new();
        (&mut part)
            .take(PART_LIMIT + 1)
            .read_to_end(&mut inflated)
            .map_err(|err| ImportError::Unreadable(format!("{name}: {err}")))?;
        if inflated.len() as u64 > PART_LIMIT {
            return Err(ImportError::TooLarge {
                limit_mb: (PART_LIMIT >> 20) as usize,
            });
        }
        if name == "content.xml" && ods_cells(&inflated) > CELL_LIMIT {
            return Err(ImportError::TooManyCells);
        }
    }
    Ok(())
}

/// An upper bound on the cells calamine expands an OpenDocument spreadsheet's `content.xml`
/// to: each row's cells up to its last one with a value (repeats counted), and the block from
/// the first row with a value to the last (row repeats counted) at the widest such row.
fn ods_cells(xml: &[u8]) -> u64 {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut listed, mut width, mut rows_spanned, mut pending_rows) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeats, mut row_width, mut row_valued_width) = (1u64, 0u64, 0u64);
    let repeats = |e: &quick_xml::events::BytesStart<'_>, name: &[u8]| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(1)
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                b"table:table-row" => {
                    row_repeats = repeats(&e, b"table:number-rows-repeated");
                    row_width = 0;
                    row_valued_width = 0;
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    row_width =
                        row_width.saturating_add(repeats(&e, b"table:number-columns-repeated"));
                    if e.try_get_attribute(b"office:value-type")
                        .ok()
                        .flatten()
                        .is_some()
                    {
                        row_valued_width = row_width;
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == b"table:table-row" => {
                listed = listed.saturating_add(row_valued_width.min(16_384));
                if row_valued_width > 0 {
                    width = width.max(row_valued_width.min(16_384));
                    rows_spanned = rows_spanned
                        .saturating_add(pending_rows)
                        .saturating_add(row_repeats);
                    pending_rows = 0;
                } else if rows_spanned > 0 {
                    pending_rows = pending_rows.saturating_add(row_repeats);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    listed.saturating_add(rows_spanned.saturating_mul(width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_repeated_across_a_million_rows_is_counted_before_it_is_read() {
        let row = |repeat: u32, cells: &str| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{repeat}\">{cells}</table:table-row>"
            )
        };
        let valued = "<table:table-cell table:number-columns-repeated=\"3\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";
        let empty = "<table:table-cell table:number-columns-repeated=\"1021\"/>";
        // What LibreOffice writes: a few rows, then a million empty ones.
        let normal = format!(
            "{}{}",
            row(5, &format!("{valued}{empty}")),
            row(1_048_571, empty)
        );
        assert_eq!(ods_cells(normal.as_bytes()), 3 * 5 + 3);
        let hostile = row(
            1_000_000,
            "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>",
        );
        assert!(ods_cells(hostile.as_bytes()) > CELL_LIMIT);
    }
}

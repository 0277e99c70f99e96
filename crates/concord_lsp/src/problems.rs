//! Mistakes in `concord.toml` or a rule pack, shown where they are: as diagnostics on that
//! file at their line and column, as `concord check` reports them. Mistakes with no place in a
//! file the editor can open (editor settings, a built-in pack) are shown as messages.

use std::collections::BTreeMap;

use concord_config::ProjectError;
use concord_engine::LineIndex;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, Uri};

use crate::text::{Encoding, Positions};

/// A project's mistakes, sorted by where they are shown.
#[derive(Debug, Default)]
pub struct Placed {
    /// Diagnostics by the file they are in.
    pub by_file: BTreeMap<String, (Uri, Vec<Diagnostic>)>,
    /// Mistakes with no file to show them in.
    pub unplaced: Vec<String>,
}

/// Places the mistakes of `error`, counting columns in `encoding`.
pub fn place(error: &ProjectError, encoding: Encoding) -> Placed {
    let mut placed = Placed::default();
    for problem in &error.problems {
        let file = &problem.file;
        let text = std::fs::read_to_string(file).ok();
        let uri = Uri::from_file_path(file).filter(|_| text.is_some());
        let (Some(uri), Some(text)) = (uri, text) else {
            placed.unplaced.push(if file.as_os_str().is_empty() {
                problem.message.clone()
            } else {
                problem.to_string()
            });
            continue;
        };
        let positions = Positions::new(&text, encoding);
        let (line, column) = problem.position.unwrap_or((1, 1));
        let start = offset_of(&text, line, column);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let diagnostic = Diagnostic {
            range: positions.range(start..end.max(start)),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("concord".into()),
            message: problem.message.clone(),
            ..Diagnostic::default()
        };
        placed
            .by_file
            .entry(uri.as_str().to_string())
            .or_insert_with(|| (uri.clone(), Vec::new()))
            .1
            .push(diagnostic);
    }
    placed
}

/// The byte offset of 1-based `line` and character `column` in `text`, clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let index = LineIndex::new(text);
    let last = index.line_of(text.len());
    let range = index.line_range(text, line.saturating_sub(1).min(last));
    if line.saturating_sub(1) > last {
        return text.len();
    }
    let line_text = &text[range.clone()];
    range.start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::offset_of;

    #[test]
    fn lines_and_character_columns_become_offsets() {
        let text = "[rules]\n\"é/x\" = \"loud\"\n";
        assert_eq!(&text[offset_of(text, 2, 9)..], "\"loud\"\n");
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}

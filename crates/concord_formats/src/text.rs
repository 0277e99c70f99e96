//! Plain text: paragraphs separated by blank lines; list items, each a line that starts with a
//! list marker (`- `, `* `, `+ `, `• `, `1. `, `1) `); and, as text pasted from Markdown writes
//! them, headings (`# `), quotations (`> `) and table rows (`|`), each its own block. The text
//! of PDF pages is divided the same way. Text pasted from web pages and Markdown keeps its footnote markers as text
//! (`<sup>4</sup>`, `[^4]`): a block holding one cites a source.

use std::ops::Range;

use concord_engine::BlockKind;

use crate::Format;
use crate::document::{Builder, Document};

/// Reads a plain-text document.
pub fn read(source: &str) -> Document {
    let mut b = Builder::mapped(Format::Text, source);
    for (range, kind) in blocks(source) {
        b.start_block(kind);
        let text = &source[range.clone()];
        if text.contains("<sup>") || text.contains("[^") {
            b.cite();
        }
        b.verbatim(text, range.start);
    }
    b.finish()
}

/// The paragraphs and list items of `text`, in order, without the blank lines between them.
pub(crate) fn blocks(text: &str) -> Vec<(Range<usize>, BlockKind)> {
    let mut blocks: Vec<(Range<usize>, BlockKind)> = Vec::new();
    let mut open: Option<(Range<usize>, BlockKind)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let range = at..at + line.len();
        at += line.len();
        let content = line.trim();
        if content.is_empty() {
            blocks.extend(open.take());
            continue;
        }
        let starts = starting_kind(line.trim_start());
        match (&mut open, starts) {
            (Some((block, kind)), None) if *kind != BlockKind::Heading => block.end = range.end,
            _ => {
                blocks.extend(open.take());
                open = Some((range, starts.unwrap_or(BlockKind::Paragraph)));
            }
        }
    }
    blocks.extend(open);
    for (block, _) in &mut blocks {
        let trimmed = text[block.clone()].trim_end();
        block.end = block.start + trimmed.len();
    }
    blocks
}

/// The kind of block a line starting with `rest` begins, if it begins one: a list item, a
/// heading (one line long), a quotation or a table row.
fn starting_kind(rest: &str) -> Option<BlockKind> {
    let bytes = rest.as_bytes();
    let marked = |marker: usize| bytes.get(marker) == Some(&b' ');
    match bytes.first()? {
        b'-' | b'*' | b'+' if marked(1) => Some(BlockKind::ListItem),
        _ if rest.starts_with('•') && marked('•'.len_utf8()) => Some(BlockKind::ListItem),
        b'#' => {
            let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
            (hashes <= 6 && marked(hashes)).then_some(BlockKind::Heading)
        }
        b'>' => Some(BlockKind::Quote),
        b'|' => Some(BlockKind::TableCell),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (matches!(bytes.get(digits), Some(b'.' | b')')) && marked(digits + 1))
                .then_some(BlockKind::ListItem)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_list_markers_divide_blocks() {
        let text = "One line\nand the next.\n\n- an item\n- another\n1. numbered\nwraps here\n\n\n# A heading\nLast.";
        let found: Vec<(&str, BlockKind)> = blocks(text)
            .into_iter()
            .map(|(range, kind)| (&text[range], kind))
            .collect();
        assert_eq!(
            found,
            [
                ("One line\nand the next.", BlockKind::Paragraph),
                ("- an item", BlockKind::ListItem),
                ("- another", BlockKind::ListItem),
                ("1. numbered\nwraps here", BlockKind::ListItem),
                ("# A heading", BlockKind::Heading),
                ("Last.", BlockKind::Paragraph),
            ]
        );
    }
}

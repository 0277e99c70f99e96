//! Plain text: paragraphs separated by blank lines, and list items, each a line that starts
//! with a list marker (`- `, `* `, `+ `, `• `, `1. `, `1) `). The text of PDF pages is divided
//! the same way. Text pasted from web pages and Markdown keeps its footnote markers as text
//! (`<sup>4</sup>`, `[^4]`): a block holding one cites a source.

use std::ops::Range;

use concord_engine::BlockKind;

use crate::Format;
use crate::document::{Builder, Document};

/// Reads a plain-text document.
pub fn read(source: &str) -> Document {
    let mut b = Builder::mapped(Format::Text);
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
        let item = starts_list_item(line.trim_start());
        match &mut open {
            Some((block, _)) if !item => block.end = range.end,
            _ => {
                blocks.extend(open.take());
                let kind = if item {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                };
                open = Some((range, kind));
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

/// Whether a line starting with `rest` is a list item.
fn starts_list_item(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    if rest.starts_with(['-', '*', '+', '•']) {
        let marker = rest.chars().next().map_or(1, char::len_utf8);
        return bytes.get(marker) == Some(&b' ');
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes.get(digits + 1) == Some(&b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_list_markers_divide_blocks() {
        let text =
            "One line\nand the next.\n\n- an item\n- another\n1. numbered\nwraps here\n\n\nLast.";
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
                ("Last.", BlockKind::Paragraph),
            ]
        );
    }
}

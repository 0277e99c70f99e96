//! The structure of the text the engine checks: blocks of prose, each of a kind, as a document
//! format found them. The engine never guesses structure from markup or blank lines: a phrase
//! never runs from one block into the next, and what a block is (a footnote that cites a
//! source, a heading) comes from the format that read it.

use std::ops::Range;

/// What a block of prose is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A page title or document title (`<title>`, a meta description).
    Title,
    /// A heading.
    Heading,
    /// A paragraph, or any text not in another kind of block.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A cell of a table.
    TableCell,
    /// A block quotation.
    Quote,
    /// A footnote or endnote.
    Footnote,
    /// A reviewer's comment in an office document.
    Comment,
}

/// A block of prose: where it is in the text, what it is, and whether it cites a source with a
/// footnote reference or superscript number (which the format saw in its markup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's bytes in the text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: BlockKind,
    /// It carries a footnote reference or a superscript citation marker.
    pub cites: bool,
}

impl Block {
    /// A paragraph over `range` that cites nothing.
    pub fn paragraph(range: Range<usize>) -> Self {
        Block {
            range,
            kind: BlockKind::Paragraph,
            cites: false,
        }
    }
}

/// The block holding byte `offset` of a text divided into sorted `blocks`.
pub(crate) fn block_at(blocks: &[Block], offset: usize) -> Option<&Block> {
    let i = blocks.partition_point(|b| b.range.start <= offset);
    blocks
        .get(i.checked_sub(1)?)
        .filter(|b| offset <= b.range.end)
}

/// The lead-in of the list or table whose item or cell holds byte `offset` of `source`: the
/// heading or introducing line right before its first item ("Signs to look out for:",
/// "Possible indicators of radicalisation"), which speaks for every item. A paragraph that ends
/// with a full stop is prose of its own, not a lead-in.
pub(crate) fn lead_in<'b>(blocks: &'b [Block], offset: usize, source: &str) -> Option<&'b Block> {
    let at = blocks
        .partition_point(|b| b.range.start <= offset)
        .checked_sub(1)?;
    let kind = blocks[at].kind;
    if !matches!(kind, BlockKind::ListItem | BlockKind::TableCell) {
        return None;
    }
    let first = blocks[..at]
        .iter()
        .rposition(|b| b.kind != kind)
        .map_or(0, |i| i + 1);
    let lead = &blocks[first.checked_sub(1)?];
    let ends_prose = source[lead.range.clone()]
        .trim_end()
        .ends_with(['.', '!', '?']);
    match lead.kind {
        BlockKind::Heading => Some(lead),
        BlockKind::Paragraph if !ends_prose => Some(lead),
        _ => None,
    }
}

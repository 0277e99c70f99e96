//! A document as the engine sees it: prose, and the way back to the source.

use std::ops::Range;
use std::sync::LazyLock;

use concord_engine::{Block, BlockKind};
use regex::Regex;

use crate::Format;
use crate::xml::Origin;

/// Stands in for content that is not prose (inline code, URLs): not a letter and not a space, so
/// words on either side stay separate and no phrase matches across it.
pub(crate) const MASK: &str = "\u{FFFC}";

/// The prose of a document, divided into typed blocks, with a map from every prose byte back
/// to where it came from.
#[derive(Debug)]
pub struct Document {
    /// The format the document was read as.
    pub format: Format,
    /// The text a reader sees, in reading order; blocks are separated by blank lines.
    pub prose: String,
    /// For text formats: pieces of prose and the source bytes each came from, in order.
    pieces: Option<Vec<Piece>>,
    /// The blocks of prose (headings, paragraphs, list items, table cells, footnotes,
    /// comments, titles), in order.
    blocks: Vec<Block>,
    /// For office formats and PDF, where a reader finds each block (`paragraph 12`); empty for
    /// text formats, whose positions are lines and columns.
    locators: Vec<String>,
    /// Comments in the source (Markdown and HTML), which may hold directives for concord.
    pub comments: Vec<Comment>,
    /// For office formats: where the prose of the main text is in the XML of the main part
    /// (`word/document.xml`, `content.xml`), for anchoring review comments on exact words.
    anchors: Vec<Anchor>,
}

/// A stretch of an office document's prose and the bytes of the main XML part it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    /// Where the stretch is in the prose (in a paragraph's text, until the paragraph is added
    /// to the document).
    pub prose: Range<usize>,
    /// Where it came from, and whether it is a byte-for-byte copy of it.
    pub origin: Origin,
}

/// A comment in a text document: `<!-- … -->` in Markdown or HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text between the comment markers.
    pub text: String,
    /// The whole comment's source bytes.
    pub source: Range<usize>,
}

/// A stretch of prose and the source bytes it came from.
#[derive(Debug, Clone)]
struct Piece {
    prose_start: usize,
    source: Range<usize>,
    /// The prose is a byte-for-byte copy of the source, so offsets map one to one; otherwise
    /// (a decoded entity, a mask) the whole piece maps to the whole source range.
    verbatim: bool,
}

impl Document {
    /// The source byte range of a prose range, for text formats (`None` for office files and PDF).
    pub fn source_span(&self, prose: Range<usize>) -> Option<Range<usize>> {
        let pieces = self.pieces.as_ref()?;
        let piece_at = |offset: usize| {
            let i = pieces.partition_point(|p| p.prose_start <= offset);
            &pieces[i.saturating_sub(1)]
        };
        let first = piece_at(prose.start);
        let start = if first.verbatim {
            first.source.start + (prose.start - first.prose_start)
        } else {
            first.source.start
        };
        let last = piece_at(prose.end.max(prose.start + 1) - 1);
        let end = if last.verbatim {
            (last.source.start + (prose.end - last.prose_start)).min(last.source.end)
        } else {
            last.source.end
        };
        Some(start..end.max(start))
    }

    /// The source byte ranges that hold the prose range `prose`, in order, for editing it in
    /// place: the words of each piece, with the markup between pieces left out. An edit puts
    /// its replacement in the first range and empties the others. `None` for office files and
    /// PDF; where a piece that stands for its whole source range (a decoded entity, a mask) is
    /// only partly inside `prose`, so no edit of source bytes matches it; and in Markdown where
    /// emptying a piece would leave its markup delimiters side by side (`Islamic *State*`
    /// would become `Daesh**`, which Markdown shows as two asterisks).
    pub fn source_ranges(&self, prose: Range<usize>) -> Option<Vec<Range<usize>>> {
        let pieces = self.pieces.as_ref()?;
        let first = pieces
            .partition_point(|p| p.prose_start <= prose.start)
            .saturating_sub(1);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for (i, piece) in pieces.iter().enumerate().skip(first) {
            if piece.prose_start >= prose.end {
                break;
            }
            let piece_end = pieces
                .get(i + 1)
                .map_or(self.prose.len(), |p| p.prose_start);
            let (start, end) = (prose.start.max(piece.prose_start), prose.end.min(piece_end));
            if start >= end {
                continue;
            }
            let whole = start == piece.prose_start && end == piece_end;
            if !ranges.is_empty() && whole && self.format == Format::Markdown {
                let gap_before = i > 0 && pieces[i - 1].source.end < piece.source.start;
                let gap_after = pieces
                    .get(i + 1)
                    .is_some_and(|next| piece.source.end < next.source.start);
                if gap_before && gap_after {
                    return None;
                }
            }
            if piece.verbatim {
                let at = |prose: usize| piece.source.start + (prose - piece.prose_start);
                ranges.push(at(start)..at(end));
            } else if whole {
                ranges.push(piece.source.clone());
            } else {
                return None;
            }
        }
        Some(ranges)
    }

    /// The block holding prose offset `offset`, and where a reader finds it (`paragraph 12`,
    /// `table 2 row 3 cell 1`, `footnote 4`, `page 3`; empty for text formats).
    pub fn block_at(&self, offset: usize) -> Option<(&Block, &str)> {
        let i = self.blocks.partition_point(|b| b.range.start <= offset);
        let i = i.checked_sub(1)?;
        let block = self.blocks.get(i).filter(|b| offset <= b.range.end)?;
        Some((block, self.locators[i].as_str()))
    }

    /// Every block, in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Where the prose range `prose` starts and ends in the main XML part of an office
    /// document: both ends fall in text of the main body (not a note, header, comment or text
    /// box), on the edges of the characters they came from. `None` otherwise.
    pub(crate) fn anchor(&self, prose: Range<usize>) -> Option<Range<usize>> {
        // The stretch holding the character at a start, or the character before an end.
        let at = |offset: usize, end: bool| {
            let probe = if end { offset.checked_sub(1)? } else { offset };
            let i = self
                .anchors
                .partition_point(|a| a.prose.start <= probe)
                .checked_sub(1)?;
            let Anchor { prose, origin } = &self.anchors[i];
            if probe >= prose.end {
                return None;
            }
            if origin.verbatim {
                Some(origin.range.start + (offset - prose.start))
            } else if !end && offset == prose.start {
                Some(origin.range.start)
            } else if end && offset == prose.end {
                Some(origin.range.end)
            } else {
                None
            }
        };
        let (start, end) = (at(prose.start, false)?, at(prose.end, true)?);
        (start < end).then_some(start..end)
    }
}

/// Builds a document's prose piece by piece, block by block.
pub(crate) struct Builder {
    format: Format,
    prose: String,
    pieces: Vec<Piece>,
    blocks: Vec<Block>,
    locators: Vec<String>,
    /// The block being written: where it starts in the prose, and what it is.
    open: Option<Block>,
    /// The kind of the next block, once text arrives for it.
    next: BlockKind,
    /// The next block cites a source (a footnote reference came before its text).
    next_cites: bool,
    comments: Vec<Comment>,
    /// Whether pieces map to source bytes (text formats) or blocks carry locators (the rest).
    mapped: bool,
    anchors: Vec<Anchor>,
}

impl Builder {
    /// A builder for a text format, whose prose maps back to the bytes of `source`.
    pub fn mapped(format: Format, source: &str) -> Self {
        // Prose is the source's text without its markup; it is longer only by the blank line
        // it puts between blocks (`\n\n` where the source may have one `\n`), so at most a byte
        // more per line break. Reserved once, it is never copied as it grows.
        let line_breaks = memchr::memchr_iter(b'\n', source.as_bytes()).count();
        Builder {
            format,
            prose: String::with_capacity(source.len() + line_breaks),
            pieces: Vec::new(),
            blocks: Vec::new(),
            locators: Vec::new(),
            open: None,
            next: BlockKind::Paragraph,
            next_cites: false,
            comments: Vec::new(),
            mapped: true,
            anchors: Vec::new(),
        }
    }

    /// A builder for an office format or PDF, whose prose is located by blocks.
    pub fn located(format: Format) -> Self {
        Builder {
            mapped: false,
            ..Builder::mapped(format, "")
        }
    }

    /// Ends the current block; the text that follows starts a block of `kind`.
    pub fn start_block(&mut self, kind: BlockKind) {
        self.end_block();
        self.next = kind;
    }

    /// Marks the current block (or, between blocks, the next) as citing a source: a footnote
    /// reference or superscript number is in it.
    pub fn cite(&mut self) {
        match &mut self.open {
            Some(block) => block.cites = true,
            None => self.next_cites = true,
        }
    }

    /// Opens a block for text about to be appended, if none is open: after a blank line, so
    /// no phrase runs on into it from the block before.
    fn open_block(&mut self) {
        if self.open.is_none() {
            if !self.prose.is_empty() && !self.prose.ends_with("\n\n") {
                let at = self.pieces.last().map_or(0, |p| p.source.end);
                let separator = if self.prose.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                self.push_piece(separator, at..at);
            }
            self.open = Some(Block {
                range: self.prose.len()..self.prose.len(),
                kind: self.next,
                cites: std::mem::take(&mut self.next_cites),
            });
        }
    }

    /// Appends source text that reads as it is written, starting at source byte `source_start`.
    /// URLs and e-mail addresses in it are masked: they are not prose.
    pub fn verbatim(&mut self, text: &str, source_start: usize) {
        static URL: LazyLock<Regex> = LazyLock::new(|| {
            // ASCII classes and no word boundaries keep this on the regex engine's fast paths
            // (literal prefixes, and the inner `@`).
            Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>()\[\]"']+|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"#)
                .unwrap()
        });
        // Every address holds `@`, `://` or `www.`; most text holds none, and looking for them
        // (memchr, and a literal search) is much faster than the addresses' own pattern, which
        // reads every byte.
        static WWW: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)www\.").expect("the pattern is valid"));
        let bytes = text.as_bytes();
        let may_hold_address = memchr::memchr(b'@', bytes).is_some()
            || memchr::memmem::find(bytes, b"://").is_some()
            || WWW.is_match(text);
        let mut copied = 0;
        let urls = may_hold_address.then(|| URL.find_iter(text));
        for url in urls.into_iter().flatten() {
            self.copy(&text[copied..url.start()], source_start + copied);
            self.replaced(MASK, source_start + url.start()..source_start + url.end());
            copied = url.end();
        }
        self.copy(&text[copied..], source_start + copied);
    }

    fn copy(&mut self, text: &str, source_start: usize) {
        if text.is_empty() {
            return;
        }
        self.open_block();
        let prose_start = self.prose.len();
        self.prose.push_str(text);
        self.pieces.push(Piece {
            prose_start,
            source: source_start..source_start + text.len(),
            verbatim: true,
        });
    }

    /// Appends `text` that stands for the source bytes `source` (a decoded entity, a mask).
    pub fn replaced(&mut self, text: &str, source: Range<usize>) {
        self.open_block();
        self.push_piece(text, source);
    }

    fn push_piece(&mut self, text: &str, source: Range<usize>) {
        let prose_start = self.prose.len();
        self.prose.push_str(text);
        self.pieces.push(Piece {
            prose_start,
            source,
            verbatim: false,
        });
    }

    /// Records a comment found at `source`.
    pub fn comment(&mut self, text: &str, source: Range<usize>) {
        self.comments.push(Comment {
            text: text.to_string(),
            source,
        });
    }

    /// Ends the current block, if one is open: it is recorded, unless it holds no words.
    pub fn end_block(&mut self) {
        self.close(String::new());
    }

    fn close(&mut self, locator: String) {
        let Some(mut block) = self.open.take() else {
            return;
        };
        block.range.end = self.prose.len();
        if !self.prose[block.range.clone()].trim().is_empty() {
            self.blocks.push(block);
            self.locators.push(locator);
        }
        self.next = BlockKind::Paragraph;
    }

    /// Appends a whole block of prose of `kind`, found at `locator`; `anchors` place stretches
    /// of `text` (offsets in `text`) in the main XML part.
    pub fn block(
        &mut self,
        kind: BlockKind,
        locator: String,
        text: &str,
        cites: bool,
        anchors: Vec<Anchor>,
    ) {
        if text.trim().is_empty() {
            return;
        }
        self.start_block(kind);
        self.open_block();
        if let Some(block) = &mut self.open {
            block.cites = cites;
        }
        let start = self.prose.len();
        self.anchors.extend(anchors.into_iter().map(|a| Anchor {
            prose: start + a.prose.start..start + a.prose.end,
            origin: a.origin,
        }));
        self.prose.push_str(text);
        self.close(locator);
    }

    pub fn finish(mut self) -> Document {
        self.end_block();
        Document {
            format: self.format,
            prose: self.prose,
            pieces: self.mapped.then_some(self.pieces),
            blocks: self.blocks,
            locators: self.locators,
            comments: self.comments,
            anchors: {
                let mut anchors = self.anchors;
                anchors.sort_by_key(|a| a.prose.start);
                anchors
            },
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The source bytes behind the first occurrence of `needle` in a document's prose.
    pub(crate) fn source_of<'s>(source: &'s str, doc: &Document, needle: &str) -> &'s str {
        let at = doc
            .prose
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.prose));
        &source[doc.source_span(at..at + needle.len()).unwrap()]
    }

    #[test]
    fn verbatim_and_replaced_pieces_map_back() {
        let source = "Tom &amp; ISIS at https://isis.example.org now";
        let mut b = Builder::mapped(Format::Html, source);
        b.verbatim("Tom ", 0);
        b.replaced("&", 4..9);
        b.verbatim(&source[9..], 9);
        let doc = b.finish();
        assert_eq!(doc.prose, "Tom & ISIS at \u{FFFC} now");
        let isis = doc.prose.find("ISIS").unwrap();
        assert_eq!(&source[doc.source_span(isis..isis + 4).unwrap()], "ISIS");
        let amp = doc.prose.find('&').unwrap();
        assert_eq!(&source[doc.source_span(amp..amp + 1).unwrap()], "&amp;");

        assert_eq!(doc.source_ranges(amp..isis + 4), Some(vec![4..9, 9..14]));
        let after_amp = doc.source_ranges(amp + 1..isis).unwrap();
        assert_eq!((after_amp.len(), &after_amp[0]), (1, &(9..10)));
        let mask = doc.prose.find('\u{FFFC}').unwrap();
        assert_eq!(doc.source_ranges(mask + 1..mask + 2), None, "inside a mask");

        let mut b = Builder::mapped(Format::Text, "");
        b.verbatim(
            "Write to isis.team@example.org or www.isis.example today",
            0,
        );
        assert_eq!(b.finish().prose, "Write to \u{FFFC} or \u{FFFC} today");
    }
}

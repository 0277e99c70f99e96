//! Where a reader is in the main text of an office document, and the paragraph being read: the
//! counters behind locators such as `paragraph 12`, `table 2 row 3 cell 1` and `text box 1`, and
//! the text and anchors of each paragraph, shared by .docx and .odt.

use concord_engine::BlockKind;

use crate::document::{Anchor, Builder};
use crate::xml::Origin;

/// An office paragraph being read: where it is, what it is, its text, whether it cites a note,
/// and where its text is in the main XML part (main-text paragraphs only).
pub(crate) struct Paragraph {
    pub locator: String,
    pub kind: BlockKind,
    pub text: String,
    pub cites: bool,
    anchors: Vec<Anchor>,
}

impl Paragraph {
    /// An empty paragraph of `kind` at `locator`.
    pub fn new(locator: String, kind: BlockKind) -> Self {
        Paragraph {
            locator,
            kind,
            text: String::new(),
            cites: false,
            anchors: Vec::new(),
        }
    }

    /// Adds `text`; `origin`, where given, records where it is in the main part.
    pub fn push(&mut self, text: &str, origin: Option<Origin>) {
        let start = self.text.len();
        self.text.push_str(text);
        if let Some(origin) = origin {
            self.anchors.push(Anchor {
                prose: start..self.text.len(),
                origin,
            });
        }
    }

    /// Adds the paragraph to the document as a block.
    pub fn finish(self, b: &mut Builder) {
        b.block(
            self.kind,
            self.locator,
            &self.text,
            self.cites,
            self.anchors,
        );
    }
}

/// Counts paragraphs, tables, rows, cells and text boxes as a document is read.
#[derive(Debug, Default)]
pub(crate) struct Places {
    paragraphs: usize,
    tables: usize,
    table_depth: usize,
    row: usize,
    cell: usize,
    text_boxes: usize,
    text_box_depth: usize,
}

impl Places {
    /// A table starts; only top-level tables are numbered.
    pub fn enter_table(&mut self) {
        if self.table_depth == 0 {
            self.tables += 1;
            self.row = 0;
        }
        self.table_depth += 1;
    }

    /// A table ends.
    pub fn leave_table(&mut self) {
        self.table_depth = self.table_depth.saturating_sub(1);
    }

    /// A row of a top-level table starts.
    pub fn enter_row(&mut self) {
        if self.table_depth == 1 {
            self.row += 1;
            self.cell = 0;
        }
    }

    /// A cell of a top-level table starts.
    pub fn enter_cell(&mut self) {
        if self.table_depth == 1 {
            self.cell += 1;
        }
    }

    /// Whether a table is open.
    pub fn in_table(&self) -> bool {
        self.table_depth > 0
    }

    /// A text box starts.
    pub fn enter_text_box(&mut self) {
        self.text_boxes += 1;
        self.text_box_depth += 1;
    }

    /// A text box ends.
    pub fn leave_text_box(&mut self) {
        self.text_box_depth = self.text_box_depth.saturating_sub(1);
    }

    /// Whether a text box is open.
    pub fn in_text_box(&self) -> bool {
        self.text_box_depth > 0
    }

    /// `text box N` while inside one.
    pub fn text_box(&self) -> Option<String> {
        (self.text_box_depth > 0).then(|| format!("text box {}", self.text_boxes))
    }

    /// The locator of a main-text paragraph that starts now: its table cell, or the next
    /// paragraph number.
    pub fn paragraph(&mut self) -> String {
        if self.table_depth > 0 {
            return format!("table {} row {} cell {}", self.tables, self.row, self.cell);
        }
        self.paragraphs += 1;
        format!("paragraph {}", self.paragraphs)
    }
}

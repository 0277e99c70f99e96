//! Word .docx: body paragraphs, headings, tables, lists, text boxes, headers and footers,
//! footnotes, endnotes and comments. Inserted text of tracked changes counts; deleted text, and
//! moved text at its old place, does not. Word splits text into runs anywhere, even mid-word; runs are joined before checking, so
//! a split never hides a match. Each paragraph is located as a Word user would find it.

use std::ops::Range;

use concord_engine::BlockKind;
use quick_xml::events::BytesStart;

use crate::archive::Archive;
use crate::document::{Builder, Document};
use crate::ooxml::{self, Package};
use crate::places::{Paragraph, Places};
use crate::review;
use crate::xml::{self, Origin, Visitor};
use crate::{Format, FormatError};

/// Reads a .docx file.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let mut archive = Archive::open(bytes, "Word document")?;
    let mut b = Builder::located(Format::Docx);
    let package = Package::open(&mut archive)?;
    package.walk(
        &package.main,
        &package.xml,
        &mut Walker::new(&mut b, Part::Body),
    )?;
    let folder = package.folder();
    let names = archive.names();
    for kind in ["header", "footer"] {
        let prefix = format!("{folder}{kind}");
        let parts: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with(&prefix) && n.ends_with(".xml"))
            .collect();
        for (i, name) in parts.iter().enumerate() {
            let part = if kind == "header" {
                Part::Header(i + 1)
            } else {
                Part::Footer(i + 1)
            };
            let text = archive.part(name)?.unwrap_or_default();
            package.walk(name, &text, &mut Walker::new(&mut b, part))?;
        }
    }
    for (part, file) in [
        (Part::Footnotes, "footnotes.xml"),
        (Part::Endnotes, "endnotes.xml"),
        (Part::Comments, "comments.xml"),
    ] {
        let name = format!("{folder}{file}");
        if let Some(text) = archive.part(&name)? {
            package.walk(&name, &text, &mut Walker::new(&mut b, part))?;
        }
    }
    Ok(b.finish())
}

/// Which part of the document is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Body,
    Header(usize),
    Footer(usize),
    Footnotes,
    Endnotes,
    Comments,
}

/// Reads one part's paragraphs into blocks.
struct Walker<'b> {
    b: &'b mut Builder,
    part: Part,
    /// Open paragraphs: a text box inside a paragraph holds paragraphs of its own.
    paragraphs: Vec<Paragraph>,
    /// For each open element, whether it hides its content (deleted text, field codes).
    open: Vec<bool>,
    hidden: usize,
    in_text: bool,
    places: Places,
    notes: usize,
    comment: String,
}

impl<'b> Walker<'b> {
    fn new(b: &'b mut Builder, part: Part) -> Self {
        Walker {
            b,
            part,
            paragraphs: Vec::new(),
            open: Vec::new(),
            hidden: 0,
            in_text: false,
            places: Places::default(),
            notes: 0,
            comment: String::new(),
        }
    }

    fn locator(&mut self) -> String {
        if let Some(text_box) = self.places.text_box() {
            return text_box;
        }
        match self.part {
            Part::Body => self.places.paragraph(),
            Part::Header(n) => format!("header {n}"),
            Part::Footer(n) => format!("footer {n}"),
            Part::Footnotes => format!("footnote {}", self.notes),
            Part::Endnotes => format!("endnote {}", self.notes),
            Part::Comments => self.comment.clone(),
        }
    }

    /// What a paragraph that starts now is.
    fn kind(&self) -> BlockKind {
        match self.part {
            Part::Footnotes | Part::Endnotes => BlockKind::Footnote,
            Part::Comments => BlockKind::Comment,
            Part::Body if self.places.in_table() => BlockKind::TableCell,
            _ => BlockKind::Paragraph,
        }
    }

    /// Adds `text` to the open paragraph; `origin` is where it is in the part, for text of
    /// `w:t` elements.
    fn push_text(&mut self, text: &str, origin: Option<Origin>) {
        if self.hidden > 0 {
            return;
        }
        let anchored = self.part == Part::Body && !self.places.in_text_box();
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.push(text, origin.filter(|_| anchored));
        }
    }
}

impl Visitor for Walker<'_> {
    fn start(&mut self, tag: &BytesStart<'_>, _: Range<usize>) {
        let name = tag.name();
        let name = name.as_ref();
        let note_type = || xml::attribute(tag, b"w:type").unwrap_or_default();
        let hides = match name {
            _ if ooxml::hides_text(name) => true,
            // Footnote separators are lines, not notes.
            b"w:footnote" | b"w:endnote" => matches!(
                note_type().as_str(),
                "separator" | "continuationSeparator" | "continuationNotice"
            ),
            // concord's own review comments are not the author's text.
            b"w:comment" => review::docx::is_own(tag),
            _ => false,
        };
        self.open.push(hides);
        self.hidden += usize::from(hides);
        match name {
            b"w:p" => {
                let kind = self.kind();
                let locator = self.locator();
                self.paragraphs.push(Paragraph::new(locator, kind));
            }
            // Word's built-in heading and title styles.
            b"w:pStyle" => {
                let style = xml::attribute(tag, b"w:val").unwrap_or_default();
                if let Some(paragraph) = self.paragraphs.last_mut()
                    && paragraph.kind == BlockKind::Paragraph
                {
                    if style.starts_with("Heading") {
                        paragraph.kind = BlockKind::Heading;
                    } else if style == "Title" {
                        paragraph.kind = BlockKind::Title;
                    }
                }
            }
            b"w:footnoteReference" | b"w:endnoteReference" => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.cites = true;
                }
            }
            b"w:t" => self.in_text = true,
            b"w:tab" | b"w:ptab" => self.push_text("\t", None),
            b"w:br" | b"w:cr" => self.push_text("\n", None),
            b"w:noBreakHyphen" => self.push_text("-", None),
            b"w:tbl" => self.places.enter_table(),
            b"w:tr" => self.places.enter_row(),
            b"w:tc" => self.places.enter_cell(),
            b"w:txbxContent" => self.places.enter_text_box(),
            b"w:footnote" | b"w:endnote" if !hides => self.notes += 1,
            b"w:comment" if !hides => {
                self.notes += 1;
                self.comment = match xml::attribute(tag, b"w:author") {
                    Some(author) => format!("comment {} by {author}", self.notes),
                    None => format!("comment {}", self.notes),
                };
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8], _: Range<usize>) {
        if self.open.pop() == Some(true) {
            self.hidden -= 1;
        }
        match name {
            b"w:p" => {
                if let Some(p) = self.paragraphs.pop() {
                    p.finish(self.b);
                }
            }
            b"w:t" => self.in_text = false,
            b"w:tbl" => self.places.leave_table(),
            b"w:txbxContent" => self.places.leave_text_box(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str, origin: Origin) {
        if self.in_text {
            self.push_text(text, Some(origin));
        }
    }
}

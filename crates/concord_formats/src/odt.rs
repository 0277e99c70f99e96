//! OpenDocument .odt: paragraphs and headings, lists, tables, text boxes, footnotes, endnotes
//! and comments from content.xml, and headers and footers from styles.xml. Deleted text of
//! tracked changes lives in `text:tracked-changes` and is skipped; inserted text is inline.

use std::ops::Range;

use concord_engine::BlockKind;
use quick_xml::events::BytesStart;

use crate::archive::Archive;
use crate::document::{Builder, Document};
use crate::places::{Paragraph, Places};
use crate::review;
use crate::xml::{self, Origin, Visitor};
use crate::{Format, FormatError};

/// Reads an .odt file.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let mut archive = Archive::open(bytes, "OpenDocument text document")?;
    if archive.is_encrypted_odf()? {
        return Err(FormatError::OdtEncrypted);
    }
    let mut b = Builder::located(Format::Odt);
    let content = archive
        .part("content.xml")?
        .ok_or_else(|| FormatError::MissingPart("content.xml (the main text)".into()))?;
    xml::walk("content.xml", &content, &mut Walker::new(&mut b, false))?;
    if let Some(styles) = archive.part("styles.xml")? {
        xml::walk("styles.xml", &styles, &mut Walker::new(&mut b, true))?;
    }
    Ok(b.finish())
}

/// Reads one part's paragraphs into blocks.
struct Walker<'b> {
    b: &'b mut Builder,
    /// Reading styles.xml, where only headers and footers hold prose.
    styles: bool,
    /// Open paragraphs, innermost last.
    paragraphs: Vec<Paragraph>,
    /// For each open element, whether it hides its content.
    open: Vec<bool>,
    /// For each open element, whether a review comment can be placed in its text: paragraphs,
    /// headings, spans and links (not fields, whose text the application writes).
    inline: Vec<bool>,
    hidden: usize,
    main: Places,
    footnotes: usize,
    endnotes: usize,
    comments: usize,
    /// What the paragraphs being read belong to, innermost last (a note inside a paragraph).
    places: Vec<String>,
    headers: usize,
    footers: usize,
    /// The author of the comment being read, while inside its `dc:creator`.
    author: Option<String>,
}

impl<'b> Walker<'b> {
    fn new(b: &'b mut Builder, styles: bool) -> Self {
        Walker {
            b,
            styles,
            paragraphs: Vec::new(),
            open: Vec::new(),
            inline: Vec::new(),
            hidden: 0,
            main: Places::default(),
            footnotes: 0,
            endnotes: 0,
            comments: 0,
            places: Vec::new(),
            headers: 0,
            footers: 0,
            author: None,
        }
    }

    fn locator(&mut self) -> String {
        if let Some(place) = self.places.last() {
            return place.clone();
        }
        if let Some(text_box) = self.main.text_box() {
            return text_box;
        }
        if self.hidden > 0 {
            return String::new();
        }
        self.main.paragraph()
    }

    /// Adds `text` to the open paragraph; `origin` is where it is in the part, for character
    /// data.
    fn push_text(&mut self, text: &str, origin: Option<Origin>) {
        if let Some(author) = &mut self.author {
            author.push_str(text);
            return;
        }
        if self.hidden > 0 {
            return;
        }
        let anchored = !self.styles
            && self.places.is_empty()
            && !self.main.in_text_box()
            && self.inline.last() == Some(&true);
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.push(text, origin.filter(|_| anchored));
        }
    }
}

impl Visitor for Walker<'_> {
    fn start(&mut self, tag: &BytesStart<'_>, _: Range<usize>) {
        let name = tag.name();
        let name = name.as_ref();
        let hides = matches!(
            name,
            b"text:tracked-changes"
                | b"text:note-citation"
                | b"dc:creator"
                | b"dc:date"
                | b"office:automatic-styles"
        ) || (name == b"office:annotation" && review::odt::is_own(tag));
        self.open.push(hides);
        self.inline.push(matches!(
            name,
            b"text:p" | b"text:h" | b"text:span" | b"text:a"
        ));
        self.hidden += usize::from(hides);
        match name {
            b"text:p" | b"text:h" => {
                let kind = match self.places.last() {
                    Some(place) if place.starts_with("comment") => BlockKind::Comment,
                    Some(place)
                        if place.starts_with("footnote") || place.starts_with("endnote") =>
                    {
                        BlockKind::Footnote
                    }
                    _ if name == b"text:h" => BlockKind::Heading,
                    _ if self.main.in_table() => BlockKind::TableCell,
                    _ => BlockKind::Paragraph,
                };
                let locator = self.locator();
                self.paragraphs.push(Paragraph::new(locator, kind));
            }
            b"text:s" => {
                let count = xml::attribute(tag, b"text:c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1usize);
                self.push_text(&" ".repeat(count.min(1000)), None);
            }
            b"text:tab" => self.push_text("\t", None),
            b"text:line-break" => self.push_text("\n", None),
            b"table:table" => self.main.enter_table(),
            b"table:table-row" => self.main.enter_row(),
            b"table:table-cell" | b"table:covered-table-cell" => self.main.enter_cell(),
            b"draw:text-box" => self.main.enter_text_box(),
            b"text:note" => {
                // The note is cited in the paragraph it sits in.
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.cites = true;
                }
                let place = if xml::attribute(tag, b"text:note-class").as_deref() == Some("endnote")
                {
                    self.endnotes += 1;
                    format!("endnote {}", self.endnotes)
                } else {
                    self.footnotes += 1;
                    format!("footnote {}", self.footnotes)
                };
                self.places.push(place);
            }
            b"office:annotation" => {
                // concord's own comments are hidden, and not counted in the author's.
                self.comments += usize::from(!hides);
                self.places.push(format!("comment {}", self.comments));
            }
            b"dc:creator" if self.places.last().is_some_and(|p| p.starts_with("comment")) => {
                self.author = Some(String::new());
            }
            b"style:header" | b"style:header-first" | b"style:header-left" => {
                self.headers += 1;
                self.places.push(format!("header {}", self.headers));
            }
            b"style:footer" | b"style:footer-first" | b"style:footer-left" => {
                self.footers += 1;
                self.places.push(format!("footer {}", self.footers));
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8], _: Range<usize>) {
        if self.open.pop() == Some(true) {
            self.hidden -= 1;
        }
        self.inline.pop();
        match name {
            b"dc:creator" => {
                if let (Some(author), Some(place)) = (self.author.take(), self.places.last_mut()) {
                    place.push_str(&format!(" by {author}"));
                }
            }
            b"text:p" | b"text:h" => {
                if let Some(p) = self.paragraphs.pop() {
                    // In styles.xml only header and footer paragraphs are prose.
                    if !self.styles
                        || (p.locator.starts_with("header") || p.locator.starts_with("footer"))
                    {
                        p.finish(self.b);
                    }
                }
            }
            b"table:table" => self.main.leave_table(),
            b"draw:text-box" => self.main.leave_text_box(),
            b"text:note"
            | b"office:annotation"
            | b"style:header"
            | b"style:header-first"
            | b"style:header-left"
            | b"style:footer"
            | b"style:footer-first"
            | b"style:footer-left" => {
                self.places.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, origin: Origin) {
        self.push_text(text, Some(origin));
    }
}

//! Comments in an OpenDocument .odt: an `office:annotation` where the words start and an
//! `office:annotation-end` of the same name where they end, both inline in content.xml.
//! Annotations sit between characters, so nothing is split.

use std::ops::Range;

use quick_xml::events::BytesStart;

use super::plan::{Plan, Reviewed, summary};
use super::splice::{Splice, xml_text};
use crate::FormatError;
use crate::archive::Archive;
use crate::xml::{self, Origin, Visitor};

/// How the names of concord's annotations start: how its own comments are told apart.
const NAME_PREFIX: &str = "concord-";

const CONTENT: &str = "content.xml";
const DC_NAMESPACE: &str = "http://purl.org/dc/elements/1.1/";

/// Whether the `office:annotation` start tag `tag` is one concord wrote.
pub(crate) fn is_own(tag: &BytesStart<'_>) -> bool {
    xml::attribute(tag, b"office:name").is_some_and(|name| name.starts_with(NAME_PREFIX))
}

/// The package `bytes` with the plan's comments written in. Annotations go between any two
/// characters, so every anchored note is placed.
pub(crate) fn write(bytes: &[u8], plan: &Plan<'_>) -> Result<Reviewed, FormatError> {
    let mut archive = Archive::open(bytes, "OpenDocument text document")?;
    let content = archive
        .part(CONTENT)?
        .ok_or_else(|| FormatError::MissingPart(format!("{CONTENT} (the main text)")))?;
    let mut body = Body::default();
    xml::walk(CONTENT, &content, &mut body)?;

    let mut splice = Splice::default();
    for range in &body.removals {
        splice.replace(range.clone(), String::new());
    }
    let mut names = (1..).map(|n| format!("{NAME_PREFIX}{n}"));
    let mut summary_end = None;
    if !plan.gathered.is_empty() {
        let (start, end) = body.first_paragraph.ok_or_else(|| FormatError::Damaged {
            part: CONTENT.into(),
            detail: "it has no paragraph to attach comments to".into(),
        })?;
        let name = names.next().unwrap_or_default();
        splice.insert(start, annotation(&name, &summary(plan.gathered), plan));
        summary_end = Some((end, name));
    }
    for (note, range) in plan.anchored {
        let name = names.next().unwrap_or_default();
        splice.insert(range.start, annotation(&name, &note.paragraphs, plan));
        splice.insert(range.end, annotation_end(&name));
    }
    if let Some((end, name)) = summary_end {
        splice.insert(end, annotation_end(&name));
    }
    let changed = [(CONTENT, splice.apply(&content).into_bytes())];
    Ok(Reviewed {
        bytes: archive.rewrite(&changed)?,
        anchored: plan.anchored.len(),
        gathered: plan.gathered.len(),
    })
}

/// The start of annotation `name`, holding `paragraphs`.
fn annotation(name: &str, paragraphs: &[String], plan: &Plan<'_>) -> String {
    let mut xml = format!(
        "<office:annotation office:name=\"{name}\" xmlns:dc=\"{DC_NAMESPACE}\"><dc:creator>{}</dc:creator><dc:date>{}</dc:date>",
        xml_text(&plan.reviewer.author),
        xml_text(&plan.reviewer.date)
    );
    for paragraph in paragraphs {
        xml.push_str(&format!("<text:p>{}</text:p>", xml_text(paragraph)));
    }
    xml.push_str("</office:annotation>");
    xml
}

fn annotation_end(name: &str) -> String {
    format!("<office:annotation-end office:name=\"{name}\"/>")
}

/// The structure of content.xml that comments are placed in.
#[derive(Debug, Default)]
struct Body {
    /// concord's own annotations and their ends, to remove.
    removals: Vec<Range<usize>>,
    /// Where an own annotation being read started.
    open_own: Option<usize>,
    /// Where a comment on the first paragraph of the text starts and ends.
    first_paragraph: Option<(usize, usize)>,
    /// The first paragraph is open, at this depth.
    first_open: Option<usize>,
    /// Open elements that hold paragraphs of their own (notes, annotations, frames, deleted
    /// text).
    nested: usize,
    depth: usize,
    in_text: bool,
}

impl Visitor for Body {
    fn start(&mut self, tag: &BytesStart<'_>, at: Range<usize>) {
        self.depth += 1;
        match tag.name().as_ref() {
            b"office:text" => self.in_text = true,
            b"office:annotation" => {
                self.nested += 1;
                if is_own(tag) {
                    self.open_own = Some(at.start);
                }
            }
            b"office:annotation-end" if is_own(tag) => self.removals.push(at),
            b"text:note" | b"draw:frame" | b"text:tracked-changes" => self.nested += 1,
            b"text:p" | b"text:h"
                if self.in_text && self.nested == 0 && self.first_paragraph.is_none() =>
            {
                self.first_open = Some(self.depth);
                self.first_paragraph = Some((at.end, at.end));
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        match name {
            b"office:text" => self.in_text = false,
            b"office:annotation" => {
                self.nested = self.nested.saturating_sub(1);
                if let Some(start) = self.open_own.take() {
                    self.removals.push(start..at.end);
                }
            }
            b"text:note" | b"draw:frame" | b"text:tracked-changes" => {
                self.nested = self.nested.saturating_sub(1);
            }
            b"text:p" | b"text:h" if self.first_open == Some(self.depth) => {
                self.first_open = None;
                if at.is_empty() {
                    // An empty element (`<text:p/>`) has nowhere inside to put a comment.
                    self.first_paragraph = None;
                } else if let Some((_, to)) = &mut self.first_paragraph {
                    *to = at.start;
                }
            }
            _ => {}
        }
        self.depth -= 1;
    }

    fn text(&mut self, _: &str, _: Origin) {}
}

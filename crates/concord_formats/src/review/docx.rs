//! Comments in a Word .docx: `w:comment` elements in the comments part, anchored in
//! `word/document.xml` by `w:commentRangeStart` and `w:commentRangeEnd` with a
//! `w:commentReference` run after the end. Word puts range marks between runs, so a run is split
//! where a finding starts or ends inside it; both halves keep the run's formatting, and inside a
//! hyperlink or a tracked insertion both stay inside it.

use std::collections::HashSet;
use std::ops::Range;

use quick_xml::events::BytesStart;

use super::plan::{Note, Plan, Reviewed, summary};
use super::splice::{Splice, xml_text};
use crate::FormatError;
use crate::archive::Archive;
use crate::xml::{self, Origin, Visitor};

/// The initials on every comment concord writes: how its own comments are told apart.
const INITIALS: &str = "concord";

const MAIN: &str = "word/document.xml";
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NAMESPACE: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Whether the `w:comment` start tag `tag` is one concord wrote.
pub(crate) fn is_own(tag: &BytesStart<'_>) -> bool {
    xml::attribute(tag, b"w:initials").as_deref() == Some(INITIALS)
}

/// The package `bytes` with the plan's comments written in.
pub(crate) fn write(bytes: &[u8], plan: &Plan<'_>) -> Result<Reviewed, FormatError> {
    let mut archive = Archive::open(bytes, "Word document")?;
    let main = archive
        .part(MAIN)?
        .ok_or_else(|| FormatError::MissingPart(format!("{MAIN} (the main text)")))?;
    let rels = archive.part(RELATIONSHIPS)?.unwrap_or_default();
    let mut relationships = Relationships::default();
    xml::walk(RELATIONSHIPS, &rels, &mut relationships)?;
    let comments_name = relationships
        .comments
        .as_deref()
        .map(part_name)
        .unwrap_or_else(|| "word/comments.xml".to_string());
    let existing = archive.part(&comments_name)?;
    let mut comments = Comments::default();
    if let Some(xml) = &existing {
        xml::walk(&comments_name, xml, &mut comments)?;
    }
    let mut body = Body::new(&comments.own);
    xml::walk(MAIN, &main, &mut body)?;

    let mut splice = Splice::default();
    for range in &body.removals {
        splice.replace(range.clone(), String::new());
    }
    let mut next_id = comments.max_id.max(body.max_id).map_or(0, |id| id + 1);
    let mut written = String::new();
    let mut id = || {
        next_id += 1;
        next_id - 1
    };
    // Each end of an anchored note must fall in the text of a run; any other is listed.
    let mut listed: Vec<&Note> = plan.gathered.to_vec();
    let mut placed = Vec::new();
    for (note, range) in plan.anchored {
        match (
            body.text_at(range.start, false),
            body.text_at(range.end, true),
        ) {
            (Some(start), Some(end)) => placed.push((note, range, start, end)),
            _ => listed.push(note),
        }
    }
    let summary_end = if listed.is_empty() {
        None
    } else {
        let (start, end) = body.first_paragraph.ok_or_else(|| FormatError::Damaged {
            part: MAIN.into(),
            detail: "it has no paragraph to attach comments to".into(),
        })?;
        let id = id();
        splice.insert(start, range_start(id));
        written.push_str(&comment(id, &summary(&listed), plan));
        Some((end, id))
    };
    let mut preserved = HashSet::new();
    for (note, range, start, end) in &placed {
        let id = id();
        body.mark(
            &main,
            &mut splice,
            &mut preserved,
            *start,
            range.start,
            &range_start(id),
        );
        body.mark(
            &main,
            &mut splice,
            &mut preserved,
            *end,
            range.end,
            &range_end(id),
        );
        written.push_str(&comment(id, &note.paragraphs, plan));
    }
    if let Some((end, id)) = summary_end {
        splice.insert(end, range_end(id));
    }

    let mut changed = vec![(MAIN, splice.apply(&main).into_bytes())];
    let comments_xml = match (&existing, comments.end) {
        (Some(xml), Some(end)) => {
            let mut splice = Splice::default();
            for range in &comments.removals {
                splice.replace(range.clone(), String::new());
            }
            splice.insert(end, written);
            splice.apply(xml)
        }
        _ => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NAMESPACE}\">{written}</w:comments>"
        ),
    };
    let (rels_xml, types_xml);
    if relationships.comments.is_none() {
        let end = relationships.end.ok_or_else(|| {
            FormatError::MissingPart(format!(
                "{RELATIONSHIPS} (the list of the document's parts)"
            ))
        })?;
        let mut splice = Splice::default();
        let id = (1..)
            .map(|n| format!("rIdConcord{n}"))
            .find(|id| !relationships.ids.contains(id))
            .unwrap_or_default();
        splice.insert(
            end,
            format!("<Relationship Id=\"{id}\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/>"),
        );
        rels_xml = splice.apply(&rels);
        changed.push((RELATIONSHIPS, rels_xml.into_bytes()));
        let types = archive.part(CONTENT_TYPES)?.ok_or_else(|| {
            FormatError::MissingPart(format!("{CONTENT_TYPES} (the list of content types)"))
        })?;
        if !types.contains("PartName=\"/word/comments.xml\"") {
            let mut content_types = ContentTypes::default();
            xml::walk(CONTENT_TYPES, &types, &mut content_types)?;
            let end = content_types.end.ok_or_else(|| FormatError::Damaged {
                part: CONTENT_TYPES.into(),
                detail: "it has no end".into(),
            })?;
            let mut splice = Splice::default();
            splice.insert(
                end,
                format!("<Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_CONTENT_TYPE}\"/>"),
            );
            types_xml = splice.apply(&types);
            changed.push((CONTENT_TYPES, types_xml.into_bytes()));
        }
    }
    changed.push((comments_name.as_str(), comments_xml.into_bytes()));
    Ok(Reviewed {
        bytes: archive.rewrite(&changed)?,
        anchored: placed.len(),
        gathered: listed.len(),
    })
}

/// The part name of a relationship target of the main part (`comments.xml`, `/word/x.xml`).
fn part_name(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("word/{target}"),
    }
}

fn range_start(id: usize) -> String {
    format!("<w:commentRangeStart w:id=\"{id}\"/>")
}

fn range_end(id: usize) -> String {
    format!("<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>")
}

/// One `w:comment` holding `paragraphs`.
fn comment(id: usize, paragraphs: &[String], plan: &Plan<'_>) -> String {
    let mut xml = format!(
        "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{INITIALS}\">",
        xml_text(&plan.reviewer.author),
        xml_text(&plan.reviewer.date)
    );
    for (i, paragraph) in paragraphs.iter().enumerate() {
        xml.push_str("<w:p>");
        if i == 0 {
            xml.push_str("<w:r><w:annotationRef/></w:r>");
        }
        // 10 point, as Word's own comment style, whatever the document's body text is.
        xml.push_str(&format!(
            "<w:r><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_text(paragraph)
        ));
    }
    xml.push_str("</w:comment>");
    xml
}

/// A run of `word/document.xml`: where it starts, its formatting, where its content starts,
/// and its end tag.
#[derive(Debug, Default, Clone)]
struct Run {
    start: usize,
    properties: Range<usize>,
    content: usize,
    end: Range<usize>,
    /// Holds text (`w:t`) or other content besides a reference to one of concord's comments.
    content_seen: bool,
    own_reference: bool,
}

/// A `w:t` element: its start tag, its character data, its end, and its run.
#[derive(Debug, Clone)]
struct Text {
    tag: Range<usize>,
    data: Range<usize>,
    end: usize,
    run: usize,
}

/// The structure of `word/document.xml` that comments are placed in.
#[derive(Debug)]
struct Body<'a> {
    /// Ids of concord's own comments, whose marks are removed.
    own: &'a HashSet<String>,
    runs: Vec<Run>,
    open_runs: Vec<usize>,
    texts: Vec<Text>,
    /// Open elements: name and where each starts.
    stack: Vec<(Vec<u8>, usize)>,
    removals: Vec<Range<usize>>,
    /// Where a comment on the first paragraph starts (after its properties) and ends.
    first_paragraph: Option<(usize, usize)>,
    first_open: Option<usize>,
    text_boxes: usize,
    max_id: Option<usize>,
}

impl<'a> Body<'a> {
    fn new(own: &'a HashSet<String>) -> Self {
        Body {
            own,
            runs: Vec::new(),
            open_runs: Vec::new(),
            texts: Vec::new(),
            stack: Vec::new(),
            removals: Vec::new(),
            first_paragraph: None,
            first_open: None,
            text_boxes: 0,
            max_id: None,
        }
    }

    /// The `w:t` whose character data holds the boundary `at`: the character after it for a
    /// start, the character before it for an end.
    fn text_at(&self, at: usize, end: bool) -> Option<usize> {
        let i = self
            .texts
            .partition_point(|t| {
                if end {
                    t.data.start < at
                } else {
                    t.data.start <= at
                }
            })
            .checked_sub(1)?;
        let text = &self.texts[i];
        let inside = if end {
            at <= text.data.end
        } else {
            at < text.data.end
        };
        inside.then_some(i)
    }

    /// Places `mark` at byte `at` inside the data of text `t`: between runs when `at` is on the
    /// run's edge, otherwise by splitting the run in two.
    fn mark(
        &self,
        xml: &str,
        splice: &mut Splice,
        preserved: &mut HashSet<usize>,
        t: usize,
        at: usize,
        mark: &str,
    ) {
        let text = &self.texts[t];
        let run = &self.runs[text.run];
        if at == text.data.start && text.tag.start == run.content {
            splice.insert(run.start, mark.to_string());
        } else if at == text.data.end && text.end == run.end.start && !run.end.is_empty() {
            splice.insert(run.end.end, mark.to_string());
        } else {
            let tag = &xml[text.tag.clone()];
            if !tag.contains("xml:space") && preserved.insert(t) {
                // Both halves keep their spaces at the split.
                let name_end = text.tag.start + "<w:t".len();
                splice.insert(name_end, " xml:space=\"preserve\"".to_string());
            }
            splice.insert(
                at,
                format!(
                    "</w:t></w:r>{mark}<w:r>{}<w:t xml:space=\"preserve\">",
                    &xml[run.properties.clone()]
                ),
            );
        }
    }

    fn parent_is(&self, name: &[u8]) -> bool {
        self.stack.len() >= 2 && self.stack[self.stack.len() - 2].0 == name
    }

    fn note_id(&mut self, tag: &BytesStart<'_>) -> bool {
        let id = xml::attribute(tag, b"w:id").unwrap_or_default();
        if let Ok(n) = id.parse::<usize>() {
            self.max_id = self.max_id.max(Some(n));
        }
        self.own.contains(&id)
    }
}

impl Visitor for Body<'_> {
    fn start(&mut self, tag: &BytesStart<'_>, at: Range<usize>) {
        let name = tag.name().as_ref().to_vec();
        self.stack.push((name.clone(), at.start));
        match name.as_slice() {
            b"w:r" => {
                self.runs.push(Run {
                    start: at.start,
                    properties: at.end..at.end,
                    content: at.end,
                    ..Run::default()
                });
                self.open_runs.push(self.runs.len() - 1);
            }
            b"w:t" => {
                if let Some(&run) = self.open_runs.last() {
                    self.runs[run].content_seen = true;
                    self.texts.push(Text {
                        tag: at.clone(),
                        data: at.end..at.end,
                        end: at.end,
                        run,
                    });
                }
            }
            b"w:commentRangeStart" | b"w:commentRangeEnd" => {
                if self.note_id(tag) {
                    // Removed whole when it ends.
                    self.removals.push(at.start..at.start);
                }
            }
            b"w:commentReference" => {
                if self.note_id(tag) {
                    if let Some(&run) = self.open_runs.last() {
                        self.runs[run].own_reference = true;
                    }
                }
            }
            b"w:txbxContent" => self.text_boxes += 1,
            b"w:p" if self.first_paragraph.is_none() && self.text_boxes == 0 => {
                self.first_open = Some(self.stack.len());
                self.first_paragraph = Some((at.end, at.end));
            }
            b"w:rPr" | b"w:pPr" => {}
            _ => {
                if self.parent_is(b"w:r") {
                    if let Some(&run) = self.open_runs.last() {
                        self.runs[run].content_seen = true;
                    }
                }
            }
        }
    }

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        let depth = self.stack.len();
        let start = self.stack.last().map_or(at.start, |(_, start)| *start);
        match name {
            b"w:r" => {
                if let Some(run) = self.open_runs.pop() {
                    let run = &mut self.runs[run];
                    run.end = at.clone();
                    if run.own_reference && !run.content_seen {
                        self.removals.push(run.start..at.end);
                    }
                }
            }
            b"w:rPr" if self.parent_is(b"w:r") => {
                if let Some(&run) = self.open_runs.last() {
                    self.runs[run].properties = start..at.end;
                    self.runs[run].content = at.end;
                }
            }
            b"w:t" => {
                if let Some(text) = self.texts.last_mut().filter(|t| t.tag.start == start) {
                    text.data = text.tag.end..at.start;
                    text.end = at.end;
                }
            }
            b"w:commentRangeStart" | b"w:commentRangeEnd" => {
                if let Some(removal) = self.removals.last_mut().filter(|r| r.start == start) {
                    removal.end = at.end;
                }
            }
            b"w:txbxContent" => self.text_boxes -= 1,
            b"w:pPr" if self.first_open == Some(depth - 1) => {
                if let Some((from, _)) = &mut self.first_paragraph {
                    *from = at.end;
                }
            }
            b"w:p" if self.first_open == Some(depth) => {
                self.first_open = None;
                match &mut self.first_paragraph {
                    // An empty element (`<w:p/>`) has nowhere inside to put a comment.
                    Some(_) if at.is_empty() => self.first_paragraph = None,
                    Some((_, to)) => *to = at.start,
                    None => {}
                }
            }
            _ => {}
        }
        self.stack.pop();
    }

    fn text(&mut self, _: &str, _: Origin) {}
}

/// The comments part: concord's own comments (to remove), the highest id, and where new
/// comments go.
#[derive(Debug, Default)]
struct Comments {
    own: HashSet<String>,
    removals: Vec<Range<usize>>,
    max_id: Option<usize>,
    end: Option<usize>,
    open_own: Option<usize>,
}

impl Visitor for Comments {
    fn start(&mut self, tag: &BytesStart<'_>, at: Range<usize>) {
        if tag.name().as_ref() == b"w:comment" {
            let id = xml::attribute(tag, b"w:id").unwrap_or_default();
            if let Ok(n) = id.parse::<usize>() {
                self.max_id = self.max_id.max(Some(n));
            }
            if is_own(tag) {
                self.own.insert(id);
                self.open_own = Some(at.start);
            }
        }
    }

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        match name {
            b"w:comment" => {
                if let Some(start) = self.open_own.take() {
                    self.removals.push(start..at.end);
                }
            }
            b"w:comments" if !at.is_empty() => self.end = Some(at.start),
            _ => {}
        }
    }

    fn text(&mut self, _: &str, _: Origin) {}
}

/// The main part's relationships: ids in use, the comments part's target, and where a new
/// relationship goes.
#[derive(Debug, Default)]
struct Relationships {
    ids: HashSet<String>,
    comments: Option<String>,
    end: Option<usize>,
}

impl Visitor for Relationships {
    fn start(&mut self, tag: &BytesStart<'_>, _: Range<usize>) {
        if tag.name().as_ref() == b"Relationship" {
            if let Some(id) = xml::attribute(tag, b"Id") {
                self.ids.insert(id);
            }
            if xml::attribute(tag, b"Type").as_deref() == Some(COMMENTS_TYPE) {
                self.comments = xml::attribute(tag, b"Target");
            }
        }
    }

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        if name == b"Relationships" && !at.is_empty() {
            self.end = Some(at.start);
        }
    }

    fn text(&mut self, _: &str, _: Origin) {}
}

/// Where a new content type goes.
#[derive(Debug, Default)]
struct ContentTypes {
    end: Option<usize>,
}

impl Visitor for ContentTypes {
    fn start(&mut self, _: &BytesStart<'_>, _: Range<usize>) {}

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        if name == b"Types" && !at.is_empty() {
            self.end = Some(at.start);
        }
    }

    fn text(&mut self, _: &str, _: Origin) {}
}

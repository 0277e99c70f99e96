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
use crate::ooxml::{self, Package};
use crate::xml::{self, Origin, Visitor};

/// The initials on every comment concord writes: how its own comments are told apart.
const INITIALS: &str = "concord";

const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELATIONSHIPS_NAMESPACE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships";

/// Whether the `w:comment` start tag `tag` is one concord wrote.
pub(crate) fn is_own(tag: &BytesStart<'_>) -> bool {
    xml::attribute(tag, b"w:initials").as_deref() == Some(INITIALS)
}

/// The package `bytes` with the plan's comments written in.
pub(crate) fn write(bytes: &[u8], plan: &Plan<'_>) -> Result<Reviewed, FormatError> {
    let mut archive = Archive::open(bytes, "Word document")?;
    let package = Package::open(&mut archive)?;
    let (main, main_xml) = (package.main.as_str(), package.xml.as_str());
    let rels_name = package.relationships();
    // Word does without the main part's relationships when it has none; one is made if needed.
    let rels = archive.part(&rels_name)?;
    let mut relationships = Relationships::default();
    if let Some(rels) = &rels {
        xml::walk(&rels_name, rels, &mut relationships)?;
    }
    let comments_name = relationships.comments.as_deref().map_or_else(
        || package.part_name("comments.xml"),
        |t| package.part_name(t),
    );
    let existing = archive.part(&comments_name)?;
    let mut comments = Comments::default();
    if let Some(xml) = &existing {
        package.walk(&comments_name, xml, &mut comments)?;
    }
    let mut body = Body::new(&comments.own);
    package.walk(main, main_xml, &mut body)?;
    let w = Tags {
        prefix: &package.prefix,
    };

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
    // The comments written, in the comments part's own prefix.
    let comments_prefix = existing
        .as_deref()
        .and_then(ooxml::prefix_of)
        .unwrap_or_else(|| "w".into());
    let c = Tags {
        prefix: &comments_prefix,
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
        let id = id();
        written.push_str(&c.comment(id, &summary(&listed), plan));
        let whole = || {
            format!(
                "<{0}>{1}{2}</{0}>",
                w.name("p"),
                w.range_start(id),
                w.range_end(id)
            )
        };
        match body.summary_anchor() {
            Some(Anchor::Inside { start, end }) => {
                splice.insert(start, w.range_start(id));
                Some((end, id))
            }
            Some(Anchor::Empty(range)) => {
                splice.replace(range, whole());
                None
            }
            Some(Anchor::BodyStart(at)) => {
                splice.insert(at, whole());
                None
            }
            None => {
                return Err(FormatError::Damaged {
                    part: main.into(),
                    detail: "it has no body to attach comments to".into(),
                });
            }
        }
    };
    let mut preserved = HashSet::new();
    for (note, range, start, end) in &placed {
        let id = id();
        body.mark(
            &w,
            main_xml,
            &mut splice,
            &mut preserved,
            *start,
            range.start,
            &w.range_start(id),
        );
        body.mark(
            &w,
            main_xml,
            &mut splice,
            &mut preserved,
            *end,
            range.end,
            &w.range_end(id),
        );
        written.push_str(&c.comment(id, &note.paragraphs, plan));
    }
    if let Some((end, id)) = summary_end {
        splice.insert(end, w.range_end(id));
    }

    let mut changed = vec![(main.to_string(), splice.apply(main_xml).into_bytes())];
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
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{}\">{written}</w:comments>",
            package.namespace()
        ),
    };
    if relationships.comments.is_none() {
        let id = (1..)
            .map(|n| format!("rIdConcord{n}"))
            .find(|id| !relationships.ids.contains(id))
            .unwrap_or_default();
        let target = &comments_name[package.folder().len()..];
        let relationship = format!(
            "<Relationship Id=\"{id}\" Type=\"{}\" Target=\"{target}\"/>",
            package.comments_type()
        );
        let rels_xml = match (&rels, relationships.end) {
            (Some(rels), Some(end)) => {
                let mut splice = Splice::default();
                splice.insert(end, relationship);
                splice.apply(rels)
            }
            (Some(_), None) => {
                return Err(FormatError::Damaged {
                    part: rels_name,
                    detail: "its list of relationships has no end".into(),
                });
            }
            (None, _) => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{RELATIONSHIPS_NAMESPACE}\">{relationship}</Relationships>"
            ),
        };
        changed.push((rels_name.clone(), rels_xml.into_bytes()));
        let types = archive.part(CONTENT_TYPES)?.ok_or_else(|| {
            FormatError::MissingPart(format!("{CONTENT_TYPES} (the list of content types)"))
        })?;
        let part_name = format!("PartName=\"/{comments_name}\"");
        if !types.contains(&part_name) {
            let mut content_types = ContentTypes::default();
            xml::walk(CONTENT_TYPES, &types, &mut content_types)?;
            let end = content_types.end.ok_or_else(|| FormatError::Damaged {
                part: CONTENT_TYPES.into(),
                detail: "it has no end".into(),
            })?;
            let mut splice = Splice::default();
            splice.insert(
                end,
                format!("<Override {part_name} ContentType=\"{COMMENTS_CONTENT_TYPE}\"/>"),
            );
            changed.push((CONTENT_TYPES.to_string(), splice.apply(&types).into_bytes()));
        }
    }
    changed.push((comments_name.clone(), comments_xml.into_bytes()));
    Ok(Reviewed {
        bytes: archive.rewrite(&changed)?,
        anchored: placed.len(),
        gathered: listed.len(),
    })
}

/// WordprocessingML written with a part's own prefix (`w` almost always).
struct Tags<'p> {
    prefix: &'p str,
}

impl Tags<'_> {
    /// The qualified name of `local`.
    fn name(&self, local: &str) -> String {
        format!("{}:{local}", self.prefix)
    }

    fn range_start(&self, id: usize) -> String {
        format!("<{0}:commentRangeStart {0}:id=\"{id}\"/>", self.prefix)
    }

    fn range_end(&self, id: usize) -> String {
        format!(
            "<{0}:commentRangeEnd {0}:id=\"{id}\"/><{0}:r><{0}:commentReference {0}:id=\"{id}\"/></{0}:r>",
            self.prefix
        )
    }

    /// One `w:comment` holding `paragraphs`.
    fn comment(&self, id: usize, paragraphs: &[String], plan: &Plan<'_>) -> String {
        let w = self.prefix;
        let mut xml = format!(
            "<{w}:comment {w}:id=\"{id}\" {w}:author=\"{}\" {w}:date=\"{}\" {w}:initials=\"{INITIALS}\">",
            xml_text(&plan.reviewer.author),
            xml_text(&plan.reviewer.date)
        );
        for (i, paragraph) in paragraphs.iter().enumerate() {
            xml.push_str(&format!("<{w}:p>"));
            if i == 0 {
                xml.push_str(&format!("<{w}:r><{w}:annotationRef/></{w}:r>"));
            }
            // 10 point, as Word's own comment style, whatever the document's body text is.
            xml.push_str(&format!(
                "<{w}:r><{w}:rPr><{w}:sz {w}:val=\"20\"/><{w}:szCs {w}:val=\"20\"/></{w}:rPr><{w}:t xml:space=\"preserve\">{}</{w}:t></{w}:r></{w}:p>",
                xml_text(paragraph)
            ));
        }
        xml.push_str(&format!("</{w}:comment>"));
        xml
    }
}

/// Where the comment listing what no comment could sit on goes.
#[derive(Debug, Clone, PartialEq)]
enum Anchor {
    /// Inside the first paragraph of text: from after its properties to its end tag.
    Inside { start: usize, end: usize },
    /// An empty paragraph (`<w:p/>`), replaced by one holding the comment's marks.
    Empty(Range<usize>),
    /// The start of a body with no paragraph to use: a paragraph is added there.
    BodyStart(usize),
}

/// A paragraph of the body being read, as a place for the summary comment.
#[derive(Debug)]
struct Candidate {
    depth: usize,
    tag: Range<usize>,
    start: usize,
    /// It holds shapes, pictures or text boxes: a comment spanning it can stall LibreOffice.
    shapes: bool,
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

/// The structure of the main part that comments are placed in.
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
    /// The first paragraph of text without shapes, found.
    first_paragraph: Option<Anchor>,
    /// The first empty paragraph (`<w:p/>`), if no paragraph of text is found.
    first_empty: Option<Anchor>,
    /// Where the body's content starts.
    body_start: Option<usize>,
    /// The paragraph being read, while no paragraph of text has been found.
    candidate: Option<Candidate>,
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
            first_empty: None,
            body_start: None,
            candidate: None,
            text_boxes: 0,
            max_id: None,
        }
    }

    /// Where the comment listing what no comment could sit on goes: the first paragraph of text
    /// without shapes (a cover page of shapes and text boxes is passed over), else the first
    /// empty paragraph, else the start of the body.
    fn summary_anchor(&self) -> Option<Anchor> {
        self.first_paragraph
            .clone()
            .or_else(|| self.first_empty.clone())
            .or(self.body_start.map(Anchor::BodyStart))
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
    #[allow(clippy::too_many_arguments)]
    fn mark(
        &self,
        w: &Tags<'_>,
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
            let (t_name, r_name) = (w.name("t"), w.name("r"));
            if !tag.contains("xml:space") && preserved.insert(t) {
                // Both halves keep their spaces at the split.
                let name_end = text.tag.start + 1 + t_name.len();
                splice.insert(name_end, " xml:space=\"preserve\"".to_string());
            }
            splice.insert(
                at,
                format!(
                    "</{t_name}></{r_name}>{mark}<{r_name}>{}<{t_name} xml:space=\"preserve\">",
                    &xml[run.properties.clone()]
                ),
            );
        }
    }

    /// The paragraph being read holds shapes, pictures or text boxes.
    fn shapes_seen(&mut self) {
        if let Some(candidate) = &mut self.candidate {
            candidate.shapes = true;
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
                if self.note_id(tag)
                    && let Some(&run) = self.open_runs.last()
                {
                    self.runs[run].own_reference = true;
                }
            }
            b"w:txbxContent" => {
                self.text_boxes += 1;
                self.shapes_seen();
            }
            b"w:drawing" | b"w:pict" | b"w:object" | b"mc:AlternateContent" => self.shapes_seen(),
            b"w:body" => self.body_start = Some(at.end),
            b"w:p"
                if self.first_paragraph.is_none()
                    && self.candidate.is_none()
                    && self.text_boxes == 0 =>
            {
                self.candidate = Some(Candidate {
                    depth: self.stack.len(),
                    tag: at.clone(),
                    start: at.end,
                    shapes: false,
                });
            }
            b"w:rPr" | b"w:pPr" => {}
            _ => {
                if self.parent_is(b"w:r")
                    && let Some(&run) = self.open_runs.last()
                {
                    self.runs[run].content_seen = true;
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
            b"w:pPr" => {
                if let Some(candidate) = &mut self.candidate
                    && candidate.depth + 1 == depth
                {
                    candidate.start = at.end;
                }
            }
            b"w:p" if self.candidate.as_ref().is_some_and(|c| c.depth == depth) => {
                let candidate = self.candidate.take().expect("checked above");
                if candidate.shapes {
                    // Passed over: the next paragraph may do.
                } else if at.is_empty() {
                    // An empty element (`<w:p/>`) has nowhere inside to put a comment.
                    self.first_empty = self
                        .first_empty
                        .take()
                        .or(Some(Anchor::Empty(candidate.tag)));
                } else {
                    self.first_paragraph = Some(Anchor::Inside {
                        start: candidate.start,
                        end: at.start,
                    });
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
            if xml::attribute(tag, b"Type").is_some_and(|t| ooxml::is_comments_type(&t)) {
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

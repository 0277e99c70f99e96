//! The shape of a Word package, as other programs write it: the main part is wherever
//! `_rels/.rels` says (pandoc and PHPWord do not always use `word/document.xml`), the package may
//! be ISO 29500 Strict (other namespaces for the same elements), and WordprocessingML may be
//! written with any prefix (`ns0:` from Python's ElementTree), not only `w:`.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::FormatError;
use crate::archive::Archive;
use crate::xml::{self, Origin, Visitor};

/// WordprocessingML's namespace in Transitional packages (what Word writes by default).
pub(crate) const W_TRANSITIONAL: &str =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// WordprocessingML's namespace in Strict packages.
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// The relationship types of the main part and of comments, Transitional then Strict.
const MAIN_TYPES: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
];
const COMMENTS_TYPES: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
];

/// Where a Word package keeps its text, and how it is written.
#[derive(Debug, Clone)]
pub(crate) struct Package {
    /// The main part's name in the archive (`word/document.xml`).
    pub main: String,
    /// The main part's text.
    pub xml: String,
    /// Whether the package is Strict.
    pub strict: bool,
    /// The prefix WordprocessingML is written with in the main part (`w` almost always).
    pub prefix: String,
}

impl Package {
    /// Finds and reads the main part of `archive`.
    pub fn open(archive: &mut Archive<'_>) -> Result<Package, FormatError> {
        let named = match archive.part("_rels/.rels")? {
            Some(rels) => {
                let mut found = Targets::of(&MAIN_TYPES);
                xml::walk("_rels/.rels", &rels, &mut found)?;
                found
                    .target
                    .map(|t| (t.trim_start_matches('/').to_string(), found.strict))
            }
            None => None,
        };
        let (main, strict) = named.unwrap_or_else(|| ("word/document.xml".into(), false));
        let xml = archive
            .part(&main)?
            .ok_or_else(|| FormatError::MissingPart(format!("{main} (the main text)")))?;
        let (prefix, strict_namespace) = word_prefix(&xml).unwrap_or(("w".into(), false));
        Ok(Package {
            strict: strict || strict_namespace,
            main,
            xml,
            prefix,
        })
    }

    /// The folder the main part is in, with its slash (`word/`).
    pub fn folder(&self) -> &str {
        &self.main[..self.main.rfind('/').map_or(0, |i| i + 1)]
    }

    /// The name of the main part's relationships part (`word/_rels/document.xml.rels`).
    pub fn relationships(&self) -> String {
        let file = &self.main[self.folder().len()..];
        format!("{}_rels/{file}.rels", self.folder())
    }

    /// The name of a part the main part's relationships name by `target`.
    pub fn part_name(&self, target: &str) -> String {
        match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{}{target}", self.folder()),
        }
    }

    /// WordprocessingML's namespace in this package.
    pub fn namespace(&self) -> &'static str {
        if self.strict {
            W_STRICT
        } else {
            W_TRANSITIONAL
        }
    }

    /// The relationship type of a comments part in this package.
    pub fn comments_type(&self) -> &'static str {
        COMMENTS_TYPES[usize::from(self.strict)]
    }

    /// Walks a part of this package written in WordprocessingML, its elements and attributes
    /// named with `w:` whatever prefix the part uses.
    pub fn walk(
        &self,
        name: &str,
        xml: &str,
        visitor: &mut impl Visitor,
    ) -> Result<(), FormatError> {
        match word_prefix(xml) {
            Some((prefix, _)) if prefix != "w" => {
                xml::walk(name, xml, &mut Renamed { prefix, visitor })
            }
            _ => xml::walk(name, xml, visitor),
        }
    }
}

/// Whether a WordprocessingML element hides the text inside it from a reader: deleted text, the
/// old place of moved text, field instructions, and the fallback copy of text boxes.
pub(crate) fn hides_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"w:del" | b"w:delText" | b"w:moveFrom" | b"w:instrText" | b"mc:Fallback"
    )
}

/// Whether `target` is a comments relationship type, in either kind of package.
pub(crate) fn is_comments_type(target: &str) -> bool {
    COMMENTS_TYPES.contains(&target)
}

/// The prefix the root element of `xml` binds to WordprocessingML's namespace, if it binds one.
pub(crate) fn prefix_of(xml: &str) -> Option<String> {
    word_prefix(xml).map(|(prefix, _)| prefix)
}

/// The prefix the root element of `xml` binds to WordprocessingML's namespace, and whether that
/// namespace is Strict's.
fn word_prefix(xml: &str) -> Option<(String, bool)> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(tag) | Event::Empty(tag) => {
                return tag.attributes().flatten().find_map(|a| {
                    let key = a.key.as_ref().strip_prefix(b"xmlns:")?;
                    let strict = match a.value.as_ref() {
                        v if v == W_TRANSITIONAL.as_bytes() => false,
                        v if v == W_STRICT.as_bytes() => true,
                        _ => return None,
                    };
                    Some((String::from_utf8_lossy(key).into_owned(), strict))
                });
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The target of the first relationship of one of `types`.
struct Targets {
    types: &'static [&'static str],
    target: Option<String>,
    strict: bool,
}

impl Targets {
    fn of(types: &'static [&'static str]) -> Self {
        Targets {
            types,
            target: None,
            strict: false,
        }
    }
}

impl Visitor for Targets {
    fn start(&mut self, tag: &BytesStart<'_>, _: Range<usize>) {
        if self.target.is_some() || tag.local_name().as_ref() != b"Relationship" {
            return;
        }
        let kind = xml::attribute(tag, b"Type").unwrap_or_default();
        if let Some(i) = self.types.iter().position(|t| *t == kind) {
            self.target = xml::attribute(tag, b"Target");
            self.strict = i == 1;
        }
    }

    fn end(&mut self, _: &[u8], _: Range<usize>) {}

    fn text(&mut self, _: &str, _: Origin) {}
}

/// A visitor that sees `prefix:` written as `w:`.
struct Renamed<'v, V> {
    prefix: String,
    visitor: &'v mut V,
}

impl<V> Renamed<'_, V> {
    fn rename(&self, name: &[u8]) -> Option<Vec<u8>> {
        let local = name
            .strip_prefix(self.prefix.as_bytes())?
            .strip_prefix(b":")?;
        Some([b"w:", local].concat())
    }
}

impl<V: Visitor> Visitor for Renamed<'_, V> {
    fn start(&mut self, tag: &BytesStart<'_>, at: Range<usize>) {
        let original = tag.name();
        let name = self.rename(original.as_ref());
        let name = String::from_utf8_lossy(name.as_deref().unwrap_or(original.as_ref()));
        let mut renamed = BytesStart::new(name.into_owned());
        for attribute in tag.attributes().flatten() {
            let key = self.rename(attribute.key.as_ref());
            let key = key.as_deref().unwrap_or(attribute.key.as_ref());
            renamed.push_attribute((key, attribute.value.as_ref()));
        }
        self.visitor.start(&renamed, at);
    }

    fn end(&mut self, name: &[u8], at: Range<usize>) {
        let renamed = self.rename(name);
        self.visitor.end(renamed.as_deref().unwrap_or(name), at);
    }

    fn text(&mut self, text: &str, origin: Origin) {
        self.visitor.text(text, origin);
    }
}

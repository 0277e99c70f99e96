//! HTML: visible text, `alt` and `title` attributes, the page title and meta description,
//! read with html5gum (a WHATWG tokenizer with byte spans). Script, style, code and pre are not
//! prose. Entities are decoded while each decoded character keeps its exact source bytes.
//!
//! A tokenizer, not a tree builder, is deliberate: it never recurses, so a page nested 100,000
//! levels deep costs no more than a flat one.

use std::ops::Range;

use concord_engine::BlockKind;
use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::Format;
use crate::document::{Builder, Document, MASK};

/// Elements whose content is not prose.
const HIDDEN: &[&[u8]] = &[
    b"script",
    b"style",
    b"code",
    b"pre",
    b"template",
    b"kbd",
    b"samp",
    b"svg",
    b"math",
];

/// Elements that start and end a block: no phrase runs across their edges.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"td",
    b"th",
    b"tr",
    b"table",
    b"thead",
    b"tbody",
    b"tfoot",
    b"caption",
    b"section",
    b"article",
    b"aside",
    b"header",
    b"footer",
    b"nav",
    b"main",
    b"blockquote",
    b"figure",
    b"figcaption",
    b"address",
    b"title",
    b"option",
    b"summary",
    b"details",
    b"form",
    b"fieldset",
    b"legend",
    b"hr",
    b"body",
    b"head",
    b"html",
];

/// What a block element is; `within` is the innermost list item, cell or quotation it is in.
fn kind_of(name: &[u8], within: Option<BlockKind>) -> BlockKind {
    match name {
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => BlockKind::Heading,
        b"title" => BlockKind::Title,
        b"li" | b"dt" | b"dd" => BlockKind::ListItem,
        b"td" | b"th" => BlockKind::TableCell,
        b"blockquote" => BlockKind::Quote,
        _ => within.unwrap_or(BlockKind::Paragraph),
    }
}

/// Elements whose blocks give their kind to the paragraphs inside them.
fn is_container(name: &[u8]) -> bool {
    matches!(name, b"li" | b"dt" | b"dd" | b"td" | b"th" | b"blockquote")
}

/// Reads an HTML page.
pub fn read(source: &str) -> Document {
    let mut b = Builder::mapped(Format::Html, source);
    read_fragment(source, 0..source.len(), &mut b);
    b.finish()
}

/// Reads the HTML in `source[range]` into `b` (also used for HTML blocks inside Markdown).
pub(crate) fn read_fragment(source: &str, range: Range<usize>, b: &mut Builder) {
    let base = range.start;
    let html = &source[range];
    let mut hidden: Vec<Vec<u8>> = Vec::new();
    let mut in_head = false;
    let mut in_title = false;
    // The list items, cells and quotations open around the text, innermost last.
    let mut containers: Vec<(Vec<u8>, BlockKind)> = Vec::new();
    let within = |containers: &[(Vec<u8>, BlockKind)]| containers.last().map(|c| c.1);
    for token in Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span()) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_slice() {
                    b"head" => in_head = true,
                    b"body" => in_head = false,
                    b"title" => in_title = true,
                    b"br" => b.replaced("\n", base + tag.span.start..base + tag.span.end),
                    // A superscript number or footnote link cites a source, and is not part
                    // of the word before it: "the UK<sup>20</sup>" is "UK", not "UK20".
                    b"sup" => {
                        b.cite();
                        b.replaced(MASK, base + tag.span.start..base + tag.span.end);
                    }
                    _ => {}
                }
                if HIDDEN.contains(&name.as_slice()) && !tag.self_closing {
                    hidden.push(name.clone());
                }
                let is_description = name == b"meta"
                    && tag
                        .attributes
                        .get(b"name".as_slice())
                        .is_some_and(|n| n.eq_ignore_ascii_case(b"description"));
                let attributes: &[&[u8]] = if is_description {
                    &[b"content"]
                } else {
                    &[b"alt", b"title"]
                };
                for attribute in attributes {
                    if let Some(value) = tag.attributes.get(*attribute) {
                        b.start_block(if is_description {
                            BlockKind::Title
                        } else {
                            BlockKind::Paragraph
                        });
                        attribute_value(
                            html,
                            base,
                            value.span.start..value.span.end,
                            &String::from_utf8_lossy(value),
                            b,
                        );
                        b.start_block(within(&containers).unwrap_or(BlockKind::Paragraph));
                    }
                }
                if BLOCKS.contains(&name.as_slice()) {
                    let kind = kind_of(&name, within(&containers));
                    b.start_block(kind);
                    if is_container(&name) && !tag.self_closing {
                        containers.push((name.clone(), kind));
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if let Some(open) = hidden.iter().rposition(|h| *h == name) {
                    hidden.truncate(open);
                }
                match name.as_slice() {
                    b"head" => in_head = false,
                    b"title" => in_title = false,
                    b"sup" => b.replaced(MASK, base + tag.span.start..base + tag.span.end),
                    _ => {}
                }
                if BLOCKS.contains(&name.as_slice()) {
                    if let Some(open) = containers.iter().rposition(|(c, _)| *c == name) {
                        containers.truncate(open);
                    }
                    b.start_block(within(&containers).unwrap_or(BlockKind::Paragraph));
                }
            }
            Token::Comment(comment) => b.comment(
                &String::from_utf8_lossy(&comment),
                base + comment.span.start..base + comment.span.end,
            ),
            Token::String(text) if hidden.is_empty() && (!in_head || in_title) => {
                let raw = &html[text.span.start..text.span.end];
                decoded(
                    raw,
                    &String::from_utf8_lossy(&text),
                    base + text.span.start,
                    b,
                );
            }
            _ => {}
        }
    }
    b.end_block();
}

/// Appends an attribute's value; `span` runs from the attribute's name to the end of its value.
fn attribute_value(html: &str, base: usize, span: Range<usize>, value: &str, b: &mut Builder) {
    let raw = html.get(span.clone()).unwrap_or_default();
    let start = raw
        .find('=')
        .map(|eq| eq + 1 + raw[eq + 1..].len() - raw[eq + 1..].trim_start().len())
        .map(|at| at + usize::from(raw[at..].starts_with(['"', '\''])));
    match start {
        Some(at) => {
            let end = raw.len() - usize::from(raw.ends_with(['"', '\'']));
            let at = at.min(end);
            decoded(&raw[at..end], value, base + span.start + at, b);
        }
        None => b.replaced(value, base + span.start..base + span.end),
    }
}

/// Appends `decoded`, the text of `raw` (source bytes from `source_start`) with entities and
/// line endings decoded, keeping each entity mapped to its own source bytes. If the two cannot
/// be aligned, the whole text maps to the whole source range.
fn decoded(raw: &str, decoded: &str, source_start: usize, b: &mut Builder) {
    let (rb, db) = (raw.as_bytes(), decoded.as_bytes());
    let (mut i, mut j, mut run) = (0, 0, 0);
    while i < rb.len() {
        let special = match rb[i] {
            b'&' => {
                let name_len = rb[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                    .count();
                let end = i + 1 + name_len + usize::from(rb.get(i + 1 + name_len) == Some(&b';'));
                let entity = &raw[i..end];
                let text = html_escape::decode_html_entities(entity);
                (text != entity && decoded[j..].starts_with(&*text))
                    .then(|| (text.into_owned(), end))
            }
            b'\r' if db.get(j) == Some(&b'\n') => Some((
                "\n".to_string(),
                i + 1 + usize::from(rb.get(i + 1) == Some(&b'\n')),
            )),
            _ => None,
        };
        if let Some((text, end)) = special {
            b.verbatim(&raw[run..i], source_start + run);
            b.replaced(&text, source_start + i..source_start + end);
            j += text.len();
            i = end;
            run = i;
        } else if db.get(j) == Some(&rb[i]) {
            i += 1;
            j += 1;
        } else {
            let boundary = (0..=i)
                .rev()
                .find(|&k| raw.is_char_boundary(k) && decoded.is_char_boundary(j - (i - k)))
                .unwrap_or(0);
            b.verbatim(&raw[run..boundary], source_start + run);
            b.replaced(
                &decoded[j - (i - boundary)..],
                source_start + boundary..source_start + raw.len(),
            );
            return;
        }
    }
    b.verbatim(&raw[run..], source_start + run);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::source_of;

    #[test]
    fn visible_text_across_inline_tags_with_exact_positions() {
        let source = "<html><head><title>ISIL news</title><meta name=\"description\" content=\"Daesh &amp; more\"><style>.isis{}</style></head>\n<body><p>Tackling radical<em>isation</em> and <b>Islamic</b>\r\n State.</p><pre>ISIS</pre><img alt=\"ISIS flag\" src=\"x.png\"><script>var isis;</script><p>Tom&rsquo;s caf&eacute; &#x49;SIS</p></body></html>";
        let doc = read(source);
        assert_eq!(
            source_of(source, &doc, "radicalisation"),
            "radical<em>isation"
        );
        assert_eq!(
            source_of(source, &doc, "Islamic\n State"),
            "Islamic</b>\r\n State"
        );
        assert_eq!(source_of(source, &doc, "ISIL"), "ISIL");
        assert_eq!(source_of(source, &doc, "ISIS flag"), "ISIS flag");
        assert_eq!(source_of(source, &doc, "Daesh &"), "Daesh &amp;");
        assert_eq!(
            source_of(source, &doc, "Tom’s café ISIS"),
            "Tom&rsquo;s caf&eacute; &#x49;SIS"
        );
        assert_eq!(doc.prose.matches("ISIS").count(), 2, "{:?}", doc.prose);
        assert!(!doc.prose.contains("isis{"));
    }

    #[test]
    fn a_superscript_is_kept_apart_from_the_word_before_it_and_cites() {
        let source = "<p>Living in the UK<sup>20</sup> and 1<sup>st</sup>.</p><p>Plain.</p>";
        let doc = read(source);
        assert!(!doc.prose.contains("UK20"), "{:?}", doc.prose);
        assert_eq!(source_of(source, &doc, "UK"), "UK");
        assert_eq!(source_of(source, &doc, "20"), "20");
        let cites: Vec<bool> = doc.blocks().iter().map(|b| b.cites).collect();
        assert_eq!(cites, [true, false]);
    }

    #[test]
    fn deep_nesting_is_harmless() {
        let source = format!(
            "{}ISIS{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let doc = read(&source);
        assert_eq!(source_of(&source, &doc, "ISIS"), "ISIS");
    }
}

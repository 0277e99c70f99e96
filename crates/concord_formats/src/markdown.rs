//! Markdown: the prose of paragraphs, headings, lists, quotes, tables, link text and image alt
//! text, read with pulldown-cmark's offset iterator so every piece keeps its source bytes.
//! Code, URLs, HTML comments and front matter are not prose; raw HTML blocks are read as HTML.

use concord_engine::BlockKind;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::document::{Builder, Document, MASK};
use crate::{Format, html};

/// Reads Markdown `source`.
pub fn read(source: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut b = Builder::mapped(Format::Markdown, source);
    // Depth of elements whose text is not prose: code blocks, front matter, autolinks.
    let mut hidden = 0usize;
    // The list items, quotations and footnotes open around the text, innermost last: a
    // paragraph inside one is a block of its kind.
    let mut containers: Vec<BlockKind> = Vec::new();
    let within =
        |containers: &[BlockKind]| containers.last().copied().unwrap_or(BlockKind::Paragraph);
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => hidden += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                hidden -= 1;
                b.start_block(within(&containers));
            }
            Event::Start(Tag::Paragraph) => b.start_block(within(&containers)),
            Event::Start(Tag::Heading { .. }) => b.start_block(BlockKind::Heading),
            Event::Start(Tag::TableCell) => b.start_block(BlockKind::TableCell),
            Event::Start(Tag::Item) => {
                containers.push(BlockKind::ListItem);
                b.start_block(BlockKind::ListItem);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                containers.push(BlockKind::Quote);
                b.start_block(BlockKind::Quote);
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                containers.push(BlockKind::Footnote);
                b.start_block(BlockKind::Footnote);
            }
            Event::FootnoteReference(_) if hidden == 0 => b.cite(),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                hidden += 1;
                b.replaced(MASK, range);
            }
            Event::End(TagEnd::Link) if hidden > 0 => hidden -= 1,
            Event::Text(text) if hidden == 0 => {
                if source.get(range.clone()) == Some(&*text) {
                    b.verbatim(&text, range.start);
                } else {
                    // An escape or entity: the text stands for its whole source range.
                    b.replaced(&text, range);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                b.replaced(MASK, range)
            }
            Event::SoftBreak => b.replaced(" ", range),
            Event::HardBreak => b.replaced("\n", range),
            Event::Html(_) => html::read_fragment(source, range, &mut b),
            Event::InlineHtml(html) if html.starts_with("<!--") => {
                let text = html.trim_start_matches("<!--").trim_end_matches("-->");
                b.comment(text, range.clone());
                b.replaced(MASK, range);
            }
            // A superscript (a footnote number) cites a source, and is not part of the word
            // before it: "the UK<sup>20</sup>" is "UK", not "UK20".
            Event::InlineHtml(html) if is_tag(&html, "sup") => {
                if !html.starts_with("</") {
                    b.cite();
                }
                b.replaced(MASK, range);
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                containers.pop();
                b.start_block(within(&containers));
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::HtmlBlock,
            )
            | Event::Rule => b.start_block(within(&containers)),
            _ => {}
        }
    }
    b.finish()
}

/// Whether `html`, one inline tag, opens or closes a `name` element.
fn is_tag(html: &str, name: &str) -> bool {
    let rest = html.trim_start_matches('<').trim_start_matches('/');
    rest.get(..name.len())
        .is_some_and(|tag| tag.eq_ignore_ascii_case(name))
        && rest[name.len()..].starts_with(['>', ' ', '/', '\t', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::source_of;

    #[test]
    fn prose_keeps_positions_and_skips_code() {
        let source = "---\ntitle: ISIS\n---\n# Tackling *radical*isation\n\nSee `ISIS` and\n\n```\nISIS\n```\n\n[Islamic\nState](https://isis.example) <https://isis.example>\n";
        let doc = read(source);
        assert!(!doc.prose.contains("ISIS"), "{:?}", doc.prose);
        assert!(doc.prose.contains("radicalisation"));
        assert_eq!(source_of(source, &doc, "Islamic State"), "Islamic\nState");
        assert_eq!(source_of(source, &doc, "radicalisation"), "radical*isation");
    }

    #[test]
    fn tables_alt_text_and_entities() {
        let source = "| a | b |\n|---|---|\n| ISIL &amp; more | ok |\n\n![ISIS flag](x.png)\n<!-- ISIS -->\n";
        let doc = read(source);
        assert_eq!(source_of(source, &doc, "ISIL"), "ISIL");
        assert_eq!(source_of(source, &doc, "ISIS flag"), "ISIS flag");
        assert_eq!(source_of(source, &doc, "&"), "&amp;");
        assert_eq!(doc.prose.matches("ISIS").count(), 1, "{:?}", doc.prose);
    }

    #[test]
    fn a_superscript_is_kept_apart_from_the_word_before_it_and_cites() {
        let source =
            "Living in the UK<sup>20</sup> serves.\n\nA <SUP>note</SUP> and <super>.\n\nPlain.\n";
        let doc = read(source);
        assert!(!doc.prose.contains("UK20"), "{:?}", doc.prose);
        assert_eq!(source_of(source, &doc, "UK"), "UK");
        let cites: Vec<bool> = doc.blocks().iter().map(|b| b.cites).collect();
        assert_eq!(cites, [true, true, false]);
    }
}

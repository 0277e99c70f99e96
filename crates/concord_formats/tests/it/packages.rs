//! Word and OpenDocument packages as other programs write them (pandoc, PHPWord, Python's
//! ElementTree, LibreOffice's Strict export, letterheads and cover pages): each is read, and its
//! review copy written and read back with comments on exactly the words.

use concord_formats::{Format, FormatError, read};

use crate::{package, part, review};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const NO_RELATIONSHIPS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

/// `_rels/.rels` naming `target` as the main part with relationship type `kind`.
fn package_rels(target: &str, kind: &str) -> String {
    format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{kind}" Target="{target}"/></Relationships>"#
    )
}

const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

#[test]
fn a_cover_page_of_shapes_is_passed_over_by_the_comment_listing_what_is_in_text_boxes() {
    // A comment spanning a paragraph of anchored shapes made LibreOffice hang on opening.
    let xml = format!(
        r#"<w:document xmlns:w="{W}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p><w:r><w:drawing><wp:anchor><w:txbxContent><w:p><w:r><w:t>They joined ISIS.</w:t></w:r></w:p></w:txbxContent></wp:anchor></w:drawing></w:r></w:p><w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>Annual report</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = package(&[
        ("[Content_Types].xml", TYPES),
        ("word/_rels/document.xml.rels", NO_RELATIONSHIPS),
        ("word/document.xml", &xml),
    ]);
    let reviewed = review(&bytes, "ISIS");
    assert_eq!((reviewed.anchored, reviewed.gathered), (0, 1));
    let main = part(&reviewed.bytes, "word/document.xml");
    let cover_end = main.find("</w:drawing></w:r></w:p>").unwrap();
    let mark = main.find("<w:commentRangeStart").unwrap();
    assert!(
        mark > cover_end,
        "the comment starts in the cover page: {main}"
    );
    assert!(
        main.contains(r#"</w:pPr><w:commentRangeStart w:id="0"/><w:r><w:t>Annual report</w:t></w:r><w:commentRangeEnd w:id="0"/>"#),
        "{main}"
    );
}

#[test]
fn a_letterhead_whose_body_is_one_empty_paragraph_takes_its_header_findings() {
    let xml =
        format!(r#"<w:document xmlns:w="{W}"><w:body><w:p/><w:sectPr/></w:body></w:document>"#);
    let header = format!(
        r#"<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Tackling radicalisation since 1990</w:t></w:r></w:p></w:hdr>"#
    );
    let bytes = package(&[
        ("[Content_Types].xml", TYPES),
        ("word/_rels/document.xml.rels", NO_RELATIONSHIPS),
        ("word/document.xml", &xml),
        ("word/header1.xml", &header),
    ]);
    let reviewed = review(&bytes, "radicalisation");
    assert_eq!(reviewed.gathered, 1);
    let main = part(&reviewed.bytes, "word/document.xml");
    assert!(
        main.contains(r#"<w:body><w:p><w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:sectPr/>"#),
        "{main}"
    );
}

#[test]
fn a_main_part_named_by_the_package_relationships_is_read_and_commented() {
    // As pandoc and PHPWord may write it: not at word/document.xml.
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>They joined ISIS.</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = package(&[
        ("[Content_Types].xml", TYPES),
        (
            "_rels/.rels",
            &package_rels("/word/main.xml", OFFICE_DOCUMENT),
        ),
        ("word/_rels/main.xml.rels", NO_RELATIONSHIPS),
        ("word/main.xml", &xml),
    ]);
    let reviewed = review(&bytes, "ISIS");
    assert_eq!(reviewed.anchored, 1);
    assert!(part(&reviewed.bytes, "word/main.xml").contains("<w:commentRangeStart"));
    assert!(part(&reviewed.bytes, "word/_rels/main.xml.rels").contains(r#"Target="comments.xml""#));
    assert!(part(&reviewed.bytes, "word/comments.xml").contains("Call the group Daesh."));
}

#[test]
fn wordprocessingml_written_with_another_prefix_is_read_and_commented_in_that_prefix() {
    let xml = format!(
        r#"<ns0:document xmlns:ns0="{W}"><ns0:body><ns0:p><ns0:r><ns0:rPr><ns0:b/></ns0:rPr><ns0:t>They joined ISIS last year.</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#
    );
    let bytes = package(&[
        ("[Content_Types].xml", TYPES),
        ("word/_rels/document.xml.rels", NO_RELATIONSHIPS),
        ("word/document.xml", &xml),
    ]);
    assert_eq!(
        read(Format::Docx, &bytes).unwrap().prose.trim(),
        "They joined ISIS last year."
    );
    let reviewed = review(&bytes, "ISIS");
    assert_eq!(reviewed.anchored, 1);
    let main = part(&reviewed.bytes, "word/document.xml");
    assert!(
        main.contains(r#"</ns0:t></ns0:r><ns0:commentRangeStart ns0:id="0"/><ns0:r><ns0:rPr><ns0:b/></ns0:rPr><ns0:t xml:space="preserve">ISIS</ns0:t></ns0:r><ns0:commentRangeEnd ns0:id="0"/>"#),
        "{main}"
    );
    assert!(!main.contains("<w:"), "{main}");
}

#[test]
fn moved_text_is_read_once_at_its_new_place() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:moveFrom w:id="1" w:author="A"><w:r><w:t>They joined ISIS.</w:t></w:r></w:moveFrom></w:p><w:p><w:r><w:t>Update. </w:t></w:r><w:moveTo w:id="2" w:author="A"><w:r><w:t>They joined ISIS.</w:t></w:r></w:moveTo></w:p></w:body></w:document>"#
    );
    let bytes = package(&[("[Content_Types].xml", TYPES), ("word/document.xml", &xml)]);
    let prose = read(Format::Docx, &bytes).unwrap().prose;
    assert_eq!(prose.matches("ISIS").count(), 1, "{prose:?}");
}

#[test]
fn a_package_without_the_main_parts_relationships_gets_them_with_its_comments() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>They joined ISIS.</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = package(&[("[Content_Types].xml", TYPES), ("word/document.xml", &xml)]);
    let reviewed = review(&bytes, "ISIS");
    let rels = part(&reviewed.bytes, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml""#),
        "{rels}"
    );
    assert!(
        part(&reviewed.bytes, "[Content_Types].xml").contains(r#"PartName="/word/comments.xml""#)
    );
}

#[test]
fn a_strict_package_gets_a_strict_comments_part() {
    let xml = format!(
        r#"<w:document xmlns:w="{W_STRICT}" w:conformance="strict"><w:body><w:p><w:r><w:t>They joined ISIS.</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = package(&[
        ("[Content_Types].xml", TYPES),
        (
            "_rels/.rels",
            &package_rels(
                "word/document.xml",
                "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
            ),
        ),
        ("word/_rels/document.xml.rels", NO_RELATIONSHIPS),
        ("word/document.xml", &xml),
    ]);
    let reviewed = review(&bytes, "ISIS");
    let comments = part(&reviewed.bytes, "word/comments.xml");
    assert!(
        comments.contains(&format!(r#"<w:comments xmlns:w="{W_STRICT}">"#)),
        "{comments}"
    );
    let rels = part(&reviewed.bytes, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Type="http://purl.oclc.org/ooxml/officeDocument/relationships/comments""#),
        "{rels}"
    );
}

#[test]
fn a_password_protected_opendocument_file_says_so() {
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
    let bytes = package(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", "\u{1}\u{2}not xml at all"),
    ]);
    let err = read(Format::Odt, &bytes).unwrap_err();
    assert_eq!(err, FormatError::OdtEncrypted);
    assert!(err.to_string().contains("password-protected"), "{err}");
}

//! Word's main part as arbitrary XML inside a well-formed package: reading, checking, and the
//! review copy (which must read back with the same text).
#![no_main]

use std::io::Write;

use concord_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>"#,
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#,
        ),
        ("word/document.xml", xml),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let Ok(document) = concord_formats::read(Format::Docx, &bytes) else {
        return;
    };
    let diagnostics = concord_fuzz::check(&document, None, "fuzz.docx");
    concord_fuzz::assert_review_copy(Format::Docx, &bytes, &document, &diagnostics);
});

//! Plain text, Markdown and HTML in any encoding: decoding, reading, checking.
#![no_main]

use concord_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let (format, path) = match which % 3 {
        0 => (Format::Text, "fuzz.txt"),
        1 => (Format::Markdown, "fuzz.md"),
        _ => (Format::Html, "fuzz.html"),
    };
    let Ok((text, _stored)) = concord_formats::decode(format, bytes) else {
        return;
    };
    let document = concord_formats::read_text(format, &text);
    concord_fuzz::check(&document, Some(&text), path);
});

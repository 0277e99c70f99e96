//! Fix application on Markdown and HTML: every fix changes only its own bytes, and the fixed
//! text reads again.
#![no_main]

use concord_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (format, path) = if which % 2 == 0 {
        (Format::Markdown, "fuzz.md")
    } else {
        (Format::Html, "fuzz.html")
    };
    let document = concord_formats::read_text(format, text);
    let diagnostics = concord_fuzz::check(&document, Some(text), path);
    let fixed = concord_fuzz::assert_fixes(text, &diagnostics);
    let again = concord_formats::read_text(format, &fixed);
    concord_fuzz::check(&again, Some(&fixed), path);
});

//! Hostile containers: arbitrary bytes as a Word, OpenDocument or PDF file (broken zips, zip
//! bombs, damaged PDFs). Whatever they hold, reading ends in a document or a clear error.
#![no_main]

use std::sync::Once;

use concord_formats::{Format, PDF_THREAD};
use libfuzzer_sys::fuzz_target;

/// The PDF library can panic on a damaged file; concord catches that on the reader's own thread
/// and reports the file as unreadable. libFuzzer's panic hook would abort on it first, so the
/// hook lets panics on that thread unwind to concord's handler, and aborts on any other.
fn abort_on_panics_outside_the_pdf_reader() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(PDF_THREAD) {
                default(info);
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(init: abort_on_panics_outside_the_pdf_reader(), |data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let (format, path) = match which % 3 {
        0 => (Format::Docx, "fuzz.docx"),
        1 => (Format::Odt, "fuzz.odt"),
        _ => (Format::Pdf, "fuzz.pdf"),
    };
    if let Ok(document) = concord_formats::read(format, bytes) {
        let diagnostics = concord_fuzz::check(&document, None, path);
        if format != Format::Pdf {
            concord_fuzz::assert_review_copy(format, bytes, &document, &diagnostics);
        }
    }
});

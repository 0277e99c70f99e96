//! Position conversion for editors: byte offsets to UTF-16 and UTF-8 positions and back, on any
//! text, and edits applied by position.
#![no_main]

use concord_lsp::text::{Encoding, Positions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for encoding in [Encoding::Utf16, Encoding::Utf8] {
        let positions = Positions::new(text, encoding);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            // Between the two characters of a CRLF line break is no place an editor can name.
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            let position = positions.position(offset);
            assert_eq!(
                positions.offset(position),
                offset,
                "{encoding:?} round trip at {offset}"
            );
        }
    }
});

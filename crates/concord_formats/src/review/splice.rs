//! Edits to the XML of a document part, made in one pass over the original bytes.

use std::ops::Range;

/// Edits to an XML part: insertions at points and replacements of ranges, applied in one pass.
#[derive(Debug, Default)]
pub(crate) struct Splice {
    edits: Vec<(Range<usize>, String)>,
}

impl Splice {
    /// Inserts `text` at byte `at`; insertions at the same point keep the order they were made.
    pub fn insert(&mut self, at: usize, text: String) {
        self.edits.push((at..at, text));
    }

    /// Replaces the bytes `range` with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: String) {
        self.edits.push((range, text));
    }

    /// `xml` with the edits made. An insertion at the point where a replacement starts goes
    /// before it. Edits that overlap one made before are dropped, so the result is always the
    /// original with whole ranges replaced.
    pub fn apply(mut self, xml: &str) -> String {
        self.edits
            .sort_by_key(|(range, _)| (range.start, !range.is_empty()));
        let mut out = String::with_capacity(xml.len() + self.edits.len() * 256);
        let mut copied = 0;
        for (range, text) in self.edits {
            if range.start < copied || range.end > xml.len() {
                continue;
            }
            out.push_str(&xml[copied..range.start]);
            out.push_str(&text);
            copied = range.end;
        }
        out.push_str(&xml[copied..]);
        out
    }
}

/// `text` as XML character data: markup characters escaped, and characters XML cannot hold
/// (control characters) left out.
pub(crate) fn xml_text(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(allowed.as_str()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_inserts_in_order_and_skips_overlaps() {
        let mut splice = Splice::default();
        splice.insert(3, "<a/>".into());
        splice.replace(0..2, "xy".into());
        splice.replace(3..4, "D".into());
        splice.insert(3, "<b/>".into());
        splice.replace(1..4, "never".into());
        assert_eq!(splice.apply("abcdef"), "xyc<a/><b/>Def");
    }

    #[test]
    fn xml_text_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_text("a < b & \"c\"\u{1}"),
            "a &lt; b &amp; &quot;c&quot;"
        );
    }
}

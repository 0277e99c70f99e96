//! Sitemaps (sitemaps.org 0.9): a list of pages, or an index of more sitemaps, plain or gzipped.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The most URLs one sitemap may list, as the protocol says.
const MAX_ENTRIES: usize = 50_000;

/// What one sitemap file lists.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Sitemap {
    /// Pages (`<urlset><url><loc>`).
    pub pages: Vec<String>,
    /// More sitemaps (`<sitemapindex><sitemap><loc>`).
    pub sitemaps: Vec<String>,
}

/// Reads a sitemap's bytes, gunzipping them first if they are gzipped (at most `max_bytes`
/// after decompression).
pub(crate) fn parse(bytes: &[u8], max_bytes: u64) -> Result<Sitemap, String> {
    let unzipped;
    let xml = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|err| format!("this gzipped sitemap cannot be unpacked: {err}"))?;
        if out.len() as u64 > max_bytes {
            return Err("this gzipped sitemap unpacks to more than the size limit".into());
        }
        unzipped = out;
        &unzipped[..]
    } else {
        bytes
    };
    let mut reader = Reader::from_reader(xml);
    let mut sitemap = Sitemap::default();
    // The element holding the <loc> being read: `url` or `sitemap`.
    let mut entry: Option<Vec<u8>> = None;
    // The text of the <loc> being read, if one is open.
    let mut loc: Option<String> = None;
    let invalid = |err: &dyn std::fmt::Display| format!("this sitemap is not valid XML: {err}");
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                name @ (b"url" | b"sitemap") => entry = Some(name.to_vec()),
                b"loc" if entry.is_some() => loc = Some(String::new()),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"url" | b"sitemap" => entry = None,
                b"loc" => {
                    let list = match entry.as_deref() {
                        Some(b"sitemap") => &mut sitemap.sitemaps,
                        _ => &mut sitemap.pages,
                    };
                    let text = loc.take().unwrap_or_default();
                    if !text.trim().is_empty() && list.len() < MAX_ENTRIES {
                        list.push(text.trim().to_string());
                    }
                }
                _ => {}
            },
            Ok(Event::Text(text)) => {
                if let Some(loc) = &mut loc {
                    loc.push_str(&text.decode().map_err(|err| invalid(&err))?);
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                // An entity in a URL (`&amp;`) comes as its own event.
                if let Some(loc) = &mut loc {
                    let name = reference.decode().map_err(|err| invalid(&err))?;
                    let character = reference.resolve_char_ref().ok().flatten();
                    match character
                        .map(String::from)
                        .as_deref()
                        .or_else(|| quick_xml::escape::resolve_xml_entity(&name))
                    {
                        Some(text) => loc.push_str(text),
                        None => return Err(invalid(&format!("unknown entity &{name};"))),
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(err) => return Err(invalid(&err)),
            Ok(_) => {}
        }
        buf.clear();
    }
    Ok(sitemap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn an_index_a_urlset_and_a_gzipped_urlset() {
        let index = br#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc> https://c.example/a.xml </loc></sitemap><sitemap><loc>https://c.example/b.xml.gz</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse(index, 1 << 20).unwrap().sitemaps,
            ["https://c.example/a.xml", "https://c.example/b.xml.gz"]
        );
        let urlset = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://c.example/?a=1&amp;b=2</loc><lastmod>2026-01-01</lastmod></url></urlset>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(urlset).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(
            parse(&gz, 1 << 20).unwrap().pages,
            ["https://c.example/?a=1&b=2"]
        );
        assert!(parse(&gz, 10).is_err(), "the cap applies after unpacking");
        assert!(parse(b"<urlset><url><loc>x</url>", 1 << 20).is_err());
    }

    proptest::proptest! {
        /// Whatever a sitemap holds, reading it ends with a list or an error, never a panic.
        #[test]
        fn any_bytes_are_a_sitemap_or_an_error(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
                                               xml in "(<urlset>|<url>|<loc>|</loc>|</url>|<sitemap>|</sitemap>|&amp;|&#x41;|&bogus;|https://c.example/|[a-z ]{0,4}){0,16}") {
            let _ = parse(&bytes, 1 << 20);
            if let Ok(sitemap) = parse(xml.as_bytes(), 1 << 20) {
                proptest::prop_assert!(sitemap.pages.iter().chain(&sitemap.sitemaps).all(|l| !l.is_empty()));
            }
        }
    }
}

//! The links of an HTML page, as a crawler needs them: resolved against the page (or its
//! `<base href>`), without the ones the page asks robots not to follow, with its canonical URL.

use html5gum::{Token, Tokenizer};
use url::Url;

use crate::scope;

/// What a page says about where to go next.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Links {
    /// Followable links, in the page's order, in their canonical spelling (http and https only).
    pub links: Vec<Url>,
    /// The page's `<link rel="canonical">`, if it has one.
    pub canonical: Option<Url>,
}

/// Reads the links of `html`, a page read from `page`.
pub(crate) fn extract(html: &str, page: &Url) -> Links {
    let mut base = page.clone();
    let mut hrefs: Vec<String> = Vec::new();
    let mut canonical = None;
    let mut nofollow_page = false;
    for token in Tokenizer::new(html) {
        let Ok(Token::StartTag(tag)) = token else {
            continue;
        };
        let attribute = |name: &str| {
            tag.attributes
                .get(name.as_bytes())
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        let rel = attribute("rel").unwrap_or_default().to_ascii_lowercase();
        let rels = || rel.split_ascii_whitespace();
        match tag.name.to_ascii_lowercase().as_slice() {
            // Only the first <base href> counts, as in browsers.
            b"base" if base == *page => {
                if let Some(href) = attribute("href").and_then(|h| page.join(&h).ok()) {
                    base = href;
                }
            }
            b"a" | b"area" if !rels().any(|r| r == "nofollow") => {
                hrefs.extend(attribute("href"));
            }
            b"link" if rels().any(|r| r == "canonical") => {
                canonical = canonical.or(attribute("href"));
            }
            b"meta" => {
                let robots = attribute("name").is_some_and(|n| {
                    n.eq_ignore_ascii_case("robots") || n.eq_ignore_ascii_case("concord")
                });
                let content = attribute("content")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if robots
                    && content
                        .split([',', ' '])
                        .any(|d| d == "nofollow" || d == "none")
                {
                    nofollow_page = true;
                }
            }
            _ => {}
        }
    }
    let resolve = |href: &str| base.join(href).ok().and_then(scope::canonical);
    let links = if nofollow_page {
        Vec::new()
    } else {
        hrefs.iter().filter_map(|h| resolve(h)).collect()
    };
    Links {
        links,
        canonical: canonical.as_deref().and_then(resolve),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(links: &Links) -> Vec<&str> {
        links.links.iter().map(Url::as_str).collect()
    }

    #[test]
    fn links_resolve_against_the_base_and_skip_what_is_not_a_page() {
        let page = Url::parse("https://council.example/news/item").unwrap();
        let html = r#"<head><base href="/archive/"><link rel="Canonical" href="/news/item-1#x"></head>
            <a href="one">1</a> <a href="../two#part">2</a> <a href="mailto:a@b.example">m</a>
            <a href="tel:123">t</a> <a href="javascript:void(0)">j</a> <a rel="nofollow ugc" href="/no">n</a>
            <a href="https://other.example/x">o</a> <area href="/map">"#;
        let links = extract(html, &page);
        assert_eq!(
            strings(&links),
            [
                "https://council.example/archive/one",
                "https://council.example/two",
                "https://other.example/x",
                "https://council.example/map"
            ]
        );
        assert_eq!(
            links.canonical.unwrap().as_str(),
            "https://council.example/news/item-1"
        );
    }

    #[test]
    fn a_page_that_says_nofollow_gives_no_links() {
        let page = Url::parse("https://council.example/").unwrap();
        let html = r#"<meta name="robots" content="noindex, nofollow"><a href="/a">a</a>"#;
        assert!(extract(html, &page).links.is_empty());
    }

    proptest::proptest! {
        /// Whatever a page holds, its links are web pages without fragments, and nothing
        /// panics.
        #[test]
        fn any_page_gives_only_web_links(html in "(<a href=\"[^\"]{0,12}\">|<base href=[^ >]{0,8}>|<link rel=canonical href=.{0,8}>|[^<]{0,6}|<){0,12}") {
            let page = Url::parse("https://council.example/news/item").unwrap();
            let links = extract(&html, &page);
            for url in links.links.iter().chain(&links.canonical) {
                proptest::prop_assert!(matches!(url.scheme(), "http" | "https"));
                proptest::prop_assert!(url.fragment().is_none());
            }
        }
    }
}

//! Which URLs belong to a crawl, and the one spelling of each URL that makes sure no page is
//! read twice.

use url::Url;

/// The file extensions of documents a crawl reads even outside its path prefix (councils keep
/// them under `/media/` or `/downloads/`), as long as they are on the same site.
const DOCUMENT_EXTENSIONS: &[&str] = &[".pdf", ".docx", ".odt"];

/// A crawl's territory: one origin (scheme, host and port) and the path prefix of its start URL.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    origin: url::Origin,
    prefix: String,
}

impl Scope {
    /// The scope of a crawl from `start`: its origin, and its path up to the last `/`
    /// (`/news/item` gives `/news/`).
    pub fn of(start: &Url) -> Self {
        let path = start.path();
        let prefix = path[..=path.rfind('/').unwrap_or(0)].to_string();
        Scope {
            origin: start.origin(),
            prefix,
        }
    }

    /// The scope in words: its origin and folder (`https://www.council.example/news/`).
    pub fn describe(&self) -> String {
        format!("{}{}", self.origin.ascii_serialization(), self.prefix)
    }

    /// Whether `url` is on the same site.
    pub fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.origin
    }

    /// Whether a crawl from here reads `url`: a page under the prefix, or a document anywhere on
    /// the same site.
    pub fn contains(&self, url: &Url) -> bool {
        self.same_origin(url) && (url.path().starts_with(&self.prefix) || is_document(url))
    }
}

/// Whether `url`'s path names a PDF, Word or OpenDocument file.
pub(crate) fn is_document(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    DOCUMENT_EXTENSIONS.iter().any(|ext| path.ends_with(ext))
}

/// The one spelling of a web URL: http or https only, without its fragment (`#section` is the
/// same page). The `url` crate has already lowercased the host, dropped a default port and
/// resolved `.` and `..`.
pub(crate) fn canonical(mut url: Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_crawl_stays_under_its_start_folder_but_reads_the_sites_documents() {
        let scope = Scope::of(&url("https://council.example/news/item"));
        assert!(scope.contains(&url("https://council.example/news/other")));
        assert!(!scope.contains(&url("https://council.example/about")));
        assert!(scope.contains(&url("https://council.example/media/plan.PDF")));
        assert!(!scope.contains(&url("https://elsewhere.example/news/x")));
        assert!(!scope.contains(&url("http://council.example/news/x")));
    }

    #[test]
    fn fragments_and_other_schemes() {
        assert_eq!(
            canonical(url("HTTPS://Council.Example:443/a/../b#top")).unwrap(),
            url("https://council.example/b")
        );
        assert!(canonical(url("mailto:someone@council.example")).is_none());
        assert!(canonical(url("javascript:void(0)")).is_none());
        assert!(canonical(url("tel:+441234")).is_none());
    }
}

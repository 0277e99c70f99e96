//! What a crawl hands its caller: each page or document read, why a URL could not be read, or
//! why it was fetched and left alone. Every URL a crawl requests ends as exactly one of these.

use crate::{Format, Url};

/// A page or document read from the web, ready to be checked.
#[derive(Debug)]
pub struct Resource {
    /// Where it was read from, after redirects: the name it is reported under.
    pub url: Url,
    /// The `<link rel="canonical">` of a page that names another address than its own: a hint
    /// that it may be a copy of that page (the caller decides, by comparing their text).
    pub canonical: Option<Url>,
    /// The format its `Content-Type` (or, for a generic type, its URL) says it is in.
    pub format: Format,
    /// The character set the `Content-Type` header declares, for text.
    pub charset: Option<String>,
    /// Its bytes, decompressed.
    pub bytes: Vec<u8>,
    /// Held while a large response is kept, so that only one is in memory at a time: the crawl
    /// reads no other large response until this one is dropped.
    pub(crate) _large: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Why a URL that was requested is not checked, though nothing went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The response is neither a page nor a document (an image, a feed); its media type.
    NotAPage(String),
    /// It redirects off the crawl's site or folder, to this URL.
    OffSite(Url),
    /// It redirects to a URL this crawl has already read or queued.
    SeenAlready(Url),
    /// It redirects to a URL `robots.txt` asks concord not to read.
    Disallowed(Url),
}

impl Skip {
    /// What the skipped URLs of this kind have in common, for a note that counts them
    /// ("3 URL(s) …").
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::NotAPage(_) => {
                "were neither a page nor a document (images, feeds and the like) and were not checked"
            }
            Skip::OffSite(_) => "redirect off the site being crawled and were not followed",
            Skip::SeenAlready(_) => {
                "redirect to a page this crawl reads anyway, so they were not checked twice"
            }
            Skip::Disallowed(_) => {
                "redirect to pages the site's robots.txt asks concord not to read"
            }
        }
    }
}

impl std::fmt::Display for Skip {
    /// Why one URL was skipped, as "it …".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotAPage(media_type) => {
                write!(f, "it is neither a page nor a document ({media_type})")
            }
            Skip::OffSite(to) => write!(f, "it redirects off the site, to {to}"),
            Skip::SeenAlready(to) => write!(f, "it redirects to {to}, which is read anyway"),
            Skip::Disallowed(to) => write!(
                f,
                "it redirects to {to}, which robots.txt asks concord not to read"
            ),
        }
    }
}

/// What became of one URL.
#[derive(Debug)]
pub enum Outcome {
    /// A page or document to check.
    Read(Resource),
    /// A document a crawl would check, listed without being downloaded (`list_only`).
    Listed(Url),
    /// The URL was requested and is not to be checked, for a reason.
    Skipped {
        /// The URL as requested.
        url: Url,
        /// Why.
        skip: Skip,
    },
    /// The URL could not be read; the message says why in plain words.
    Failed {
        /// The URL as requested.
        url: Url,
        /// What went wrong.
        message: String,
    },
    /// A file the crawl reads about a site (its `robots.txt`, a sitemap it names) could not
    /// be read; the message says what that means for the crawl.
    SiteTrouble {
        /// The file's URL.
        url: Url,
        /// What went wrong, and what the crawl did about it.
        message: String,
    },
}

/// One step of a crawl, as it happens.
#[derive(Debug)]
pub struct Event {
    /// What became of one URL.
    pub outcome: Outcome,
    /// How many URLs are waiting to be read.
    pub queued: usize,
}

/// What a crawl did besides the events it sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// URLs requested (each counted once, however many redirects and retries it took): every
    /// one of them was sent as exactly one `Read`, `Skipped` or `Failed` event.
    pub fetched: usize,
    /// HTTP requests made in all: redirects, retries, `robots.txt` and sitemaps included.
    pub requests: usize,
    /// Links `robots.txt` asks concord not to follow (not requested).
    pub disallowed: usize,
    /// What the person should know about how the crawl went (a start URL that moved).
    pub notes: Vec<String>,
    /// Why the crawl stopped before reading everything it found, if it did.
    pub stopped: Option<String>,
}

//! What a crawl hands its caller: each page or document read, or why a URL could not be.

use crate::{Format, Url};

/// A page or document read from the web, ready to be checked.
#[derive(Debug)]
pub struct Resource {
    /// Where it was read from, after redirects (or the page's canonical URL): the name it is
    /// reported under.
    pub url: Url,
    /// The format its `Content-Type` (or, for a generic type, its URL) says it is in.
    pub format: Format,
    /// The character set the `Content-Type` header declares, for text.
    pub charset: Option<String>,
    /// Its bytes, decompressed.
    pub bytes: Vec<u8>,
}

/// What became of one URL.
#[derive(Debug)]
pub enum Outcome {
    /// A page or document to check.
    Read(Resource),
    /// A document a crawl would check, listed without being downloaded (`list_only`).
    Listed(Url),
    /// The URL could not be read; the message says why in plain words.
    Failed {
        /// The URL as requested.
        url: Url,
        /// What went wrong.
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
    /// Responses read (pages, documents and everything else, robots.txt and sitemaps too).
    pub fetched: usize,
    /// Responses that were neither a page nor a document (images, feeds, ...), not checked.
    pub skipped: usize,
    /// Links `robots.txt` asks concord not to follow.
    pub disallowed: usize,
    /// Why the crawl stopped before reading everything it found, if it did.
    pub stopped: Option<String>,
}

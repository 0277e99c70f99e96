//! Reads websites for concord: the pages named by URL, or (crawling) every page of a site and
//! the PDF, Word and OpenDocument files it links to, politely.
//!
//! This crate knows nothing of rules or findings. It hands each page or document it reads to
//! the caller as bytes with a [`Format`] (the caller checks it with the same pipeline as a local
//! file), and reports each URL it could not read as an [`Outcome::Failed`] in plain words, so one
//! broken page never stops the others.
//!
//! Politeness is built in: `robots.txt` (RFC 9309, parsed by `texting_robots`) and its
//! `Crawl-delay`, a few requests at once per host with a delay between their starts, retries
//! with backoff on 429 and 5xx honouring `Retry-After`, a user agent that says who is asking,
//! and limits on pages, depth, bytes (after decompression), time per request and time overall.

mod crawler;
mod fetch;
mod links;
mod robots;
mod scope;
mod sitemap;

use std::time::Duration;

pub use concord_formats::Format;
pub use url::Url;

pub use crawler::crawl;

/// The user agent concord sends, and the name `robots.txt` groups are matched against.
pub const USER_AGENT: &str = concat!(
    "concord/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// The product token `robots.txt` rules for concord name (`User-agent: concord`).
pub const ROBOTS_TOKEN: &str = "concord";

/// How to read the web: what to follow, how politely, and within which limits.
#[derive(Debug, Clone)]
pub struct Options {
    /// Follow links and sitemaps from the start URLs (`--crawl`); otherwise read only the URLs
    /// given.
    pub follow: bool,
    /// Only list what a crawl would check: pages are read for their links, documents are listed
    /// from the links without being downloaded (`concord crawl`).
    pub list_only: bool,
    /// Requests at once to one host.
    pub concurrency: usize,
    /// The least time between the starts of two requests to one host (a longer `Crawl-delay`
    /// in `robots.txt` wins).
    pub delay: Duration,
    /// The most pages and documents read in one crawl.
    pub max_pages: usize,
    /// How many links away from a start URL a crawl goes (`None`: no limit).
    pub max_depth: Option<usize>,
    /// The most bytes of one response, counted after decompression.
    pub max_bytes: u64,
    /// The most time one request may take, body included.
    pub timeout: Duration,
    /// The most time the whole crawl may take; nothing new starts after it.
    pub budget: Option<Duration>,
    /// How many times a request answered 429 or 5xx is tried again.
    pub retries: u32,
    /// The first wait before trying again (doubled each time) when the server gives no
    /// `Retry-After`.
    pub backoff: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            follow: false,
            list_only: false,
            concurrency: 2,
            delay: Duration::from_millis(500),
            max_pages: 1000,
            max_depth: None,
            max_bytes: 256 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            budget: None,
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

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

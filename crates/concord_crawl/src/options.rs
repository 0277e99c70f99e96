//! How a crawl behaves: who it says it is, how politely it reads, and its limits.

use std::time::Duration;

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

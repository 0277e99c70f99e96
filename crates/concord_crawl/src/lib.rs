//! Reads websites for concord: the pages named by URL, or (crawling) every page of a site and
//! the PDF, Word and OpenDocument files it links to, politely.
//!
//! This crate knows nothing of rules or findings. It hands each page or document it reads to
//! the caller as bytes with a [`Format`] (the caller checks it with the same pipeline as a local
//! file), reports each URL it could not read as an [`Outcome::Failed`] in plain words, so one
//! broken page never stops the others, and each URL it read and left alone (an image, a redirect
//! off the site) as an [`Outcome::Skipped`] with the reason: every URL it sets out to read ends as
//! exactly one of the three.
//!
//! Politeness is built in: `robots.txt` (RFC 9309, parsed by `texting_robots`) and its
//! `Crawl-delay`, a few requests at once per host with a delay between their starts, retries
//! with backoff on 429 and 5xx honouring `Retry-After`, a user agent that says who is asking,
//! and limits on pages, depth, bytes (after decompression, one large response at a time), time
//! per request and time overall (every wait included).

mod crawler;
mod fetch;
mod links;
mod options;
mod outcome;
mod robots;
mod scope;
mod sitemap;

pub use concord_formats::Format;
pub use url::Url;

pub use crawler::crawl;
pub use options::{Options, ROBOTS_TOKEN, USER_AGENT};
pub use outcome::{Event, Outcome, Resource, Skip, Summary};

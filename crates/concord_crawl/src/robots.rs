//! `robots.txt`, read once per site and obeyed as RFC 9309 says: rules for concord (or `*`),
//! `Crawl-delay`, and the `Sitemap:` lines.

use std::time::Duration;

use reqwest::StatusCode;
use texting_robots::Robot;
use url::Url;

use crate::ROBOTS_TOKEN;
use crate::fetch::Fetcher;

/// The most of a `robots.txt` that is read (RFC 9309 asks for at least 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// The most redirects followed to reach a `robots.txt` (RFC 9309 asks for at least five).
const MAX_ROBOTS_REDIRECTS: usize = 5;

/// What one site's `robots.txt` allows.
pub(crate) enum Robots {
    /// Rules to obey.
    Rules(Box<Robot>),
    /// No `robots.txt` (or a 4xx other than 429): everything is allowed.
    Everything,
    /// The file could not be read (5xx, 429, no connection): RFC 9309 says to assume nothing
    /// is allowed. The message says why.
    Nothing(String),
}

impl Robots {
    /// Fetches and reads the `robots.txt` of `site`'s origin.
    pub async fn fetch(fetcher: &Fetcher, site: &Url) -> Robots {
        let Ok(url) = site.join("/robots.txt") else {
            return Robots::Everything;
        };
        match fetcher
            .get_following(&url, MAX_ROBOTS_REDIRECTS, false)
            .await
        {
            Ok(body) => {
                let bytes = &body.bytes[..body.bytes.len().min(MAX_ROBOTS_BYTES)];
                match Robot::new(ROBOTS_TOKEN, bytes) {
                    Ok(robot) => Robots::Rules(Box::new(robot)),
                    // A file that is not robots.txt at all (an HTML error page) allows all.
                    Err(_) => Robots::Everything,
                }
            }
            Err(failure) => match failure.status {
                // 429 means "not now", not "no file": treated as unreachable, as 5xx is.
                Some(status)
                    if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS =>
                {
                    Robots::Everything
                }
                _ => Robots::Nothing(format!(
                    "robots.txt could not be read ({}), so concord did not crawl this site",
                    failure.message
                )),
            },
        }
    }

    /// Whether concord may read `url`.
    pub fn allows(&self, url: &Url) -> bool {
        match self {
            Robots::Rules(robot) => robot.allowed(url.as_str()),
            Robots::Everything => true,
            Robots::Nothing(_) => false,
        }
    }

    /// The `Crawl-delay` asked for, if any.
    pub fn delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(3600.0))),
            _ => None,
        }
    }

    /// The sitemaps the file names.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Robots::Rules(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

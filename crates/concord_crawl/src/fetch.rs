//! One HTTP request at a time, politely: a few at once per host with a delay between their
//! starts, tried again on 429 and 5xx (honouring `Retry-After`), read up to a byte limit after
//! decompression. Redirects are returned, not followed, so the crawler can check each hop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

use crate::{Options, USER_AGENT};

/// The longest `Retry-After` or `Crawl-delay` concord waits; a server asking for more is asked
/// again after this long.
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(60);

/// What one request gave.
pub(crate) enum Answer {
    /// A response with a body.
    Body(Body),
    /// A redirect to another URL.
    Redirect(Url),
}

/// A response's body and what it says it is.
pub(crate) struct Body {
    /// The media type (`text/html`), lowercase, without parameters.
    pub media_type: Option<String>,
    /// The `charset` parameter of the `Content-Type`.
    pub charset: Option<String>,
    /// The bytes, decompressed.
    pub bytes: Vec<u8>,
}

/// Why a request gave no body: a status, or trouble on the way, in plain words.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The HTTP status, if the server answered.
    pub status: Option<StatusCode>,
    /// What went wrong, for the person reading the report.
    pub message: String,
}

/// The politeness of one host: how many requests may run, and when the next may start.
struct Host {
    permits: Arc<Semaphore>,
    /// When the next request may start.
    next: tokio::sync::Mutex<Instant>,
    /// The least time between starts (`--crawl-delay`, or a longer `Crawl-delay`).
    delay: Mutex<Duration>,
}

/// An HTTP client that is polite to every host it talks to.
pub(crate) struct Fetcher {
    client: reqwest::Client,
    options: Options,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

impl Fetcher {
    /// A client with concord's user agent, the request timeout, gzip and brotli, proxies from
    /// the environment and no automatic redirects.
    pub fn new(options: &Options) -> Result<Self, String> {
        // reqwest is built without a default crypto provider (ring builds anywhere a C compiler
        // does); install ring's unless the program already chose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| format!("cannot start the web client: {err}"))?;
        Ok(Fetcher {
            client,
            options: options.clone(),
            hosts: Mutex::new(HashMap::new()),
        })
    }

    fn host(&self, url: &Url) -> Arc<Host> {
        let key = url.origin().ascii_serialization();
        let mut hosts = self.hosts.lock().expect("host table");
        hosts
            .entry(key)
            .or_insert_with(|| {
                Arc::new(Host {
                    permits: Arc::new(Semaphore::new(self.options.concurrency.max(1))),
                    next: tokio::sync::Mutex::new(Instant::now()),
                    delay: Mutex::new(self.options.delay),
                })
            })
            .clone()
    }

    /// Makes requests to `url`'s host wait at least `delay` between starts (a `Crawl-delay`).
    pub fn slow_down(&self, url: &Url, delay: Duration) {
        let host = self.host(url);
        let mut current = host.delay.lock().expect("host delay");
        *current = (*current).max(delay.min(MAX_WAIT));
    }

    /// Waits for a turn at `url`'s host: a free slot, and the delay since the last start.
    async fn turn(&self, url: &Url) -> OwnedSemaphorePermit {
        let host = self.host(url);
        let permit = host
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let delay = *host.delay.lock().expect("host delay");
        let mut next = host.next.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + delay;
        permit
    }

    /// Requests `url`, trying again on 429 and 5xx, and reads the body. A redirect is returned
    /// for the caller to follow.
    pub async fn get(&self, url: &Url) -> Result<Answer, Failure> {
        let mut attempt = 0;
        loop {
            let turn = self.turn(url).await;
            let result = self.once(url).await;
            drop(turn);
            match result {
                Err((failure, wait)) if attempt < self.options.retries && retryable(&failure) => {
                    let backoff = self.options.backoff * 2u32.saturating_pow(attempt);
                    tokio::time::sleep(wait.unwrap_or(backoff).min(MAX_WAIT)).await;
                    attempt += 1;
                }
                Err((failure, _)) => return Err(failure),
                Ok(answer) => return Ok(answer),
            }
        }
    }

    /// Requests `url`, following at most `max_redirects` redirects (with `same_host`, only on
    /// its host, http to https included), for the files a crawl reads about a site: robots.txt
    /// (which RFC 9309 follows anywhere) and sitemaps.
    pub async fn get_following(
        &self,
        url: &Url,
        max_redirects: usize,
        same_host: bool,
    ) -> Result<Body, Failure> {
        let mut url = url.clone();
        for _ in 0..=max_redirects {
            match self.get(&url).await? {
                Answer::Body(body) => return Ok(body),
                Answer::Redirect(next) if !same_host || next.host() == url.host() => url = next,
                Answer::Redirect(next) => {
                    return Err(Failure {
                        status: None,
                        message: format!("it redirects off the site, to {next}"),
                    });
                }
            }
        }
        Err(Failure {
            status: None,
            message: format!("it redirects more than {max_redirects} times"),
        })
    }

    /// One request; on failure, also how long the server asked us to wait.
    async fn once(&self, url: &Url) -> Result<Answer, (Failure, Option<Duration>)> {
        let response = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(|err| (trouble(&err, self.options.timeout), None))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| url.join(l).ok());
            return match location {
                Some(next) => Ok(Answer::Redirect(next)),
                None => Err((
                    failed(status, "redirects without saying where to".into()),
                    None,
                )),
            };
        }
        if !status.is_success() {
            let wait = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            let reason = status.canonical_reason().unwrap_or("an error");
            let message = format!("the server answered {} {reason}", status.as_u16());
            return Err((failed(status, message), wait));
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut parts = content_type.split(';').map(str::trim);
        let media_type = parts.next().filter(|m| !m.is_empty()).map(String::from);
        let charset = parts
            .filter_map(|p| p.strip_prefix("charset="))
            .map(|c| c.trim_matches('"').to_string())
            .next();
        let bytes = self.body(response).await.map_err(|f| (f, None))?;
        Ok(Answer::Body(Body {
            media_type,
            charset,
            bytes,
        }))
    }

    /// Reads a body chunk by chunk (decompressed as it comes), stopping at the byte limit, so a
    /// huge page or a decompression bomb costs no more than the limit.
    async fn body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
        let max = self.options.max_bytes;
        let too_large = || Failure {
            status: None,
            message: format!(
                "this response is larger than the {} MB concord reads at once, so it was not checked",
                max.div_ceil(1024 * 1024)
            ),
        };
        // The declared length counts compressed bytes; a larger body is refused at once.
        if response.content_length().is_some_and(|n| n > max) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > max {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(bytes),
                Err(err) => return Err(trouble(&err, self.options.timeout)),
            }
        }
    }
}

/// Whether a failure may go away if asked again: rate limiting and server errors.
fn retryable(failure: &Failure) -> bool {
    failure.status.is_some_and(|s| {
        s == StatusCode::TOO_MANY_REQUESTS || matches!(s.as_u16(), 500 | 502 | 503 | 504)
    })
}

fn failed(status: StatusCode, message: String) -> Failure {
    Failure {
        status: Some(status),
        message,
    }
}

/// A `Retry-After` value: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    match value.trim().parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => httpdate::parse_http_date(value)
            .ok()
            .map(|when| when.duration_since(SystemTime::now()).unwrap_or_default()),
    }
}

/// A transport error in plain words: a timeout, a refused connection, a certificate problem.
fn trouble(err: &reqwest::Error, timeout: Duration) -> Failure {
    let message = if err.is_timeout() {
        format!(
            "the server did not answer within {} seconds",
            timeout.as_secs_f32()
        )
    } else if err.is_connect() {
        format!("cannot connect to the server: {}", causes(err))
    } else {
        format!("the connection failed: {}", causes(err))
    };
    Failure {
        status: None,
        message,
    }
}

/// An error and its causes, innermost last, on one line.
fn causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let words = cause.to_string();
        if !text.contains(&words) {
            text.push_str(": ");
            text.push_str(&words);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after(" 3 "), Some(Duration::from_secs(3)));
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let wait = retry_after(&soon).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert_eq!(retry_after("soon"), None);
    }
}

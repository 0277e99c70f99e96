//! One HTTP request at a time, politely: a few at once per host with a delay between their
//! starts, tried again on 429 and 5xx (honouring `Retry-After`), read up to a byte limit after
//! decompression. Redirects are returned, not followed, so the crawler can check each hop.
//! Every wait ends by the crawl's deadline (`--time-budget`), and only one response at a time
//! may grow past a small size, so memory is bounded across all requests, not per request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// How large a response may grow while others are read too; past this, a response waits for its
/// turn to be the one large response being read.
const SMALL_BODY: usize = 2 * 1024 * 1024;

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
    /// For a response larger than [`SMALL_BODY`], the one turn to hold such a response, kept
    /// until the caller has done with it.
    pub large: Option<OwnedSemaphorePermit>,
}

/// Why a request gave no body: a status, or trouble on the way, in plain words.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The HTTP status, if the server answered.
    pub status: Option<StatusCode>,
    /// What went wrong, for the person reading the report.
    pub message: String,
    /// The request was never sent: its turn would have come after the crawl's deadline.
    pub unsent: bool,
}

impl Failure {
    /// A failure with no HTTP status.
    fn plain(message: String) -> Self {
        Failure {
            status: None,
            message,
            unsent: false,
        }
    }
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
    /// When the crawl's time budget runs out.
    deadline: Option<Instant>,
    /// HTTP requests made so far.
    requests: AtomicUsize,
    /// The one turn to read (and hold) a response larger than [`SMALL_BODY`].
    large: Arc<Semaphore>,
}

impl Fetcher {
    /// A client with concord's user agent, the request timeout, gzip and brotli, proxies from
    /// the environment and no automatic redirects.
    /// The time budget starts now.
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
            deadline: options.budget.map(|b| Instant::now() + b),
            requests: AtomicUsize::new(0),
            large: Arc::new(Semaphore::new(1)),
        })
    }

    /// Whether the crawl's time budget has run out.
    pub fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// HTTP requests made so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// Whether a wait of `wait` from now ends by the deadline.
    fn fits(&self, wait: Duration) -> bool {
        self.deadline.is_none_or(|d| Instant::now() + wait <= d)
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

    /// Waits for a turn at `url`'s host: a free slot, and the delay since the last start. Fails
    /// if the turn would come after the deadline.
    async fn turn(&self, url: &Url) -> Result<OwnedSemaphorePermit, Failure> {
        let host = self.host(url);
        let permit = match self.deadline {
            Some(deadline) => {
                tokio::time::timeout_at(deadline, host.permits.clone().acquire_owned())
                    .await
                    .map_err(|_| unsent())?
            }
            None => host.permits.clone().acquire_owned().await,
        }
        .expect("the semaphore is never closed");
        let delay = *host.delay.lock().expect("host delay");
        let mut next = host.next.lock().await;
        if self.deadline.is_some_and(|d| *next > d) {
            return Err(unsent());
        }
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + delay;
        Ok(permit)
    }

    /// Requests `url`, trying again on 429 and 5xx, and reads the body. A redirect is returned
    /// for the caller to follow.
    pub async fn get(&self, url: &Url) -> Result<Answer, Failure> {
        let mut attempt = 0;
        loop {
            let turn = self.turn(url).await?;
            let result = self.once(url).await;
            drop(turn);
            match result {
                Err((failure, wait)) if attempt < self.options.retries && retryable(&failure) => {
                    let backoff = self.options.backoff * 2u32.saturating_pow(attempt);
                    let asked = wait.unwrap_or(backoff);
                    let wait = asked.min(MAX_WAIT);
                    if !self.fits(wait) {
                        let message = format!(
                            "{} and asked concord to wait {} s before trying again, which would go past the crawl's --time-budget",
                            failure.message,
                            asked.as_secs()
                        );
                        return Err(Failure { message, ..failure });
                    }
                    tokio::time::sleep(wait).await;
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
                    return Err(Failure::plain(format!(
                        "it redirects off the site, to {next}"
                    )));
                }
            }
        }
        Err(Failure::plain(format!(
            "it redirects more than {max_redirects} times"
        )))
    }

    /// One request; on failure, also how long the server asked us to wait.
    async fn once(&self, url: &Url) -> Result<Answer, (Failure, Option<Duration>)> {
        // A request in flight ends by the deadline too.
        let left = self
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()));
        let limit = left.map_or(self.options.timeout, |left| left.min(self.options.timeout));
        let cut_short = limit < self.options.timeout;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = self
            .client
            .get(url.clone())
            .timeout(limit)
            .send()
            .await
            .map_err(|err| (trouble(&err, limit, cut_short, "answer"), None))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response.headers().get(LOCATION).map(|l| {
                let text = String::from_utf8_lossy(l.as_bytes()).into_owned();
                url.join(&text).map_err(|_| text)
            });
            let code = status.as_u16();
            return match location {
                Some(Ok(next)) => Ok(Answer::Redirect(next)),
                Some(Err(text)) => Err((
                    failed(
                        status,
                        format!("it redirects ({code}) to \"{text}\", which is not a web address"),
                    ),
                    None,
                )),
                None => Err((
                    failed(
                        status,
                        format!(
                            "it redirects ({code}) without saying where to (no Location header)"
                        ),
                    ),
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
        let (bytes, large) = self
            .body(response, limit, cut_short)
            .await
            .map_err(|f| (f, None))?;
        Ok(Answer::Body(Body {
            media_type,
            charset,
            bytes,
            large,
        }))
    }

    /// Reads a body chunk by chunk (decompressed as it comes), stopping at the byte limit, so a
    /// huge page or a decompression bomb costs no more than the limit. Past [`SMALL_BODY`] it
    /// waits to be the one large response being read, and returns that turn with the bytes.
    async fn body(
        &self,
        mut response: reqwest::Response,
        limit: Duration,
        cut_short: bool,
    ) -> Result<(Vec<u8>, Option<OwnedSemaphorePermit>), Failure> {
        let max = self.options.max_bytes;
        let too_large = || {
            Failure::plain(format!(
                "this response is larger than the {} MB concord reads at once, so it was not checked",
                max.div_ceil(1024 * 1024)
            ))
        };
        // The declared length counts compressed bytes; a larger body is refused at once.
        if response.content_length().is_some_and(|n| n > max) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        let mut large = None;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > max {
                        return Err(too_large());
                    }
                    if large.is_none() && bytes.len() + chunk.len() > SMALL_BODY {
                        let turn = self.large.clone().acquire_owned().await;
                        large = Some(turn.expect("the semaphore is never closed"));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok((bytes, large)),
                Err(err) => return Err(trouble(&err, limit, cut_short, "send the whole response")),
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
        unsent: false,
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

/// A request not sent because its turn would come after the crawl's deadline.
fn unsent() -> Failure {
    Failure {
        status: None,
        message: "its turn at the site would come after the crawl's --time-budget".into(),
        unsent: true,
    }
}

/// A transport error in plain words: a timeout (while waiting to `answer`, or to send the whole
/// response), a refused connection, a connection closed early, a certificate problem.
fn trouble(err: &reqwest::Error, limit: Duration, cut_short: bool, answer: &str) -> Failure {
    let message = if err.is_timeout() && cut_short {
        format!("the crawl's --time-budget ran out while waiting for the server to {answer}")
    } else if err.is_timeout() {
        format!(
            "the server did not {answer} within {} seconds",
            limit.as_secs_f32()
        )
    } else if err.is_connect() {
        format!("cannot connect to the server: {}", causes(err))
    } else if err.is_decode() {
        format!("the response could not be decompressed: {}", causes(err))
    } else if err.is_body() {
        "the server closed the connection before sending the whole response".to_string()
    } else {
        format!("the connection failed: {}", causes(err))
    };
    Failure::plain(message)
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

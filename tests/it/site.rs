//! A website for crawl tests, served by the test itself on 127.0.0.1 (an ephemeral port): pages
//! that link to each other and to documents, with every kind of trouble a real site has. It
//! records every request (path, when it started and ended, how many were running), so a test
//! can prove what was fetched and how politely.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::workspace;

/// One request the site answered.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The path and query asked for.
    pub path: String,
    /// When the request arrived.
    pub start: Instant,
    /// When the answer was ready (`None` while it is being made).
    pub end: Option<Instant>,
    /// The user agent sent.
    pub agent: String,
}

/// A page or other response of the site.
#[derive(Clone)]
pub enum Page {
    /// A body with a content type.
    Body(&'static str, Vec<u8>),
    /// A redirect to a path.
    Redirect(&'static str),
    /// An error status (with `Retry-After`, if given) the first time; `then` after that.
    FailsFirst(StatusCode, Option<&'static str>, Box<Page>),
    /// An error status (with `Retry-After`, if given) every time.
    Fails(StatusCode, Option<&'static str>),
    /// Answered after a wait.
    Slow(Duration, Box<Page>),
    /// A body already gzipped, sent with `Content-Encoding: gzip`.
    Gzipped(&'static str, Vec<u8>),
}

#[derive(Default)]
struct Log {
    hits: Vec<Hit>,
    /// How many times each path was asked for.
    asked: HashMap<String, usize>,
}

/// A running test site, stopped when the test process ends.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: Arc<Mutex<Log>>,
}

impl Site {
    /// Serves the pages `pages` makes (by path), given the site's own address.
    pub fn serve(pages: impl FnOnce(&str) -> Vec<(&'static str, Page)>) -> Site {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let base = format!("http://{address}");
        let pages: HashMap<String, Page> = pages(&base)
            .into_iter()
            .map(|(path, page)| (path.to_string(), page))
            .collect();
        let log = Arc::new(Mutex::new(Log::default()));
        let state = (Arc::new(pages), log.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new().fallback(answer).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        Site { base, log }
    }

    /// The site's URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far, in the order they arrived.
    pub fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().hits.clone()
    }

    /// The paths asked for, in order.
    pub fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }
}

type Shared = (Arc<HashMap<String, Page>>, Arc<Mutex<Log>>);

async fn answer(State((pages, log)): State<Shared>, request: Request) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (index, times) = {
        let mut log = log.lock().unwrap();
        log.hits.push(Hit {
            path: path.clone(),
            start: Instant::now(),
            end: None,
            agent,
        });
        let index = log.hits.len() - 1;
        let asked = log.asked.entry(path.clone()).or_default();
        *asked += 1;
        (index, *asked)
    };
    let page = pages.get(&path).cloned();
    let response = match page {
        Some(page) => respond(page, times).await,
        None => status(StatusCode::NOT_FOUND),
    };
    log.lock().unwrap().hits[index].end = Some(Instant::now());
    response
}

fn respond(page: Page, times: usize) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>> {
    Box::pin(async move {
        match page {
            Page::Body(content_type, bytes) => Response::builder()
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(bytes))
                .unwrap(),
            Page::Gzipped(content_type, bytes) => Response::builder()
                .header(header::CONTENT_TYPE, content_type)
                .header(header::CONTENT_ENCODING, "gzip")
                .body(Body::from(bytes))
                .unwrap(),
            Page::Redirect(to) => Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, to)
                .body(Body::empty())
                .unwrap(),
            Page::FailsFirst(_, _, then) if times > 1 => respond(*then, times).await,
            Page::FailsFirst(code, retry_after, _) | Page::Fails(code, retry_after) => {
                let mut response = status(code);
                if let Some(seconds) = retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
                }
                response
            }
            Page::Slow(wait, page) => {
                tokio::time::sleep(wait).await;
                respond(*page, times).await
            }
        }
    })
}

fn status(code: StatusCode) -> Response {
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from(format!("<p>{code}</p>")))
        .unwrap()
}

/// `bytes`, gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// An HTML page with a title and a body.
pub fn html(body: &str) -> Page {
    Page::Body(
        "text/html; charset=utf-8",
        format!("<!doctype html><html lang=en><head><title>Page</title></head><body>{body}</body></html>")
            .into_bytes(),
    )
}

/// A fixture file's bytes.
pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(workspace().join("tests/fixtures").join(path)).unwrap()
}

//! The crawl: a queue of URLs read a few at a time, each page's links added to it, every URL
//! claimed once so nothing is read twice.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use tokio::task::JoinSet;
use url::Url;

use crate::fetch::{Answer, Body, Fetcher};
use crate::robots::Robots;
use crate::scope::{self, Scope};
use crate::{Event, Format, Options, Outcome, Resource, Skip, Summary, links, sitemap};

/// The most redirects followed from one URL.
const MAX_REDIRECTS: usize = 10;

/// The most sitemaps read for one site (an index of indexes cannot go on for ever).
const MAX_SITEMAPS: usize = 100;

/// The most URLs being read at once across all hosts (each host has its own, smaller limit).
const MAX_IN_FLIGHT: usize = 64;

/// Reads `starts` (and, with `options.follow`, the sites they start) and hands every page,
/// document, skipped URL and failure to `sink` as it comes. Returns what else happened.
pub fn crawl(starts: &[Url], options: &Options, mut sink: impl FnMut(Event)) -> Summary {
    let fetcher = match Fetcher::new(options) {
        Ok(fetcher) => fetcher,
        Err(message) => {
            for url in starts {
                let (url, message) = (url.clone(), message.clone());
                sink(Event {
                    outcome: Outcome::Failed { url, message },
                    queued: 0,
                });
            }
            return Summary {
                fetched: starts.len(),
                ..Summary::default()
            };
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    let crawl = Arc::new(Crawl {
        fetcher,
        options: options.clone(),
        scopes: Mutex::new(starts.iter().map(Scope::of).collect()),
        robots: Mutex::new(HashMap::new()),
        seen: Mutex::new(HashSet::new()),
        summary: Mutex::new(Summary::default()),
        trouble: Mutex::new(Vec::new()),
    });
    runtime.block_on(run(crawl.clone(), starts, &mut sink));
    let mut summary = crawl.summary.lock().expect("summary").clone();
    summary.requests = crawl.fetcher.requests();
    summary
}

/// What the tasks of one crawl share.
struct Crawl {
    fetcher: Fetcher,
    options: Options,
    /// The sites and folders the crawl reads: the start URLs', and where a start URL moved to.
    scopes: Mutex<Vec<Scope>>,
    /// Each site's `robots.txt`, read once.
    robots: Mutex<HashMap<String, Arc<OnceCell<Robots>>>>,
    /// Every URL queued, read or redirected to, in its canonical spelling.
    seen: Mutex<HashSet<String>>,
    summary: Mutex<Summary>,
    /// Site files found unreadable inside tasks (a site's robots.txt), for the main loop to send.
    trouble: Mutex<Vec<Outcome>>,
}

/// A URL waiting to be read.
struct Queued {
    url: Url,
    /// How many links away from a start URL it is.
    depth: usize,
    /// Whether it is a start URL (one that may move the crawl to another site).
    start: bool,
}

/// What became of one URL taken from the queue.
enum Visit {
    /// It answered with a body (at `url`, after redirects); `moved` if it is a start URL that
    /// redirected to another site or folder, which the crawl now covers.
    Body {
        url: Url,
        body: Body,
        depth: usize,
        moved: bool,
    },
    /// It was read and is not to be checked.
    Skipped { url: Url, skip: Skip },
    /// It could not be read.
    Failed { url: Url, message: String },
    /// It was not requested: `robots.txt` says no, or the site's robots.txt could not be read
    /// (reported once for the site).
    NotRequested,
    /// It was not requested: its turn would have come after the time budget.
    Late,
}

async fn run(crawl: Arc<Crawl>, starts: &[Url], sink: &mut impl FnMut(Event)) {
    let mut queue: VecDeque<Queued> = VecDeque::new();
    for start in starts {
        if crawl.claim(start) {
            queue.push_back(Queued {
                url: start.clone(),
                depth: 0,
                start: true,
            });
        }
    }
    if crawl.options.follow {
        let mut origins = HashSet::new();
        for start in starts {
            if origins.insert(start.origin().ascii_serialization()) {
                crawl.read_sitemaps(start, &mut queue).await;
            }
        }
    }
    let mut tasks = JoinSet::new();
    // Pages and documents read or failed; a URL that only redirects, or that robots.txt keeps
    // out, uses up no --max-pages slot.
    let mut spent = 0;
    let mut late = 0;
    loop {
        send_trouble(&crawl, queue.len() + tasks.len(), sink);
        let out_of_time = crawl.fetcher.out_of_time();
        while tasks.len() < MAX_IN_FLIGHT
            && spent + tasks.len() < crawl.options.max_pages
            && !out_of_time
            && let Some(queued) = queue.pop_front()
        {
            tasks.spawn(visit(crawl.clone(), queued));
        }
        let Some(done) = tasks.join_next().await else {
            break;
        };
        let Ok(visit) = done else {
            continue;
        };
        let outcome = match visit {
            Visit::Body {
                url,
                body,
                depth,
                moved,
            } => {
                spent += 1;
                if moved {
                    crawl.read_sitemaps(&url, &mut queue).await;
                }
                crawl.read(url, body, depth, &mut queue, sink)
            }
            Visit::Failed { url, message } => {
                spent += 1;
                Outcome::Failed { url, message }
            }
            Visit::Skipped { url, skip } => Outcome::Skipped { url, skip },
            Visit::NotRequested => continue,
            Visit::Late => {
                late += 1;
                continue;
            }
        };
        crawl.summary.lock().expect("summary").fetched += 1;
        sink(Event {
            outcome,
            queued: queue.len() + tasks.len(),
        });
    }
    send_trouble(&crawl, 0, sink);
    let left = queue.len() + late;
    if left > 0 {
        let why = if late > 0 || crawl.fetcher.out_of_time() {
            "it ran out of time (--time-budget)".to_string()
        } else {
            format!(
                "it stopped after {} pages (--max-pages)",
                crawl.options.max_pages
            )
        };
        crawl.summary.lock().expect("summary").stopped =
            Some(format!("{why}; {left} more URL(s) were not read"));
    }
}

/// Sends the site files tasks found unreadable (a site's robots.txt).
fn send_trouble(crawl: &Crawl, queued: usize, sink: &mut impl FnMut(Event)) {
    let trouble: Vec<Outcome> = crawl.trouble.lock().expect("trouble").drain(..).collect();
    for outcome in trouble {
        sink(Event { outcome, queued });
    }
}

/// Reads one URL, following redirects (each hop checked against the site and robots.txt).
async fn visit(crawl: Arc<Crawl>, queued: Queued) -> Visit {
    let Queued { url, depth, start } = queued;
    let follow = crawl.options.follow;
    let mut chain = vec![url];
    let mut moved = false;
    loop {
        let current = chain.last().expect("the chain starts with the URL").clone();
        if follow {
            match crawl.allowed(&current).await {
                Some(true) => {}
                Some(false) if chain.len() == 1 => {
                    crawl.summary.lock().expect("summary").disallowed += 1;
                    return Visit::NotRequested;
                }
                Some(false) => {
                    return Visit::Skipped {
                        url: chain.swap_remove(0),
                        skip: Skip::Disallowed(current),
                    };
                }
                // robots.txt could not be read: reported once for the site, nothing read.
                None if chain.len() == 1 => return Visit::NotRequested,
                None => {
                    return Visit::Failed {
                        url: chain.swap_remove(0),
                        message: format!(
                            "it redirects to {current}, whose site's robots.txt could not be read"
                        ),
                    };
                }
            }
        }
        match crawl.fetcher.get(&current).await {
            Ok(Answer::Body(body)) => {
                return Visit::Body {
                    url: current,
                    body,
                    depth,
                    moved,
                };
            }
            Ok(Answer::Redirect(next)) => {
                let failed = |message: String| Visit::Failed {
                    url: chain[0].clone(),
                    message,
                };
                let Some(next) = scope::canonical(next) else {
                    return failed("it redirects to something that is not a web page".into());
                };
                if chain.contains(&next) {
                    let hops: Vec<&str> = chain.iter().map(Url::as_str).collect();
                    return failed(format!(
                        "it redirects in a loop: {} → {next}",
                        hops.join(" → ")
                    ));
                }
                if chain.len() > MAX_REDIRECTS {
                    return failed(format!("it redirects more than {MAX_REDIRECTS} times"));
                }
                if follow && !crawl.in_scope(&next) {
                    if !start {
                        return Visit::Skipped {
                            url: chain.swap_remove(0),
                            skip: Skip::OffSite(next),
                        };
                    }
                    crawl.move_to(&chain[0], &next);
                    moved = true;
                }
                if follow && !crawl.claim(&next) {
                    return Visit::Skipped {
                        url: chain.swap_remove(0),
                        skip: Skip::SeenAlready(next),
                    };
                }
                chain.push(next);
            }
            Err(failure) if failure.unsent && chain.len() == 1 => return Visit::Late,
            Err(failure) => {
                return Visit::Failed {
                    url: chain.swap_remove(0),
                    message: failure.message,
                };
            }
        }
    }
}

impl Crawl {
    /// Marks `url` as read (or about to be); false if it already was.
    fn claim(&self, url: &Url) -> bool {
        self.seen
            .lock()
            .expect("seen set")
            .insert(url.as_str().to_string())
    }

    fn in_scope(&self, url: &Url) -> bool {
        self.scopes
            .lock()
            .expect("scopes")
            .iter()
            .any(|s| s.contains(url))
    }

    /// A start URL redirects to `to`, off its site or folder (`http` to `https`, the bare
    /// domain to `www.`): the crawl covers where it went, and says so.
    fn move_to(&self, start: &Url, to: &Url) {
        let scope = Scope::of(to);
        let note = format!(
            "{start} redirects to {to}, so the crawl reads {} instead",
            scope.describe()
        );
        self.scopes.lock().expect("scopes").push(scope);
        self.summary.lock().expect("summary").notes.push(note);
    }

    /// The `robots.txt` of `url`'s site, read the first time it is needed; its `Crawl-delay`
    /// slows the site's requests from then on.
    async fn robots(&self, url: &Url) -> Arc<OnceCell<Robots>> {
        let cell = self
            .robots
            .lock()
            .expect("robots table")
            .entry(url.origin().ascii_serialization())
            .or_default()
            .clone();
        cell.get_or_init(|| async {
            let robots = Robots::fetch(&self.fetcher, url).await;
            if let Some(delay) = robots.delay() {
                self.fetcher.slow_down(url, delay);
            }
            if let Robots::Nothing(message) = &robots {
                let url = url.join("/robots.txt").unwrap_or_else(|_| url.clone());
                let message = message.clone();
                self.trouble
                    .lock()
                    .expect("trouble")
                    .push(Outcome::SiteTrouble { url, message });
            }
            robots
        })
        .await;
        cell
    }

    /// Whether robots.txt lets concord read `url`; `None` if the site's robots.txt could not be
    /// read (then nothing on the site is read).
    async fn allowed(&self, url: &Url) -> Option<bool> {
        match self.robots(url).await.get()? {
            Robots::Nothing(_) => None,
            robots => Some(robots.allows(url)),
        }
    }

    /// Adds the pages of `start`'s sitemaps (those `robots.txt` names, else `/sitemap.xml`)
    /// to the queue, following sitemap indexes.
    async fn read_sitemaps(&self, start: &Url, queue: &mut VecDeque<Queued>) {
        let cell = self.robots(start).await;
        let Some(robots) = cell.get() else { return };
        let site = Scope::of(start);
        let named: Vec<Url> = robots
            .sitemaps()
            .iter()
            .filter_map(|s| Url::parse(s).ok())
            .filter(|s| site.same_origin(s))
            .collect();
        // Only sitemaps the site names are worth an error; a missing /sitemap.xml is normal.
        let mut pending: VecDeque<(Url, bool)> = named.into_iter().map(|s| (s, true)).collect();
        if pending.is_empty() {
            pending.extend(start.join("/sitemap.xml").ok().map(|s| (s, false)));
        }
        let mut read = HashSet::new();
        while let Some((url, named)) = pending.pop_front() {
            if read.len() >= MAX_SITEMAPS || !read.insert(url.clone()) || !robots.allows(&url) {
                continue;
            }
            let sitemap = match self.fetcher.get_following(&url, MAX_REDIRECTS, true).await {
                Ok(body) => sitemap::parse(&body.bytes, self.options.max_bytes),
                Err(failure) => Err(failure.message),
            };
            match sitemap {
                Ok(sitemap) => {
                    for page in sitemap.pages.iter().filter_map(|p| Url::parse(p).ok()) {
                        if let Some(page) = scope::canonical(page)
                            && self.in_scope(&page)
                            && self.claim(&page)
                        {
                            queue.push_back(Queued {
                                url: page,
                                depth: 0,
                                start: false,
                            });
                        }
                    }
                    for child in sitemap.sitemaps.iter().filter_map(|s| url.join(s).ok()) {
                        if site.same_origin(&child) {
                            pending.push_back((child, true));
                        }
                    }
                }
                Err(message) if named => {
                    self.trouble
                        .lock()
                        .expect("trouble")
                        .push(Outcome::SiteTrouble {
                            url,
                            message: format!("this sitemap could not be read: {message}"),
                        });
                }
                Err(_) => {}
            }
        }
    }

    /// What to do with a body read from `url`: a page's links (and the page it names as
    /// canonical) join the queue; a page or document is handed on; anything else is skipped.
    fn read(
        &self,
        url: Url,
        body: Body,
        depth: usize,
        queue: &mut VecDeque<Queued>,
        sink: &mut impl FnMut(Event),
    ) -> Outcome {
        let Some(format) = format_of(body.media_type.as_deref(), &url) else {
            let media_type = body.media_type.unwrap_or_else(|| "no media type".into());
            return Outcome::Skipped {
                url,
                skip: Skip::NotAPage(media_type),
            };
        };
        let mut canonical = None;
        // A page that is not text is still handed on: checking it says what is wrong with it.
        let html = (format == Format::Html && self.options.follow)
            .then(|| {
                concord_formats::decode_declared(Format::Html, &body.bytes, body.charset.as_deref())
                    .ok()
            })
            .flatten();
        if let Some((html, _)) = html {
            let links = links::extract(&html, &url);
            canonical = links.canonical.filter(|c| *c != url);
            let deeper = self.options.max_depth.is_none_or(|max| depth < max);
            // The canonical page is read too, so that the caller can tell a copy from a page
            // that only names it (the template bug of every page naming the home page).
            let followed = canonical
                .iter()
                .cloned()
                .chain(links.links.into_iter().filter(|_| deeper));
            for link in followed {
                if !self.in_scope(&link) || !self.claim(&link) {
                    continue;
                }
                if self.options.list_only && scope::is_document(&link) {
                    sink(Event {
                        outcome: Outcome::Listed(link),
                        queued: queue.len(),
                    });
                } else {
                    queue.push_back(Queued {
                        url: link,
                        depth: depth + 1,
                        start: false,
                    });
                }
            }
        }
        Outcome::Read(Resource {
            url,
            canonical,
            format,
            charset: body.charset,
            bytes: body.bytes,
            _large: body.large,
        })
    }
}

/// The format of a response: by its media type, or for a generic one by its URL's extension.
/// `None` for anything that is neither a page nor a document.
fn format_of(media_type: Option<&str>, url: &Url) -> Option<Format> {
    match media_type {
        Some("text/html" | "application/xhtml+xml") => Some(Format::Html),
        Some("application/pdf") => Some(Format::Pdf),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document") => {
            Some(Format::Docx)
        }
        Some("application/vnd.oasis.opendocument.text") => Some(Format::Odt),
        Some("text/plain") => Some(Format::Text),
        Some("text/markdown") => Some(Format::Markdown),
        None | Some("application/octet-stream" | "binary/octet-stream") => {
            let format = Format::of_path(std::path::Path::new(url.path()));
            (format != Format::Text).then_some(format)
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_media_type_then_by_extension() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            format_of(Some("text/html"), &url("https://c.example/a.pdf")),
            Some(Format::Html)
        );
        assert_eq!(
            format_of(
                Some("application/octet-stream"),
                &url("https://c.example/a.PDF")
            ),
            Some(Format::Pdf)
        );
        assert_eq!(format_of(None, &url("https://c.example/a")), None);
        assert_eq!(
            format_of(Some("image/png"), &url("https://c.example/a.html")),
            None
        );
    }
}

//! Pages on the web: URLs from the command line and `--urls`, split into shards, read (or
//! crawled) by `concord_crawl`, and checked by the same step as local files
//! (`concord_pipeline::check_source`), so a page's findings are those of the same file on disk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use concord_config::Project;
use concord_crawl::{Event, Format, Outcome, Summary, Url};
use concord_pipeline::{Content, Limits, Origin, Source, check_source_within};
use concord_report::{FileReport, Problem, ProblemKind};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{CrawlArgs, Shard, WebArgs};
use crate::exit::{TROUBLE, report_problems};

/// Whether a command-line path is a web address rather than a file.
pub fn is_url(name: impl AsRef<Path>) -> bool {
    name.as_ref()
        .to_str()
        .is_some_and(|p| p.starts_with("http://") || p.starts_with("https://"))
}

/// The URLs to read: those among `paths`, then those listed in `list` (one per line; blank lines
/// and lines starting with `#` are skipped), each once, in order; with `shard`, only its share.
/// A line that is not a web address is a problem, named by file and line.
pub fn targets(
    paths: &[PathBuf],
    list: Option<&Path>,
    shard: Option<Shard>,
) -> (Vec<Url>, Vec<Problem>) {
    // Each URL with where it was named: the command line, or a line of the list.
    let mut named: Vec<(Option<(&Path, usize)>, String)> = paths
        .iter()
        .filter(|p| is_url(p))
        .map(|p| (None, p.display().to_string()))
        .collect();
    let mut problems = Vec::new();
    if let Some(list) = list {
        match std::fs::read_to_string(list) {
            Ok(text) => named.extend(
                text.lines()
                    .enumerate()
                    .map(|(i, line)| (Some((list, i + 1)), line.trim()))
                    .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
                    .map(|(place, line)| (place, line.to_string())),
            ),
            Err(err) => problems.push(Problem::new(
                Origin::File(list.to_path_buf()),
                ProblemKind::Unreadable {
                    what: "this list of URLs",
                    error: err.to_string(),
                },
            )),
        }
    }
    let mut urls = Vec::new();
    for (place, text) in named {
        match Url::parse(&text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                urls.push(url);
            }
            _ => problems.push(match place {
                Some((list, line)) => Problem::new(
                    Origin::File(list.to_path_buf()),
                    ProblemKind::NotAUrl {
                        line: Some(line),
                        text,
                    },
                ),
                None => Problem::new(
                    Origin::Url(text.clone()),
                    ProblemKind::NotAUrl { line: None, text },
                ),
            }),
        }
    }
    urls.sort();
    urls.dedup();
    if let Some(Shard { index, count }) = shard {
        // Every runner sorts the same list the same way, so the shares never overlap.
        urls = urls
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % count == index - 1)
            .map(|(_, url)| url)
            .collect();
    }
    (urls, problems)
}

/// The crawler's options from the command line.
pub fn options(web: &WebArgs, follow: bool, max_mb: u64) -> concord_crawl::Options {
    concord_crawl::Options {
        follow,
        concurrency: usize::from(web.crawl_concurrency),
        delay: Duration::from_secs_f64(web.crawl_delay.max(0.0)),
        max_pages: web.max_pages,
        max_depth: web.max_depth,
        max_bytes: max_mb.saturating_mul(1024 * 1024),
        timeout: Duration::from_secs_f64(web.timeout.max(0.001)),
        budget: web.time_budget.map(Into::into),
        ..concord_crawl::Options::default()
    }
}

/// What checking the web found.
pub struct Checked {
    /// One report per page or document read, named by its URL.
    pub reports: Vec<FileReport>,
    /// URLs that could not be read or checked.
    pub problems: Vec<Problem>,
    /// What the person should know about the run.
    pub notes: Vec<String>,
}

/// What became of one URL the crawl handed on, once checked.
enum Fate {
    /// Read and checked; with the page it names as canonical.
    Checked {
        report: Box<FileReport>,
        canonical: Option<Url>,
    },
    /// Could not be read or checked; `fetched` if it is one of the URLs the crawl set out to read
    /// (not a site's robots.txt or sitemap).
    Problem { problem: Problem, fetched: bool },
    /// Read and left alone.
    Skipped(&'static str),
}

/// Reads `urls` (crawling their sites with `options.follow`) and checks every page and document
/// under `project`, a few at once, with a progress line on a terminal.
/// At most `max_findings` findings are listed for one page.
pub fn check(
    project: &Project,
    urls: &[Url],
    options: &concord_crawl::Options,
    max_findings: usize,
) -> Checked {
    let limits = Limits {
        max_findings,
        stop: None,
    };
    let progress = Progress::new();
    // A short queue: the crawler waits while pages are checked rather than holding them all.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Event>(1);
    let crawl = std::thread::scope(|scope| {
        // The sender moves to the crawler, so the checks below end when the crawl does.
        let crawl = scope.spawn(move || {
            concord_crawl::crawl(urls, options, |event| {
                let _ = sender.send(event);
            })
        });
        let results: Vec<(Fate, Vec<String>)> = receiver
            .into_iter()
            .par_bridge()
            .filter_map(|event| {
                progress.queued.store(event.queued, Ordering::Relaxed);
                let checked = examine(project, event.outcome, &limits)?;
                progress.record(&checked.0);
                Some(checked)
            })
            .collect();
        (crawl.join(), results)
    });
    progress.finish();
    let (summary, results) = crawl;
    let summary = summary.unwrap_or_else(|_| Summary {
        stopped: Some("the crawler stopped unexpectedly".into()),
        ..Summary::default()
    });
    let mut fates = Vec::new();
    let mut page_notes = Vec::new();
    for (fate, notes) in results {
        fates.push(fate);
        page_notes.extend(notes);
    }
    let copies = Copies::find(&fates);
    let (mut reports, mut problems) = (Vec::new(), Vec::new());
    let mut failed = 0;
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    for fate in fates {
        match fate {
            Fate::Checked { report, .. } if copies.merged.contains(report.name()) => {
                *skipped.entry(Copies::REASON).or_default() += 1;
            }
            Fate::Checked { report, .. } => reports.push(*report),
            Fate::Problem { problem, fetched } => {
                failed += usize::from(fetched);
                problems.push(problem);
            }
            Fate::Skipped(reason) => *skipped.entry(reason).or_default() += 1,
        }
    }
    page_notes.sort();
    let mut notes = vec![format!(
        "fetched {} URL(s) from the web: {} checked, {} could not be read or checked, {} skipped ({} HTTP request(s) in all, with robots.txt, sitemaps, redirects and retries)",
        summary.fetched,
        reports.len(),
        failed,
        skipped.values().sum::<usize>(),
        summary.requests,
    )];
    notes.extend(
        skipped
            .iter()
            .map(|(reason, count)| format!("{count} URL(s) {reason}")),
    );
    notes.extend(copies.notes);
    notes.extend(summary_notes(&summary));
    notes.extend(page_notes);
    Checked {
        reports,
        problems,
        notes,
    }
}

/// Checks what the crawl handed on; `None` for what is only listed. Returns its fate and the
/// notes about it.
fn examine(project: &Project, outcome: Outcome, limits: &Limits) -> Option<(Fate, Vec<String>)> {
    let fetch_problem = |url: Url, message, fetched| Fate::Problem {
        problem: Problem::new(Origin::Url(url.to_string()), ProblemKind::Fetch(message)),
        fetched,
    };
    let fate = match outcome {
        Outcome::Read(resource) => {
            let origin = Origin::Url(resource.url.to_string());
            let source = Source::new(
                origin.clone(),
                Content::Bytes(&resource.bytes),
                resource.format,
            )
            .with_charset(resource.charset.as_deref());
            match check_source_within(project, &source, limits) {
                Ok(mut checked) => {
                    let name = origin.name();
                    let notes = std::mem::take(&mut checked.notes)
                        .into_iter()
                        .map(|n| format!("{name}: {n}"))
                        .collect();
                    let report = Box::new(FileReport::new(origin, checked));
                    let canonical = resource.canonical;
                    return Some((Fate::Checked { report, canonical }, notes));
                }
                Err(err) => Fate::Problem {
                    problem: Problem::new(origin, ProblemKind::Document(err)),
                    fetched: true,
                },
            }
        }
        Outcome::Failed { url, message } => fetch_problem(url, message, true),
        Outcome::SiteTrouble { url, message } => fetch_problem(url, message, false),
        Outcome::Skipped { skip, .. } => Fate::Skipped(skip.reason()),
        Outcome::Listed(_) => return None,
    };
    Some((fate, Vec::new()))
}

/// Pages that name another page as canonical (`<link rel="canonical">`). A canonical is only a
/// hint: a page is merged into the one it names only when that page was read too and its words
/// are the same. Otherwise (the template bug of every page naming the home page) each page is
/// checked under its own address, with a note.
struct Copies {
    /// The pages merged into their canonical page, by name.
    merged: HashSet<String>,
    /// What the person should know about the canonicals that were not followed.
    notes: Vec<String>,
}

impl Copies {
    /// Why merged pages are counted as skipped.
    const REASON: &str = "had the same words as the page they name as canonical (rel=canonical), so they were checked once, under that page's address";

    fn find(fates: &[Fate]) -> Copies {
        // Web pages and what their readers see: only their words tell a copy.
        let pages = || {
            fates.iter().filter_map(|fate| match fate {
                Fate::Checked { report, canonical } if report.format == Format::Html => {
                    Some((report, canonical))
                }
                _ => None,
            })
        };
        // Pages that are their own canonical, by address: only these can take in a copy.
        let originals: HashMap<&str, &str> = pages()
            .filter(|(_, canonical)| canonical.is_none())
            .map(|(report, _)| (report.name(), report.reading()))
            .collect();
        let mut merged = HashSet::new();
        let mut differ: BTreeMap<&str, usize> = BTreeMap::new();
        for (report, canonical) in pages() {
            let Some(canonical) = canonical else { continue };
            if originals.get(canonical.as_str()) == Some(&report.reading()) {
                merged.insert(report.name().to_string());
            } else {
                *differ.entry(canonical.as_str()).or_default() += 1;
            }
        }
        let notes = differ
            .into_iter()
            .map(|(canonical, count)| {
                format!(
                    "{count} page(s) name {canonical} as their canonical address (rel=canonical) but do not have its words, so each was checked under its own address"
                )
            })
            .collect();
        Copies { merged, notes }
    }
}

/// What a crawl left out that the reports do not show.
fn summary_notes(summary: &Summary) -> Vec<String> {
    let mut notes = summary.notes.clone();
    if summary.disallowed > 0 {
        notes.push(format!(
            "{} link(s) were left alone because the site's robots.txt asks concord not to read them",
            summary.disallowed
        ));
    }
    notes.extend(
        summary
            .stopped
            .iter()
            .map(|why| format!("the crawl was cut short: {why}")),
    );
    notes
}

/// `concord crawl`: lists every URL a `check --crawl` would check, one per line.
pub fn list(args: &CrawlArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let paths: Vec<PathBuf> = args.urls.iter().map(PathBuf::from).collect();
    if let Some(path) = paths.iter().find(|p| !is_url(p)) {
        anyhow::bail!(
            "{} is not a web address: give URLs starting http:// or https://",
            path.display()
        );
    }
    let (starts, problems) = targets(&paths, None, None);
    report_problems(&problems);
    let options = concord_crawl::Options {
        list_only: true,
        ..options(&args.web, true, args.max_file_size)
    };
    let mut found: Vec<Url> = Vec::new();
    let mut read_any = false;
    let summary = concord_crawl::crawl(&starts, &options, |event| match event.outcome {
        Outcome::Read(resource) => {
            read_any = true;
            found.push(resource.url);
        }
        Outcome::Listed(url) => found.push(url),
        Outcome::Failed { url, message } => {
            // Listed all the same: checking it will report the trouble where it is seen.
            eprintln!("warning: {url}: {message}");
            found.push(url);
        }
        Outcome::SiteTrouble { url, message } => eprintln!("warning: {url}: {message}"),
        Outcome::Skipped { url, skip } => eprintln!("note: {url}: not listed: {skip}"),
    });
    found.sort();
    found.dedup();
    let mut text = String::new();
    for url in &found {
        text.push_str(url.as_str());
        text.push('\n');
    }
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => out.write_all(text.as_bytes())?,
    }
    for note in summary_notes(&summary) {
        eprintln!("note: {note}");
    }
    eprintln!("Listed {} URL(s).", found.len());
    Ok(ExitCode::from(if read_any { 0 } else { TROUBLE }))
}

/// A progress line on standard error while the web is read: shown on a terminal, never in CI.
struct Progress {
    bar: ProgressBar,
    read: AtomicUsize,
    queued: AtomicUsize,
    findings: AtomicUsize,
    errors: AtomicUsize,
}

impl Progress {
    fn new() -> Self {
        let shown = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = if shown {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .expect("the template is valid"),
        );
        bar.set_message("reading robots.txt and sitemaps…");
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            read: AtomicUsize::new(0),
            queued: AtomicUsize::new(0),
            findings: AtomicUsize::new(0),
            errors: AtomicUsize::new(0),
        }
    }

    fn record(&self, fate: &Fate) {
        match fate {
            Fate::Checked { report, .. } => {
                self.read.fetch_add(1, Ordering::Relaxed);
                self.findings
                    .fetch_add(report.diagnostics.len(), Ordering::Relaxed);
            }
            Fate::Problem { .. } => {
                self.errors.fetch_add(1, Ordering::Relaxed);
            }
            Fate::Skipped(_) => {}
        }
        self.bar.set_message(format!(
            "{} read · {} queued · {} finding(s) · {} error(s)",
            self.read.load(Ordering::Relaxed),
            self.queued.load(Ordering::Relaxed),
            self.findings.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed),
        ));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

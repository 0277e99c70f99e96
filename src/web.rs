//! Pages on the web: URLs from the command line and `--urls`, split into shards, read (or
//! crawled) by `concord_crawl`, and checked by the same step as local files
//! (`concord_pipeline::check_source`), so a page's findings are those of the same file on disk.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use concord_config::Project;
use concord_crawl::{Event, Outcome, Summary, Url};
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
    let (sender, receiver) = std::sync::mpsc::channel::<Event>();
    let crawl = std::thread::scope(|scope| {
        // The sender moves to the crawler, so the checks below end when the crawl does.
        let crawl = scope.spawn(move || {
            concord_crawl::crawl(urls, options, |event| {
                let _ = sender.send(event);
            })
        });
        let results: Vec<(Result<FileReport, Problem>, Vec<String>)> = receiver
            .into_iter()
            .par_bridge()
            .filter_map(|event| {
                progress.queued.store(event.queued, Ordering::Relaxed);
                let mut notes = Vec::new();
                let result = match event.outcome {
                    Outcome::Read(resource) => {
                        let origin = Origin::Url(resource.url.to_string());
                        let source = Source::new(
                            origin.clone(),
                            Content::Bytes(&resource.bytes),
                            resource.format,
                        )
                        .with_charset(resource.charset.as_deref());
                        match check_source_within(project, &source, &limits) {
                            Ok(mut checked) => {
                                let name = origin.name();
                                notes = std::mem::take(&mut checked.notes)
                                    .into_iter()
                                    .map(|n| format!("{name}: {n}"))
                                    .collect();
                                Ok(FileReport::new(origin, checked))
                            }
                            Err(err) => Err(Problem::new(origin, ProblemKind::Document(err))),
                        }
                    }
                    Outcome::Failed { url, message } => Err(Problem::new(
                        Origin::Url(url.to_string()),
                        ProblemKind::Fetch(message),
                    )),
                    Outcome::Listed(_) => return None,
                };
                progress.record(&result);
                Some((result, notes))
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
    let (mut reports, mut problems, mut page_notes) = (Vec::new(), Vec::new(), Vec::new());
    for (result, notes) in results {
        match result {
            Ok(report) => reports.push(report),
            Err(problem) => problems.push(problem),
        }
        page_notes.extend(notes);
    }
    page_notes.sort();
    let mut notes = vec![format!(
        "read {} page(s) and document(s) from the web ({} response(s) in all)",
        reports.len(),
        summary.fetched
    )];
    notes.extend(summary_notes(&summary));
    notes.extend(page_notes);
    Checked {
        reports,
        problems,
        notes,
    }
}

/// What a crawl left out that the reports do not show.
fn summary_notes(summary: &Summary) -> Vec<String> {
    let mut notes = Vec::new();
    if summary.skipped > 0 {
        notes.push(format!(
            "{} response(s) were neither a page nor a document (images, feeds and the like) and were not checked",
            summary.skipped
        ));
    }
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

    fn record(&self, result: &Result<FileReport, Problem>) {
        match result {
            Ok(report) => {
                self.read.fetch_add(1, Ordering::Relaxed);
                self.findings
                    .fetch_add(report.diagnostics.len(), Ordering::Relaxed);
            }
            Err(_) => {
                self.errors.fetch_add(1, Ordering::Relaxed);
            }
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

//! `--format human`: a rustc/ruff-style report with the line, the words underlined, the reason
//! and what to write instead.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use concord_engine::Severity;
use rayon::prelude::*;

use crate::counts;
use crate::options::RenderOptions;
use crate::report::{FileReport, Reported};

/// How many findings are rendered before they are written: enough to keep every core busy,
/// few enough that the rendered text stays small.
const RENDER_WINDOW: usize = 4096;

/// How many findings one task renders.
const RENDER_BATCH: usize = 64;

/// Marks text left out of a long line or paragraph.
const ELLIPSIS: &str = "…";

/// Writes each finding as rustc writes an error, then (unless quiet) a summary; `unreadable`
/// documents could not be checked at all.
pub fn render(
    reports: &[FileReport],
    unreadable: usize,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Rendering a finding costs more than checking it (annotate-snippets lays out every
    // character), so findings are rendered on every core, a window at a time, and written in
    // order: the output is the same, and memory is bounded by the window.
    let all: Vec<(&FileReport, &Reported)> = reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |d| (report, d)))
        .collect();
    for window in all.chunks(RENDER_WINDOW) {
        let rendered: Vec<String> = window
            .par_chunks(RENDER_BATCH)
            .map(|batch| {
                let mut text = String::new();
                for &(report, diagnostic) in batch {
                    let shown = Shown::of(report, diagnostic);
                    let groups = [group(&shown, diagnostic)];
                    text.push_str(&shown.fix_column(renderer.render(&groups)));
                    text.push_str("\n\n");
                }
                text
            })
            .collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    if options.quiet {
        return Ok(());
    }
    if reports.is_empty() && unreadable > 0 {
        // "No problems found in 0 files" would read as a pass.
        return writeln!(out, "No document could be checked; the errors say why.");
    }
    writeln!(out, "{}", summary(reports))?;
    for note in reports.iter().filter_map(|r| r.unchecked_note(r.name())) {
        writeln!(out, "{note}")?;
    }
    for report in reports {
        if let Some(note) = report.reading_age_note() {
            writeln!(out, "{}: {note}", report.name())?;
        }
    }
    Ok(())
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

/// What one diagnostic shows: where it is, and its lines or paragraph cut to a window.
struct Shown {
    origin: String,
    /// When the window starts after the start of its line, the column annotate-snippets works
    /// out from the window and the true one, to put in its place.
    columns: Option<(usize, usize)>,
    text: String,
    span: std::ops::Range<usize>,
    first_line: usize,
    numbered: bool,
}

impl Shown {
    fn of(report: &FileReport, d: &Reported) -> Self {
        let excerpt = report.excerpt(d);
        let before = if excerpt.cut_before { ELLIPSIS } else { "" };
        let after = if excerpt.cut_after { ELLIPSIS } else { "" };
        let numbered = d.location.in_source();
        // Office files and PDF have no source lines to show: show the paragraph, named by
        // locator.
        let origin = if numbered {
            report.name().to_string()
        } else {
            format!("{}, {}", report.name(), report.locator(d))
        };
        Shown {
            first_line: if numbered { d.start.line } else { 1 },
            origin,
            columns: excerpt.cut_before.then(|| {
                let shown =
                    before.chars().count() + excerpt.text[..excerpt.span.start].chars().count();
                (shown + 1, d.start.column)
            }),
            text: format!("{before}{}{after}", excerpt.text),
            span: excerpt.span.start + before.len()..excerpt.span.end + before.len(),
            numbered,
        }
    }

    /// `rendered` with the true column in its location line, where the window was cut.
    fn fix_column(&self, rendered: String) -> String {
        match self.columns {
            Some((shown, true_column)) => {
                let line = self.first_line;
                let wrong = format!("{}:{line}:{shown}", self.origin);
                let right = format!("{}:{line}:{true_column}", self.origin);
                rendered.replacen(&wrong, &right, 1)
            }
            None => rendered,
        }
    }
}

fn group<'a>(shown: &'a Shown, d: &'a Reported) -> Group<'a> {
    let label = match (d.rule_fix(), d.suggestions.first()) {
        (Some(fix), _) => format!("write “{}”", fix.replacement),
        (None, Some(first)) => format!("consider “{first}”"),
        (None, None) => String::new(),
    };
    let snippet = Snippet::source(shown.text.as_str())
        .line_start(shown.first_line)
        .line_numbering(shown.numbered)
        .path(shown.origin.as_str())
        .annotation(
            AnnotationKind::Primary
                .span(shown.span.clone())
                .label(label),
        );
    let mut group = Group::with_title(
        level(d.severity)
            .primary_title(d.message.as_str())
            .id(d.rule.as_str()),
    );
    group = group.element(snippet);
    let advice = d.advice();
    let others: Vec<String> = d
        .suggestions
        .iter()
        .filter(|s| Some(s.as_str()) != advice)
        .map(|s| format!("“{s}”"))
        .collect();
    if !others.is_empty() {
        group = group.element(Level::HELP.message(format!("or write {}", others.join(" or "))));
    }
    group.element(Level::NOTE.message(format!("run `concord explain {}` to see why", d.rule)))
}

fn summary(reports: &[FileReport]) -> String {
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let pages = reports.iter().filter(|r| r.origin.url().is_some()).count();
    let checked = match (reports.len() - pages, pages) {
        (files, 0) => plural(files, "file"),
        // Pages and the PDF or Word files they link to alike.
        (0, pages) => format!("{} from the web", plural(pages, "document")),
        (files, pages) => format!(
            "{} and {} from the web",
            plural(files, "file"),
            plural(pages, "document")
        ),
    };
    if total == 0 {
        return format!("No problems found in {checked}.");
    }
    let parts: Vec<String> = counts::by_severity(reports)
        .into_iter()
        .map(|(sev, n)| match sev {
            Severity::Info => format!("{n} info"),
            _ => plural(n, sev.as_str()),
        })
        .collect();
    format!(
        "Found {} ({}) in {checked}.",
        plural(total, "problem"),
        parts.join(", "),
    )
}

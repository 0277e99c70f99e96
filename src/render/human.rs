//! `--format human`: a rustc/ruff-style report with the line, the words underlined, the reason
//! and what to write instead.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use concord_engine::Severity;

use crate::report::{Diagnostic, FileReport};

pub fn render(
    reports: &[FileReport],
    color: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for report in reports {
        for diagnostic in &report.diagnostics {
            let groups = [group(&report.path, diagnostic)];
            writeln!(out, "{}\n", renderer.render(&groups))?;
        }
    }
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary(reports))
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

fn group<'a>(path: &'a str, d: &'a Diagnostic) -> Group<'a> {
    let label = match (&d.fix, d.suggestions.first()) {
        (Some(fix), _) => format!("write “{fix}”"),
        (None, Some(first)) => format!("consider “{first}”"),
        (None, None) => String::new(),
    };
    // Office files and PDF have no source lines to show: show the paragraph, named by locator.
    let origin = if d.in_source {
        path.to_string()
    } else {
        format!("{path}, {}", d.locator)
    };
    let snippet = Snippet::source(d.context.as_str())
        .line_start(d.context_line)
        .line_numbering(d.in_source)
        .path(origin)
        .annotation(
            AnnotationKind::Primary
                .span(d.span_in_context.clone())
                .label(label),
        );
    let mut group = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule.as_str())
        .element(snippet);
    let shown = d.fix.as_ref().or(d.suggestions.first());
    let others: Vec<String> = d
        .suggestions
        .iter()
        .filter(|s| Some(*s) != shown)
        .map(|s| format!("“{s}”"))
        .collect();
    if !others.is_empty() {
        group = group.element(Level::HELP.message(format!("or write {}", others.join(" or "))));
    }
    group.element(Level::NOTE.message(format!("run `concord explain {}` to see why", d.rule)))
}

fn summary(reports: &[FileReport]) -> String {
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let files = reports.len();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if total == 0 {
        return format!("No problems found in {}.", plural(files, "file"));
    }
    let parts: Vec<String> = super::counts_by_severity(reports)
        .into_iter()
        .map(|(sev, n)| match sev {
            Severity::Info => format!("{n} info"),
            _ => plural(n, sev.as_str()),
        })
        .collect();
    format!(
        "Found {} ({}) in {}.",
        plural(total, "problem"),
        parts.join(", "),
        plural(files, "file")
    )
}

//! `--format html`: a report a partner can read, print and attach to a submission. The same
//! fragment is the results part of the web checker's page (`concord serve`), so the file and the
//! page never differ. The file is self-contained: inline CSS and SVG, no script, no external
//! resource. Highlights are marked by an underline and bold type as well as colour, and each
//! says "Problem N" to a screen reader.

use std::fmt::Write as _;
use std::io::{self, Write};

use concord_config::registry::RuleInfo;
use concord_engine::Severity;
use concord_pipeline::reading_age;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::counts;
use crate::report::{FileReport, Reported};
use crate::run::Run;

/// The stylesheet of the report and the web page: plain, large, high-contrast, in the manner
/// of GOV.UK's design system; printable on A4.
pub const STYLE: &str = include_str!("report.css");

/// The most bytes of a document shown whole, with every finding marked in place; a longer
/// document shows its findings in context only.
const WHOLE_TEXT_LIMIT: usize = 300_000;

/// Writes `run` as a self-contained HTML document.
pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let body = fragment(run, false);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Language check report – concord</title>\n<style>\n{STYLE}</style>\n</head>\n\
         <body>\n<main class=\"page\" id=\"main\">\n<h1>Language check report</h1>\n{body}</main>\n</body>\n</html>"
    )
}

/// The report itself: a summary, then each file's findings. With `whole_text`, each document
/// short enough is also shown whole with its findings marked in place (the web page does).
pub fn fragment(run: &Run<'_>, whole_text: bool) -> String {
    let mut html = String::new();
    summary(run, &mut html);
    for problem in run.problems {
        let _ = writeln!(
            html,
            "<div class=\"problem\" role=\"alert\"><h2>{} could not be checked</h2><p>{}</p></div>",
            text(&problem.name()),
            text(&problem.message())
        );
    }
    for report in run.reports {
        file(run, report, whole_text, &mut html);
    }
    html
}

/// Counts by rule, with a bar for each and the number beside it.
fn summary(run: &Run<'_>, html: &mut String) {
    let total: usize = run.reports.iter().map(|r| r.diagnostics.len()).sum();
    let files = run.reports.len();
    let _ = writeln!(
        html,
        "<section class=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n<p class=\"lede\">{}</p>",
        if total == 0 {
            format!(
                "No wording to change was found in {}.",
                plural(files, "document")
            )
        } else {
            format!(
                "{} to look at in {}. Each is explained below, with what to write instead.",
                plural(total, "problem"),
                plural(files, "document")
            )
        }
    );
    let counts = counts::by_rule_and_severity(run.reports);
    if let Some(most) = counts.first().map(|c| c.2) {
        html.push_str("<table class=\"counts\">\n<caption>Problems by rule</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Problems</th></tr></thead>\n<tbody>\n");
        for (rule, severity, n) in &counts {
            let summary = rule_info(run, rule).map_or("", |r| r.summary.as_str());
            let width = (n * 100).div_ceil(most);
            let _ = writeln!(
                html,
                "<tr><td><span class=\"rule-id\">{}</span><br><span class=\"hint\">{}</span></td><td>{}</td>\
                 <td class=\"count\"><svg class=\"bar\" width=\"100\" height=\"12\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"{width}\" height=\"12\"></rect></svg> {n}</td></tr>",
                text(rule),
                text(summary),
                severity_name(*severity)
            );
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</section>\n");
}

/// The document's reading age, when a pack that is on asks for it, and its hardest paragraphs,
/// hardest first, each with its place and first words.
fn reading_age(report: &FileReport, html: &mut String) {
    let Some(age) = &report.reading_age else {
        return;
    };
    let _ = writeln!(
        html,
        "<div class=\"reading-age\">\n<h3>Reading age: about {}</h3>\n<p>Measured by the {}. Public pages should aim for {}: short sentences and everyday words bring it down.</p>",
        age.years(),
        reading_age::FORMULA,
        reading_age::TARGET_AGE
    );
    if !age.paragraphs.is_empty() {
        html.push_str("<p>The hardest paragraphs, hardest first:</p>\n<ol class=\"hardest\">\n");
        for paragraph in &age.paragraphs {
            let _ = writeln!(
                html,
                "<li><span class=\"place\">{}</span>, reading age about {}: <q>{}</q></li>",
                text(&report.place(&paragraph.location)),
                paragraph.age.round(),
                text(&paragraph.opening)
            );
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</div>\n");
}

/// One document: where each finding is, the words in context, why, and what to write instead.
fn file(run: &Run<'_>, report: &FileReport, whole_text: bool, html: &mut String) {
    // A page read from the web links to itself, so a reader can open it.
    let name = match report.origin.url() {
        Some(url) => format!("<a href=\"{}\">{}</a>", attr(url), text(url)),
        None => text(report.name()).into_owned(),
    };
    let _ = writeln!(
        html,
        "<section class=\"file\" aria-label=\"{}\">\n<h2>{name} <span class=\"hint\">({})</span></h2>",
        attr(report.name()),
        report.format.name()
    );
    reading_age(report, html);
    if report.diagnostics.is_empty() {
        html.push_str("<p>No wording to change was found.</p>\n</section>\n");
        return;
    }
    if let Some(note) = report.unchecked_note("this document") {
        let _ = writeln!(html, "<p class=\"status\">{}</p>", text(&note));
    }
    if whole_text && report.reading().len() <= WHOLE_TEXT_LIMIT {
        whole(report, html);
    }
    html.push_str("<ol class=\"findings\">\n");
    for (i, d) in report.diagnostics.iter().enumerate() {
        finding(run, report, d, i + 1, html);
    }
    html.push_str("</ol>\n</section>\n");
}

/// One finding, numbered as it is marked in the whole text.
fn finding(run: &Run<'_>, report: &FileReport, d: &Reported, n: usize, html: &mut String) {
    let excerpt = report.reading_excerpt(d);
    let before = &excerpt.text[..excerpt.span.start];
    let words = &excerpt.text[excerpt.span.clone()];
    let after = &excerpt.text[excerpt.span.end..];
    let (open, close) = (
        if excerpt.cut_before { "…" } else { "" },
        if excerpt.cut_after { "…" } else { "" },
    );
    let severity = severity_name(d.severity);
    let _ = writeln!(
        html,
        "<li class=\"finding {}\" id=\"problem-{n}\">\n<p class=\"where\"><span class=\"tag\">{severity}</span> Problem {n} · {} · <span class=\"rule-id\">{}</span></p>\n\
         <p class=\"context\">{open}{}<mark><span class=\"visually-hidden\">Problem {n}: </span>{}</mark>{}{close}</p>\n\
         <p class=\"message\">{}</p>",
        severity.to_ascii_lowercase(),
        text(&capitalised(&report.locator(d))),
        text(&d.rule),
        reading(before.trim_start()),
        reading(words),
        reading(after.trim_end()),
        text(&d.message)
    );
    let replacements = d.replacements();
    if !replacements.is_empty() {
        let choices: Vec<String> = replacements
            .iter()
            .map(|r| format!("“{}”", text(r)))
            .collect();
        let _ = writeln!(
            html,
            "<p class=\"advice\"><strong>Write instead:</strong> {}</p>",
            choices.join(" or ")
        );
    }
    if let Some(rule) = rule_info(run, &d.rule) {
        let _ = writeln!(
            html,
            "<p class=\"why\"><strong>Why:</strong> {}</p>\n<p class=\"source\"><strong>Source:</strong> {}</p>",
            text(&rule.rationale),
            text(&rule.source)
        );
    }
    html.push_str("</li>\n");
}

/// The whole document as its reader sees it (a page's words, not its markup), paragraph by
/// paragraph, with each finding marked and linked to its explanation.
fn whole(report: &FileReport, html: &mut String) {
    let source = report.reading();
    html.push_str("<details class=\"whole\" open>\n<summary>Your document, with each problem marked</summary>\n<div class=\"whole-text\">\n<p>");
    let mut at = 0;
    let push_text = |html: &mut String, piece: &str| {
        let escaped = reading(piece)
            .replace("\n\n", "</p>\n<p>")
            .replace('\n', "<br>");
        html.push_str(&escaped);
    };
    for (i, d) in report.diagnostics.iter().enumerate() {
        let Some(range) = report.reading_range(d).filter(|r| r.start >= at) else {
            continue;
        };
        push_text(html, &source[at..range.start]);
        let _ = write!(
            html,
            "<a class=\"mark-link\" href=\"#problem-{n}\"><mark><span class=\"visually-hidden\">Problem {n}: </span>{}</mark><sup aria-hidden=\"true\">{n}</sup></a>",
            reading(&source[range.clone()]),
            n = i + 1
        );
        at = range.end;
    }
    push_text(html, &source[at..]);
    html.push_str("</p>\n</div>\n</details>\n");
}

/// Words of [`FileReport::reading`], escaped, with a space for each placeholder a page's
/// reader never sees (a superscript's edges, where a URL or code stood), so a footnote number
/// stays apart from the word before it ("UK 20", not "UK20").
fn reading(words: &str) -> String {
    text(words).replace('\u{FFFC}', " ")
}

fn rule_info<'r>(run: &Run<'r>, id: &str) -> Option<&'r RuleInfo> {
    run.registry.get(id).map(|(_, rule)| rule)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
        Severity::Hint => "Hint",
    }
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

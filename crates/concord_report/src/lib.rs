//! Reports: what one run of concord found, and every format it is written in.
//!
//! A [`FileReport`] is one document's finished diagnostics (from `concord_pipeline`) with their
//! lines and columns worked out; a [`Problem`] is a document that could not be checked, and
//! why. A [`Run`] holds them all with the rules they came from, and [`render`] writes it in an
//! [`OutputFormat`]. Renderers know a document's [`Origin`](concord_pipeline::Origin), never how
//! its name is spelt; they never print, they write to what they are given. The command line, the
//! web checker and the crawl all render through here, so a file, a page and an upload are
//! reported alike.

mod checkstyle;
mod counts;
mod fingerprint;
mod github;
pub mod html;
mod human;
mod json;
mod junit;
mod options;
mod problem;
mod rdjson;
mod report;
mod run;
mod sarif;
mod statistics;
mod stream;

pub use fingerprint::Fingerprint;
pub use options::{OutputFormat, RenderOptions};
pub use problem::{Problem, ProblemKind};
pub use report::{FileReport, Reported};
pub use run::Run;
pub use statistics::statistics;

use std::io::{self, Write};

/// Writes `run` to `out` in `format`.
pub fn render(
    format: OutputFormat,
    run: &Run<'_>,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(run.reports, run.problems.len(), options, out),
        OutputFormat::Json => json::render(run.reports, run.problems, out),
        OutputFormat::Sarif => sarif::render(run, out),
        OutputFormat::Github => github::render(run, out),
        OutputFormat::Junit => junit::render(run, out),
        OutputFormat::Rdjson => rdjson::render(run, out),
        OutputFormat::Checkstyle => checkstyle::render(run, out),
        OutputFormat::Html => html::render(run, out),
    }
}

//! `concord check`: read the inputs, check them in parallel, report in a stable order.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use concord_engine::Severity;
use rayon::prelude::*;

use crate::baseline;
use crate::cli::{CheckArgs, Color, FailOn};
use crate::fix::{self, FixMode};
use crate::inputs::{self, Filter, Input, Problem};
use crate::render::{self, Run};
use crate::report::FileReport;
use crate::web;
use concord_config::{ConfigChoice, Project, Projects};
use concord_formats::Stored;
use concord_pipeline::registry::Registry;

/// Exit status when nothing at or above `--fail-on` was found.
const CLEAN: u8 = 0;
/// Exit status when something at or above `--fail-on` was found.
const FOUND: u8 = 1;
/// Exit status when an input, folder or rule pack could not be read.
pub const TROUBLE: u8 = 2;

/// Runs the check and returns the exit status.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let filter = Filter::new(&args.include, &args.exclude)?;
    let (urls, mut problems) = web::targets(&args.paths, args.urls.as_deref(), args.shard);
    let files: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| !web::is_url(p))
        .cloned()
        .collect();
    let web_only = files.is_empty() && (files.len() < args.paths.len() || args.urls.is_some());
    if args.crawl && urls.is_empty() {
        anyhow::bail!(
            "--crawl needs the URL of a page to start from, such as https://www.council.example/"
        );
    }
    let inputs = if web_only {
        Vec::new()
    } else {
        let (inputs, file_problems) =
            inputs::resolve(&files, args.stdin_filename.as_deref(), &filter);
        problems.extend(file_problems);
        inputs
    };
    let choice = match (&args.config, args.no_config) {
        (_, true) => ConfigChoice::None,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Nearest,
    };
    let projects = Projects::new(choice, &args.packs.rules);
    let mut jobs: Vec<(Input, Arc<Project>)> = Vec::new();
    for input in inputs {
        let path = input_path(&input, args.stdin_filename.as_deref());
        let project = projects.for_dir(path.parent().unwrap_or(Path::new(".")))?;
        // Files found by walking a folder obey the configuration's include and exclude;
        // files named on the command line are always checked.
        if input.explicit || project.config.accepts(&path) {
            jobs.push((input, project));
        }
    }
    let fix = (args.fix || args.diff).then_some(FixMode {
        unsafe_fixes: args.unsafe_fixes,
        diff_only: args.diff,
    });
    let outcomes: Vec<_> = jobs
        .par_iter()
        .map(|(input, project)| {
            let stdin_name = args.stdin_filename.as_deref();
            check_one(project, input, stdin_name, fix, args.max_file_size)
        })
        .collect();
    let mut reports = Vec::new();
    let (mut fixed, mut fixed_files, mut diffs) = (0, 0, String::new());
    for outcome in outcomes {
        match outcome {
            Ok(checked) => {
                for note in &checked.notes {
                    eprintln!("note: {}: {note}", checked.report.path);
                }
                fixed += checked.fixed;
                fixed_files += usize::from(checked.fixed > 0);
                diffs.push_str(checked.diff.as_deref().unwrap_or_default());
                reports.push(checked.report);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !urls.is_empty() {
        let here = std::env::current_dir().context("cannot tell which folder this is")?;
        let project = projects.for_dir(&here)?;
        let options = web::options(&args.web, args.crawl, args.max_file_size);
        let checked = web::check(&project, &urls, &options);
        if !args.quiet {
            for note in &checked.notes {
                eprintln!("note: {note}");
            }
        }
        if args.fix || args.diff {
            eprintln!(
                "note: concord does not change pages on a website; make these changes where the site is edited"
            );
        }
        reports.extend(checked.reports);
        problems.extend(checked.problems);
    }
    if args.diff {
        write!(out, "{diffs}")?;
        eprintln!(
            "{fixed} fix(es) would be made in {fixed_files} file(s); run with --fix to make them."
        );
        for problem in &problems {
            eprintln!("error: {}: {}", problem.name, problem.message);
        }
        return Ok(ExitCode::from(if !problems.is_empty() {
            TROUBLE
        } else if fixed > 0 {
            FOUND
        } else {
            CLEAN
        }));
    }
    if args.fix && !args.quiet {
        eprintln!("Fixed {fixed} problem(s) in {fixed_files} file(s).");
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    problems.sort_by(|a, b| a.name.cmp(&b.name));

    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, &reports)?;
        eprintln!(
            "Recorded {count} finding(s) in {}; check with --baseline {} to see only new ones.",
            path.display(),
            path.display()
        );
        return Ok(ExitCode::from(if problems.is_empty() {
            CLEAN
        } else {
            TROUBLE
        }));
    }
    if let Some(path) = &args.baseline {
        let known = baseline::read(path)?;
        let removed = baseline::subtract(&known, &mut reports);
        if !args.quiet && removed > 0 {
            eprintln!(
                "note: {removed} finding(s) already in the baseline {} are not shown",
                path.display()
            );
        }
    }

    let loaded = projects.all();
    let rules = Registry::new(loaded.iter().map(|p| &p.rules));
    let run = Run {
        reports: &reports,
        problems: &problems,
        registry: &rules,
    };
    let mut file;
    let out: &mut dyn Write = match &args.output {
        Some(path) => {
            file = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            &mut file
        }
        None => out,
    };
    if args.statistics {
        render::statistics(&reports, out)?;
    } else {
        render::render(args.format, &run, use_color(args.color), args.quiet, out)?;
    }
    out.flush()?;
    for problem in &problems {
        eprintln!("error: {}: {}", problem.name, problem.message);
    }
    let failed = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| threshold(args.fail_on).is_some_and(|min| d.severity >= min));
    Ok(ExitCode::from(if !problems.is_empty() {
        TROUBLE
    } else if failed {
        FOUND
    } else {
        CLEAN
    }))
}

/// The path a file is configured by: its own, or `--stdin-filename` (or the current folder)
/// for standard input.
fn input_path(input: &Input, stdin_name: Option<&Path>) -> PathBuf {
    let path = input
        .path
        .clone()
        .or_else(|| stdin_name.map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("stdin"));
    std::path::absolute(&path).unwrap_or(path)
}

/// One input, checked (and fixed, with `--fix`).
struct Checked {
    report: FileReport,
    /// How many fixes were applied (or would be, with `--diff`).
    fixed: usize,
    /// With `--diff`, what would change.
    diff: Option<String>,
    /// What the person should know about this input, printed by the main thread in input
    /// order (workers never print).
    notes: Vec<String>,
}

fn check_one(
    project: &Project,
    input: &Input,
    stdin_name: Option<&Path>,
    fix: Option<FixMode>,
    max_mb: u64,
) -> Result<Checked, Problem> {
    let bytes = inputs::read(input, max_mb)?;
    let mut notes = Vec::new();
    let mut report = diagnose(project, input, stdin_name, &bytes, &mut notes)?;
    let (mut fixed, mut diff) = (0, None);
    let fixable = report.diagnostics.iter().any(|d| {
        d.fix.is_some() || fix.is_some_and(|m| m.unsafe_fixes && !d.suggestions.is_empty())
    });
    match (fix, &input.path) {
        (Some(_), _) if fixable && !input.format.is_text() => {
            notes.push("concord does not change Word, OpenDocument or PDF files; make these changes in the document itself".into());
        }
        (Some(_), None) if fixable => notes.push("standard input cannot be fixed".into()),
        (Some(mode), Some(path)) if fixable => {
            let original = report.text().to_string();
            let stored = report.stored;
            let mut text = original.clone();
            for _ in 0..fix::MAX_PASSES {
                let diagnostics = report.diagnostics.iter().map(|r| &r.diagnostic);
                let fixes = concord_pipeline::fix::edits(diagnostics, mode.unsafe_fixes);
                if fixes.count == 0 {
                    break;
                }
                fixed += fixes.count;
                text = concord_pipeline::fix::apply(&text, &fixes.edits);
                report = diagnose(project, input, stdin_name, text.as_bytes(), &mut Vec::new())?;
            }
            if fixed > 0 {
                if mode.diff_only {
                    diff = Some(fix::diff(&input.name, &original, &text));
                } else if let Some(new) = stored.encode(&text) {
                    // Written back in the file's own encoding, with its byte-order mark.
                    if let Err(err) = fix::write_atomically(path, &bytes, &new) {
                        return Err(Problem {
                            name: input.name.clone(),
                            message: format!("{err:#}"),
                        });
                    }
                } else {
                    notes.push(format!(
                        "the fixes hold characters {} cannot store, so the file was not changed",
                        stored.encoding.name()
                    ));
                    fixed = 0;
                }
            }
        }
        _ => {}
    }
    Ok(Checked {
        report,
        fixed,
        diff,
        notes,
    })
}

/// Reads the document in `bytes` and checks it under the project's policy and the file's
/// suppression comments; what the person should know is added to `notes`.
fn diagnose(
    project: &Project,
    input: &Input,
    stdin_name: Option<&Path>,
    bytes: &[u8],
    notes: &mut Vec<String>,
) -> Result<FileReport, Problem> {
    let path = input_path(input, stdin_name);
    check_bytes(
        project,
        &input.name,
        input.format,
        &path,
        bytes,
        None,
        notes,
    )
}

/// Reads `bytes` as a document of `format` named `name` (configured as the file at `path`) and
/// checks it: the one step every channel that holds a whole document takes (`concord check`
/// on files and on pages read from the web, and the web checker). `charset` is the encoding
/// declared outside the bytes (a web server's `Content-Type`). What the person should know is
/// added to `notes`.
pub fn check_bytes(
    project: &Project,
    name: &str,
    format: concord_formats::Format,
    path: &Path,
    bytes: &[u8],
    charset: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<FileReport, Problem> {
    let problem = |err: concord_formats::FormatError| Problem {
        name: name.to_string(),
        message: err.to_string(),
    };
    let (document, source, stored) = if format.is_text() {
        let (text, stored) =
            concord_formats::decode_declared(format, bytes, charset).map_err(problem)?;
        if stored.assumed {
            notes.push(format!(
                "this file is not UTF-8, so it was read as {}",
                stored.encoding.name()
            ));
        }
        let document = concord_formats::read_text(format, &text);
        (document, Some(text.into_owned()), stored)
    } else {
        let document = concord_formats::read(format, bytes).map_err(problem)?;
        (document, None, Stored::UTF8)
    };
    if document.prose.trim().is_empty() {
        notes.push("there is no text to check in this file".into());
    }
    let diagnostics = concord_pipeline::check(project, &document, source.as_deref(), path);
    let text = source.unwrap_or(document.prose);
    Ok(FileReport::new(
        name.to_string(),
        document.format,
        text,
        stored,
        diagnostics,
    ))
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    }
}

fn use_color(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

//! `concord check`: read the inputs, check them in parallel, report in a stable order.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use concord_engine::{RuleSet, Severity};
use rayon::prelude::*;

use crate::cli::{CheckArgs, Color, FailOn};
use crate::inputs::{self, Filter, Input, Problem};
use crate::report::FileReport;
use crate::{packs, render};

/// Exit status when nothing at or above `--fail-on` was found.
const CLEAN: u8 = 0;
/// Exit status when something at or above `--fail-on` was found.
const FOUND: u8 = 1;
/// Exit status when an input, folder or rule pack could not be read.
pub const TROUBLE: u8 = 2;

/// Runs the check and returns the exit status.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let rules = packs::load(&args.packs.rules)?;
    let filter = Filter::new(&args.include, &args.exclude)?;
    let (inputs, mut problems) =
        inputs::resolve(&args.paths, args.stdin_filename.as_deref(), &filter);
    let outcomes: Vec<_> = inputs
        .par_iter()
        .map(|input| check_one(&rules, input))
        .collect();
    let mut reports = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(report) => reports.push(report),
            Err(problem) => problems.push(problem),
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    problems.sort_by(|a, b| a.name.cmp(&b.name));

    render::render(args.format, &reports, use_color(args.color), out)?;
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

fn check_one(rules: &RuleSet, input: &Input) -> Result<FileReport, Problem> {
    let bytes = inputs::read(input)?;
    let document = concord_formats::read(input.format, &bytes).map_err(|err| Problem {
        name: input.name.clone(),
        message: err.to_string(),
    })?;
    if document.prose.trim().is_empty() {
        eprintln!(
            "note: {}: there is no text to check in this file",
            input.name
        );
    }
    let findings = rules.check(&document.prose);
    let source = input
        .format
        .is_text()
        .then(|| String::from_utf8_lossy(&bytes));
    Ok(FileReport::new(
        input.name.clone(),
        &document,
        source.as_deref(),
        findings,
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

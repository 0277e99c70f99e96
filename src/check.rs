//! `concord check`: carry out the plan: check the inputs in parallel and the web as it is read,
//! fix, then report in a stable order.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use concord_config::Project;
use concord_config::registry::Registry;
use concord_pipeline::{Applicability, Content, Limits, Origin, Source, check_source_within};
use concord_report::{FileReport, Problem, ProblemKind, Run};
use rayon::prelude::*;

use crate::baseline;
use crate::exit::{CLEAN, FOUND, TROUBLE, report_problems};
use crate::fix::{self, FixMode};
use crate::inputs::{self, Input};
use crate::plan::Plan;
use crate::web;

/// Carries out `plan` and returns the exit status.
pub fn run(mut plan: Plan, out: &mut dyn Write) -> Result<ExitCode> {
    let (jobs, web, projects, fix, quiet) =
        (&plan.jobs, &plan.web, &plan.projects, &plan.fix, plan.quiet);
    let mut problems = std::mem::take(&mut plan.problems);
    let outcomes: Vec<_> = jobs
        .par_iter()
        .map(|(input, project)| check_one(project, input, *fix, &plan))
        .collect();
    let mut reports = Vec::new();
    let (mut fixed, mut fixed_files, mut diffs) = (0, 0, String::new());
    for outcome in outcomes {
        match outcome {
            Ok(checked) => {
                for note in &checked.notes {
                    eprintln!("note: {}: {note}", checked.report.name());
                }
                fixed += checked.fixed;
                fixed_files += usize::from(checked.fixed > 0);
                diffs.push_str(checked.diff.as_deref().unwrap_or_default());
                reports.push(checked.report);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if let Some((urls, options)) = web {
        let here = std::env::current_dir().context("cannot tell which folder this is")?;
        let project = projects.for_dir(&here)?;
        let checked = web::check(&project, urls, options, plan.max_findings);
        if !quiet {
            for note in &checked.notes {
                eprintln!("note: {note}");
            }
        }
        if fix.is_some() {
            eprintln!(
                "note: concord does not change pages on a website; make these changes where the site is edited"
            );
        }
        reports.extend(checked.reports);
        problems.extend(checked.problems);
    }
    if fix.is_some_and(|f| f.diff_only) {
        write!(out, "{diffs}")?;
        eprintln!(
            "{fixed} fix(es) would be made in {fixed_files} file(s); run with --fix to make them."
        );
        report_problems(&problems);
        return Ok(ExitCode::from(if !problems.is_empty() {
            TROUBLE
        } else if fixed > 0 {
            FOUND
        } else {
            CLEAN
        }));
    }
    if fix.is_some() && !quiet {
        eprintln!("Fixed {fixed} problem(s) in {fixed_files} file(s).");
    }
    reports.sort_by(|a, b| a.name().cmp(b.name()));
    problems.sort_by_cached_key(Problem::name);

    if let Some(path) = &plan.write_baseline {
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
    if let Some(path) = &plan.baseline {
        let known = baseline::read(path)?;
        let removed = baseline::subtract(&known, &mut reports);
        if !quiet && removed > 0 {
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
    let out: &mut dyn Write = match &plan.output {
        Some(path) => {
            file = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            &mut file
        }
        None => out,
    };
    match plan.format {
        Some(format) => concord_report::render(format, &run, plan.render, out)?,
        None => concord_report::statistics(&reports, out)?,
    }
    out.flush()?;
    report_problems(&problems);
    let failed = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| plan.fail_on.is_some_and(|min| d.severity >= min));
    Ok(ExitCode::from(if !problems.is_empty() {
        TROUBLE
    } else if failed {
        FOUND
    } else {
        CLEAN
    }))
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
    fix: Option<FixMode>,
    plan: &Plan,
) -> Result<Checked, Problem> {
    let bytes = inputs::read(input, plan.max_file_size)?;
    let limits = Limits {
        max_findings: plan.max_findings,
        stop: None,
    };
    let (mut report, notes) = diagnose(project, input, Content::Bytes(&bytes), &limits)?;
    let mut checked = Checked {
        report,
        fixed: 0,
        diff: None,
        notes,
    };
    let Some(mode) = fix else {
        return Ok(checked);
    };
    let fixable = checked.report.diagnostics.iter().any(|d| {
        d.rule_fix().is_some()
            || mode.required == Applicability::Unsafe && !d.suggestions.is_empty()
    });
    if !fixable {
        return Ok(checked);
    }
    if !input.format.is_text() {
        checked.notes.push("concord does not change Word, OpenDocument or PDF files; make these changes in the document itself".into());
        return Ok(checked);
    }
    let Origin::File(path) = &input.origin else {
        checked.notes.push("standard input cannot be fixed".into());
        return Ok(checked);
    };
    let original = checked.report.text().to_string();
    let stored = checked.report.stored;
    let mut text = original.clone();
    report = checked.report;
    let mut fixed = 0;
    for _ in 0..fix::MAX_PASSES {
        let diagnostics = report.diagnostics.iter().map(|r| &r.diagnostic);
        let fixes = concord_pipeline::fix::edits(diagnostics, mode.required);
        if fixes.count == 0 {
            break;
        }
        fixed += fixes.count;
        text = concord_pipeline::fix::apply(&text, &fixes.edits);
        report = diagnose(project, input, Content::Text(&text), &limits)?.0;
    }
    checked.report = report;
    if fixed == 0 {
        return Ok(checked);
    }
    if mode.diff_only {
        checked.diff = Some(fix::diff(&input.origin.name(), &original, &text));
    } else if let Some(new) = stored.encode(&text) {
        // Written back in the file's own encoding, with its byte-order mark.
        if let Err(err) = fix::write_atomically(path, &bytes, &new) {
            let kind = ProblemKind::NotWritten(format!("{err:#}"));
            return Err(Problem::new(input.origin.clone(), kind));
        }
    } else {
        checked.notes.push(format!(
            "the fixes hold characters {} cannot store, so the file was not changed",
            stored.encoding.name()
        ));
        return Ok(checked);
    }
    checked.fixed = fixed;
    Ok(checked)
}

/// Checks `content`, the input's bytes or its text after fixes, under the project's policy and
/// the file's suppression comments: its report, and what the person should know about it.
fn diagnose(
    project: &Project,
    input: &Input,
    content: Content<'_>,
    limits: &Limits<'_>,
) -> Result<(FileReport, Vec<String>), Problem> {
    let source = Source::new(input.origin.clone(), content, input.format);
    let mut checked = check_source_within(project, &source, limits)
        .map_err(|err| Problem::new(input.origin.clone(), ProblemKind::Document(err)))?;
    let notes = std::mem::take(&mut checked.notes);
    Ok((FileReport::new(source.origin, checked), notes))
}

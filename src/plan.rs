//! `concord check`'s arguments resolved into what the run will do, before anything is read, in
//! the manner of ripgrep's `HiArgs`: the files and pages to check with the project each belongs
//! to, what to do with fixes and baselines, and how to report. `check.rs` only carries it out.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, bail};
use concord_config::{Project, Projects};
use concord_crawl::Url;
use concord_engine::Severity;
use concord_pipeline::Applicability;
use concord_report::{OutputFormat, Problem, RenderOptions};

use crate::cli::{CheckArgs, Color, FailOn};
use crate::fix::FixMode;
use crate::inputs::{self, Filter, Input};
use crate::web;

/// What one `concord check` will do.
pub struct Plan {
    /// Files (and standard input) to check, each with its project.
    pub jobs: Vec<(Input, Arc<Project>)>,
    /// Pages to read from the web, and how.
    pub web: Option<(Vec<Url>, concord_crawl::Options)>,
    /// What could not be checked, found while resolving the paths and URLs.
    pub problems: Vec<Problem>,
    /// The projects loaded, for the rules the report describes.
    pub projects: Projects,
    /// With `--fix` or `--diff`, what fixing may do.
    pub fix: Option<FixMode>,
    /// With `--write-baseline`, where to record the findings instead of reporting them.
    pub write_baseline: Option<PathBuf>,
    /// With `--baseline`, the findings not to report again.
    pub baseline: Option<PathBuf>,
    /// The report's format; `None` for `--statistics`.
    pub format: Option<OutputFormat>,
    /// How a human report looks.
    pub render: RenderOptions,
    /// Where the report goes; `None` for standard output.
    pub output: Option<PathBuf>,
    /// The least serious finding that fails the check; `None` never fails.
    pub fail_on: Option<Severity>,
    /// No notes or summaries.
    pub quiet: bool,
    /// The largest file read, in megabytes.
    pub max_file_size: u64,
    /// The most findings listed for one document (`usize::MAX` for every one).
    pub max_findings: usize,
}

impl Plan {
    /// Resolves `args`: walks folders, reads the list of URLs, loads each file's project.
    pub fn new(args: &CheckArgs) -> Result<Plan> {
        let filter = Filter::new(&args.include, &args.exclude)?;
        let (urls, mut problems) = web::targets(&args.paths, args.urls.as_deref(), args.shard);
        if args.crawl && urls.is_empty() {
            bail!(
                "--crawl needs the URL of a page to start from, such as https://www.council.example/"
            );
        }
        let files: Vec<PathBuf> = args
            .paths
            .iter()
            .filter(|p| !web::is_url(p))
            .cloned()
            .collect();
        let web_only = files.is_empty() && (files.len() < args.paths.len() || args.urls.is_some());
        let inputs = if web_only {
            Vec::new()
        } else {
            let (inputs, file_problems) =
                inputs::resolve(&files, args.stdin_filename.as_deref(), &filter);
            problems.extend(file_problems);
            inputs
        };
        let projects = Projects::new(args.config.choice(), &args.packs.rules);
        let mut jobs = Vec::new();
        for input in inputs {
            let path = input.origin.config_path();
            let project = projects.for_dir(path.parent().unwrap_or(Path::new(".")))?;
            // Files found by walking a folder obey the configuration's include and exclude;
            // files named on the command line are always checked.
            if input.explicit || project.config.accepts(&path) {
                jobs.push((input, project));
            }
        }
        let web = (!urls.is_empty()).then(|| {
            (
                urls,
                web::options(&args.web, args.crawl, args.max_file_size),
            )
        });
        let fix = (args.fix || args.diff).then_some(FixMode {
            required: if args.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            diff_only: args.diff,
        });
        Ok(Plan {
            jobs,
            web,
            problems,
            projects,
            fix,
            write_baseline: args.write_baseline.clone(),
            baseline: args.baseline.clone(),
            format: (!args.statistics).then(|| args.format.into()),
            render: RenderOptions {
                color: use_color(args.color),
                quiet: args.quiet,
            },
            output: args.output.clone(),
            fail_on: threshold(args.fail_on),
            quiet: args.quiet,
            max_file_size: args.max_file_size,
            max_findings: match args.max_findings {
                0 => usize::MAX,
                n => n,
            },
        })
    }
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

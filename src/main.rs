//! concord: checks council communications against language guidance for community cohesion.
//!
//! This binary is the command line: it reads files, standard input and pages from the web,
//! hands them to the shared pipeline (`concord_pipeline`) and renders the reports with
//! `concord_report`; `concord lsp` and `concord serve` hand over to the language server
//! (`concord_lsp`) and the web checker (`concord_serve`). Only the binary knows clap.

mod annotate;
mod baseline;
mod check;
mod cli;
mod exit;
mod explain;
mod fix;
mod generate;
mod import;
mod inputs;
mod plan;
mod web;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;
use concord_config::Projects;

use crate::cli::{Cli, Command, RulesAction};

fn main() -> ExitCode {
    quiet_pdf_panics();
    let cli = Cli::parse();
    if let Command::Lsp = cli.command {
        // The server writes to standard output itself, so it must not be locked here.
        return match concord_lsp::serve_stdio() {
            Ok(true) => ExitCode::SUCCESS,
            // `exit` without `shutdown`, or an editor that went away: 1, as LSP asks.
            Ok(false) => ExitCode::from(1),
            Err(err) => {
                eprintln!("error: the language server stopped: {err}");
                ExitCode::from(exit::TROUBLE)
            }
        };
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match run(cli, &mut out).and_then(|code| Ok(out.flush().map(|()| code)?)) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit::TROUBLE)
        }
    }
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check::run(plan::Plan::new(&args)?, out),
        Command::Annotate(args) => annotate::run(&args),
        Command::Crawl(args) => web::list(&args, out),
        Command::Rules {
            action: Some(RulesAction::Import(args)),
            ..
        } => import::run(&args, out),
        Command::Rules {
            action: None,
            packs,
        } => {
            explain::list(&concord_config::load_packs(&packs.rules)?, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lsp => unreachable!("the language server runs before stdout is locked"),
        Command::Serve(args) => {
            concord_serve::run(&args.options())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { show, config } => {
            let dir = show.parent().filter(|d| !d.as_os_str().is_empty());
            let project =
                Projects::new(config.choice(), &[]).for_dir(dir.unwrap_or(Path::new(".")))?;
            write!(out, "{}", concord_config::show(&project.config, &show))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { what, dir } => {
            match dir {
                Some(dir) => generate::write_files(what, &dir)?,
                None => generate::write(what, out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            rule,
            markdown,
            packs,
        } => {
            let rules = concord_config::load_packs(&packs.rules)?;
            let Some(found) = rules.rule_or_concern(&rule) else {
                bail!("there is no rule `{rule}`; run `concord rules` to list them");
            };
            if markdown {
                explain::markdown(found, out)?;
            } else {
                explain::explain(found, out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The PDF reader's panics are caught and reported as "this PDF could not be read"; the default
/// hook would also print them, which only alarms the reader. Other panics print as usual.
fn quiet_pdf_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(concord_formats::PDF_THREAD) {
            default(info);
        }
    }));
}

/// A closed pipe (`concord check | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

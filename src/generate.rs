//! `concord generate`: shell completions and man pages, both written by clap from the same
//! command definition as `--help`, so they never drift from it.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, Generated};

/// Writes the completions, or the main man page, to `out`.
pub fn write(what: Generated, out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command();
    match shell(what) {
        Some(shell) => clap_complete::generate(shell, &mut command, "concord", out),
        None => clap_mangen::Man::new(command).render(out)?,
    }
    Ok(())
}

/// Writes the completions file, or a man page for every command, into `dir`.
pub fn write_files(what: Generated, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut command = Cli::command();
    match shell(what) {
        Some(shell) => clap_complete::generate_to(shell, &mut command, "concord", dir).map(drop),
        None => clap_mangen::generate_to(command, dir),
    }
    .with_context(|| format!("cannot write into {}", dir.display()))
}

fn shell(what: Generated) -> Option<Shell> {
    match what {
        Generated::Bash => Some(Shell::Bash),
        Generated::Zsh => Some(Shell::Zsh),
        Generated::Fish => Some(Shell::Fish),
        Generated::Powershell => Some(Shell::PowerShell),
        Generated::Elvish => Some(Shell::Elvish),
        Generated::Man => None,
    }
}

//! `concord rules import`: a council's own term list, made a rule pack (see `concord_import`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use concord_import::folder::{self, Change};

use crate::cli::ImportArgs;
use crate::exit;

/// Imports the list, or with `--check` compares it with the pack already imported. Notes and
/// rows not imported go to standard error, each with its place.
pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let file = args.file.display().to_string();
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {file}"))?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(concord_import::pack_name(&file_name)));
    let name = match &args.name {
        Some(name) => name.clone(),
        None => concord_import::pack_name(&folder_name(&dir)),
    };
    check_name(&name)?;
    let imported =
        concord_import::import(&file_name, &bytes, &name).with_context(|| file.clone())?;
    for note in &imported.notes {
        eprintln!("note: {file}: {note}");
    }
    for problem in &imported.problems {
        eprintln!("error: {file}: {problem}");
    }
    let rules = imported.pack.rules.len();
    let shown = dir.display();
    let mut code = if imported.problems.is_empty() {
        exit::CLEAN
    } else {
        exit::FOUND
    };
    if args.check {
        let changes = folder::compare(&dir, &imported.pack)?;
        for change in &changes {
            let (verb, name) = match change {
                Change::Added(name) => ("add", name),
                Change::Removed(name) => ("remove", name),
                Change::Changed(name) => ("change", name),
            };
            writeln!(out, "would {verb} {}", dir.join(name).display())?;
        }
        if changes.is_empty() {
            writeln!(out, "{shown} is up to date with {file} ({rules} rules).")?;
        } else {
            writeln!(
                out,
                "{shown} is out of date with {file}: import it again with `concord rules import \
                 {file} --out {shown}`."
            )?;
            code = exit::FOUND;
        }
    } else {
        folder::write(&dir, &imported.pack)?;
        let from = match &imported.grid {
            Some(grid) => format!("{file} ({grid})"),
            None => file.clone(),
        };
        writeln!(
            out,
            "Imported {rules} rules from {from} into {shown} as the pack `{name}`."
        )?;
        writeln!(
            out,
            "Turn it on in concord.toml: pack-paths = [\"{}\"]",
            shown.to_string().replace('\\', "/")
        )?;
    }
    Ok(ExitCode::from(code))
}

/// The last part of `dir`'s path, as the pack's name is made from it.
fn folder_name(dir: &Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// A pack name is lower-case letters, digits and hyphens, and is not a built-in pack's.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        bail!("the pack name `{name}` must be lower-case letters, digits and hyphens");
    }
    if concord_engine::BUILTIN_VERSIONS
        .iter()
        .any(|(builtin, _)| *builtin == name)
    {
        bail!("`{name}` is a built-in pack's name: choose another with --name");
    }
    Ok(())
}

//! Turning the paths on the command line into documents to check, and problems to report.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use concord_formats::Format;
use concord_pipeline::Origin;
use concord_report::{Problem, ProblemKind};
use ignore::overrides::{Override, OverrideBuilder};

/// Something to check: a file, or standard input.
#[derive(Debug)]
pub struct Input {
    /// Where it comes from: a file, or standard input.
    pub origin: Origin,
    /// The format it is read as, from its (or `--stdin-filename`'s) extension.
    pub format: Format,
    /// Named on the command line, rather than found by walking a folder.
    pub explicit: bool,
}

impl Input {
    /// A file named on the command line or found in a folder.
    pub fn file(path: &Path, explicit: bool) -> Self {
        Input {
            origin: Origin::File(path.to_path_buf()),
            format: Format::of_path(path),
            explicit,
        }
    }
}

/// Which files a folder walk takes, beyond the known extensions: `--include` / `--exclude`.
pub struct Filter {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Filter {
    /// Checks the globs once, so a bad one is a usage error before anything is read.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self> {
        let filter = Filter {
            include: include.to_vec(),
            exclude: exclude.to_vec(),
        };
        filter.below(Path::new("."))?;
        Ok(filter)
    }

    /// The globs, matched against paths below `dir`.
    fn below(&self, dir: &Path) -> Result<Override> {
        let mut builder = OverrideBuilder::new(dir);
        for glob in &self.include {
            builder
                .add(glob)
                .with_context(|| format!("--include {glob} is not a valid glob"))?;
        }
        for glob in &self.exclude {
            builder
                .add(&format!("!{glob}"))
                .with_context(|| format!("--exclude {glob} is not a valid glob"))?;
        }
        Ok(builder.build()?)
    }
}

/// Expands the command-line paths into inputs: folders are walked (respecting .gitignore,
/// skipping hidden files, keeping known document types), `-` is standard input.
pub fn resolve(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
    filter: &Filter,
) -> (Vec<Input>, Vec<Problem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                origin: Origin::Stdin(stdin_name.map(Path::to_path_buf)),
                format: stdin_name.map_or(Format::Text, Format::of_path),
                explicit: true,
            });
        } else if path.is_dir() {
            walk(path, filter, &mut inputs, &mut problems);
        } else if path.exists() {
            inputs.push(Input::file(path, true));
        } else {
            problems.push(Problem::new(
                Origin::File(path.clone()),
                ProblemKind::Missing,
            ));
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, filter: &Filter, inputs: &mut Vec<Input>, problems: &mut Vec<Problem>) {
    let globs = filter
        .below(dir)
        .expect("globs were checked in Filter::new");
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .overrides(globs)
        .sort_by_file_name(Ord::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                let path = entry.path();
                let known = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| Format::EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if known {
                    inputs.push(Input::file(path, false));
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(Problem::new(
                Origin::File(dir.to_path_buf()),
                ProblemKind::Unreadable {
                    what: "part of this folder",
                    error: err.to_string(),
                },
            )),
        }
    }
}

/// Reads an input's bytes, at most `max_mb` megabytes of them, or says in plain words why it
/// cannot be read. A larger file is refused before it is read (a growing file or a pipe as soon
/// as it passes the limit), so one huge file cannot exhaust memory.
pub fn read(input: &Input, max_mb: u64) -> Result<Vec<u8>, Problem> {
    let problem = |kind| Problem::new(input.origin.clone(), kind);
    let unreadable = |what, err: std::io::Error| {
        problem(ProblemKind::Unreadable {
            what,
            error: err.to_string(),
        })
    };
    let too_large = || problem(ProblemKind::TooLarge { limit_mb: max_mb });
    let max = max_mb.saturating_mul(1024 * 1024);
    let mut bytes = Vec::new();
    match &input.origin {
        Origin::File(path) => {
            let file = std::fs::File::open(path).map_err(|err| unreadable("this file", err))?;
            let size = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            if size.is_some_and(|len| len > max) {
                return Err(too_large());
            }
            // Read into a buffer of the file's size (plus a byte to see the end), so a large
            // file is not copied as the buffer doubles, with the old and new buffers both held.
            let expected = size.and_then(|len| usize::try_from(len).ok()).unwrap_or(0);
            bytes.reserve_exact(expected.saturating_add(1));
            file.take(max.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|err| unreadable("this file", err))?;
        }
        _ => {
            std::io::stdin()
                .take(max.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|err| unreadable("standard input", err))?;
        }
    }
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_disappears_before_it_is_read_is_a_problem_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.md");
        std::fs::write(&path, "ISIS").unwrap();
        let filter = Filter::new(&[], &[]).unwrap();
        let (inputs, problems) = resolve(&[dir.path().to_path_buf()], None, &filter);
        assert!(problems.is_empty());
        std::fs::remove_file(&path).unwrap();
        let problem = read(&inputs[0], 256).unwrap_err();
        assert!(
            problem.message().starts_with("cannot read this file:"),
            "{}",
            problem.message()
        );
    }
}

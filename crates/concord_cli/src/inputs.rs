//! Turning the paths on the command line into documents to check, and problems to report.

use std::io::Read;
use std::path::{Path, PathBuf};

/// File extensions checked when walking a folder. Files named explicitly are always checked.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// Bytes inspected for a NUL byte when deciding whether a file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Something to check: a file, or standard input.
#[derive(Debug)]
pub struct Input {
    /// How the input is named in reports.
    pub name: String,
    /// Where to read it from; `None` is standard input.
    pub path: Option<PathBuf>,
}

/// A path that could not be checked, and why, in words for the person who gave it.
#[derive(Debug)]
pub struct Problem {
    /// The path as the user wrote it or as the walk found it.
    pub name: String,
    /// What went wrong and what to do about it.
    pub message: String,
}

/// Expands the command-line paths into inputs: folders are walked (respecting .gitignore and
/// skipping hidden files), `-` is standard input.
pub fn resolve(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, Vec<Problem>) {
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
            let name = stdin_name.map_or("<stdin>".to_string(), |p| p.display().to_string());
            inputs.push(Input { name, path: None });
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut problems);
        } else if path.exists() {
            inputs.push(Input {
                name: path.display().to_string(),
                path: Some(path.clone()),
            });
        } else {
            problems.push(Problem {
                name: path.display().to_string(),
                message: "no such file or folder".into(),
            });
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<Problem>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(Ord::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_text = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if entry.file_type().is_some_and(|t| t.is_file()) && is_text {
                    inputs.push(Input {
                        name: path.display().to_string(),
                        path: Some(path.to_path_buf()),
                    });
                }
            }
            Err(err) => problems.push(Problem {
                name: dir.display().to_string(),
                message: format!("cannot read part of this folder: {err}"),
            }),
        }
    }
}

/// Reads an input as UTF-8 text, or says in plain words why it cannot be checked.
pub fn read(input: &Input) -> Result<String, Problem> {
    let problem = |message: String| Problem {
        name: input.name.clone(),
        message,
    };
    let bytes = match &input.path {
        Some(path) => {
            std::fs::read(path).map_err(|err| problem(format!("cannot read this file: {err}")))?
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|err| problem(format!("cannot read standard input: {err}")))?;
            bytes
        }
    };
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(problem(
            "this looks like a binary file, not text; skipped".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        problem(format!(
            "this file is not UTF-8 text (the first bad byte is on line {line}); save it as UTF-8 and check it again"
        ))
    })
}

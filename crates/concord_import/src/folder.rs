//! A pack's folder on disk: written whole or not at all, replacing only a pack an earlier
//! import wrote, or compared with what is there (`--check`).

use std::fs;
use std::io;
use std::path::Path;

use crate::pack::{MARKER, Pack};

/// What importing again would change in a pack's folder, file by file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file the folder does not have yet (a new row's rule).
    Added(String),
    /// A file the new pack would not have (a row that is gone).
    Removed(String),
    /// A file whose text would change.
    Changed(String),
}

/// Compares `pack` with the folder `dir` (missing is empty): its rule files, `pack.toml` and
/// `README.md`, by name and text.
pub fn compare(dir: &Path, pack: &Pack) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    let existing = pack_files(dir)?;
    for (name, text) in &pack.files {
        match fs::read_to_string(dir.join(name)) {
            Ok(old) if old == *text => {}
            Ok(_) => changes.push(Change::Changed(name.clone())),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                changes.push(Change::Added(name.clone()));
            }
            Err(err) => return Err(context(err, &dir.join(name))),
        }
    }
    for name in existing {
        if !pack.files.contains_key(&name) {
            changes.push(Change::Removed(name));
        }
    }
    Ok(changes)
}

/// Writes `pack` as the folder `dir`: into a new folder beside it first, which then takes its
/// place, so a failure leaves the old pack as it was. A folder that holds anything but a pack
/// an import wrote is never replaced.
pub fn write(dir: &Path, pack: &Pack) -> io::Result<()> {
    if dir.exists() && !written_by_import(dir)? {
        return Err(io::Error::other(format!(
            "{} is not a pack that `concord rules import` wrote, so it was left alone: choose \
             another folder with --out",
            dir.display()
        )));
    }
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(|err| context(err, parent))?;
    let staged = tempfile::Builder::new()
        .prefix(".concord-import-")
        .tempdir_in(parent)
        .map_err(|err| context(err, parent))?;
    for (name, text) in &pack.files {
        let path = staged.path().join(name);
        fs::write(&path, text).map_err(|err| context(err, &path))?;
    }
    if dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(".concord-import-old-")
            .tempdir_in(parent)
            .map_err(|err| context(err, parent))?;
        let aside = old.path().join("pack");
        fs::rename(dir, &aside).map_err(|err| context(err, dir))?;
        if let Err(err) = fs::rename(staged.path(), dir) {
            // Put the old pack back: the folder is as it was.
            let _ = fs::rename(&aside, dir);
            return Err(context(err, dir));
        }
    } else {
        fs::rename(staged.path(), dir).map_err(|err| context(err, dir))?;
    }
    // The staged folder is the pack now; nothing is left to delete.
    let _ = staged.keep();
    Ok(())
}

/// Whether `dir` is empty or holds a pack an import wrote.
fn written_by_import(dir: &Path) -> io::Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|err| context(err, dir))?;
    if entries.next().is_none() {
        return Ok(true);
    }
    match fs::read_to_string(dir.join("pack.toml")) {
        Ok(text) => Ok(text.starts_with(MARKER)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(context(err, &dir.join("pack.toml"))),
    }
}

/// The names of the files an import writes that `dir` holds (none when it is missing).
fn pack_files(dir: &Path) -> io::Result<Vec<String>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(context(err, dir)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml") || name == "README.md")
        .collect();
    names.sort();
    Ok(names)
}

/// `err`, saying which path it happened at.
fn context(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

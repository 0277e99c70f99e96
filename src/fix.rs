//! `--fix` and `--diff` on files: the edits come from `concord_pipeline::fix` (the same function
//! the editor's quick fixes use); this writes them atomically or shows them as a diff. Word,
//! OpenDocument and PDF files are never changed.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// The most times fixes are applied and the file checked again before giving up.
pub const MAX_PASSES: usize = 10;

/// What `--fix` may change.
#[derive(Debug, Clone, Copy)]
pub struct FixMode {
    /// The fixes that apply: safe ones, or with `--unsafe` also the first suggestion where
    /// wording needs judgement.
    pub required: concord_pipeline::Applicability,
    /// Show the changes as a diff instead of writing them.
    pub diff_only: bool,
}

/// A unified diff of `old` to `new` for `path`.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(path, path)
        .to_string()
}

/// Replaces the file at `path` with `new`, if it still holds `original`: written to a temporary
/// file beside it, flushed to disk, given the same permissions, then renamed over it, so the
/// file is never half-written. A read-only file, or one that changed since it was read, is
/// left alone.
pub fn write_atomically(path: &Path, original: &[u8], new: &[u8]) -> Result<()> {
    let metadata = fs::metadata(path).context("cannot read it again before writing")?;
    if metadata.permissions().readonly() {
        bail!("it is read-only, so it was not changed");
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::NamedTempFile::new_in(dir).context("cannot create a temporary file beside it")?;
    temporary
        .write_all(new)
        .context("cannot write the temporary file")?;
    temporary
        .as_file()
        .sync_all()
        .context("cannot flush the temporary file")?;
    fs::set_permissions(temporary.path(), metadata.permissions())
        .context("cannot copy its permissions")?;
    if fs::read(path).context("cannot read it again before writing")? != original {
        bail!("it changed while concord was checking it, so it was not changed; check it again");
    }
    temporary.persist(path).context("cannot replace it")?;
    if let Ok(dir) = fs::File::open(dir) {
        // Make the rename itself durable; not every platform can sync a folder.
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "ISIS").unwrap();
        let original = fs::read(&path).unwrap();
        fs::write(&path, "edited by someone else").unwrap();
        let err = write_atomically(&path, &original, b"Daesh").unwrap_err();
        assert!(
            err.to_string()
                .contains("changed while concord was checking it"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited by someone else");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "ISIS").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"ISIS", b"Daesh").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "Daesh");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}

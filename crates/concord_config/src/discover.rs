//! Finding the configuration that applies to a file: the nearest `concord.toml` or
//! `.concord.toml` in its folder or any folder above it.

use std::path::{Path, PathBuf};

/// The file names a configuration may have, in the order they are tried in each folder.
pub const FILE_NAMES: [&str; 2] = ["concord.toml", ".concord.toml"];

/// The nearest configuration file for something in folder `dir`, if there is one.
pub fn nearest(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors()
        .flat_map(|folder| FILE_NAMES.iter().map(move |name| folder.join(name)))
        .find(|candidate| candidate.is_file())
}

//! Reading rule packs: the built-in set, plus pack folders or files given by path.

use std::fs;
use std::path::Path;

use concord_engine::{PackSource, RuleFileSource, RuleSet, builtin_sources};

use crate::error::ProjectError;

/// The built-in packs as `build.rs` compiled them when concord was built.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.ruleset"));

/// The built-in packs, read back as they were compiled when concord was built: the terms'
/// automaton is read as it was built; only the one regex of the few non-literal patterns is
/// compiled again (under a millisecond), and conditions compile when a document needs them.
pub fn builtin() -> RuleSet {
    RuleSet::from_bytes(BUILTIN).expect("this build wrote the built-in rule set it reads")
}

/// The built-in packs plus the packs at `extra` (folders or single files), compiled: the
/// built-in ones alone are read back from the build, with others they are compiled together.
pub fn load_packs(extra: &[impl AsRef<Path>]) -> Result<RuleSet, ProjectError> {
    if extra.is_empty() {
        return Ok(builtin());
    }
    let mut sources = builtin_sources();
    for path in extra {
        sources.push(read_pack(path.as_ref())?);
    }
    RuleSet::compile(&sources).map_err(|errors| ProjectError::packs(&errors))
}

/// A pack folder (every `.toml` file in it, `pack.toml` first) or a single-file pack.
fn read_pack(path: &Path) -> Result<PackSource, ProjectError> {
    let files = if path.is_dir() {
        let entries = fs::read_dir(path).map_err(|err| {
            ProjectError::message(format!(
                "cannot read rule pack folder {}: {err}",
                path.display()
            ))
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "pack.toml"), p.clone()));
        if paths.is_empty() {
            return Err(ProjectError::message(format!(
                "rule pack folder {} has no .toml files",
                path.display()
            )));
        }
        paths
    } else {
        vec![path.to_path_buf()]
    };
    let files = files
        .into_iter()
        .map(|file| {
            let text = fs::read_to_string(&file).map_err(|err| {
                ProjectError::message(format!("cannot read rule file {}: {err}", file.display()))
            })?;
            Ok(RuleFileSource {
                origin: file.display().to_string(),
                text,
            })
        })
        .collect::<Result<_, ProjectError>>()?;
    Ok(PackSource { files })
}

//! Reading rule packs from the built-in set and from `--rules` paths.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use concord_engine::{PackSource, RuleFileSource, RuleSet, builtin_sources};

/// The built-in packs plus any packs given with `--rules`, compiled.
pub fn load(extra: &[impl AsRef<Path>]) -> Result<RuleSet> {
    let mut sources = builtin_sources();
    for path in extra {
        sources.push(read_pack(path.as_ref())?);
    }
    RuleSet::compile(&sources).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "the rule packs have {} problem(s):\n  {}",
            list.len(),
            list.join("\n  ")
        )
    })
}

/// A pack folder (every `.toml` file in it, `pack.toml` first) or a single-file pack.
fn read_pack(path: &Path) -> Result<PackSource> {
    let mut files = if path.is_dir() {
        let mut paths: Vec<_> = fs::read_dir(path)
            .with_context(|| format!("cannot read rule pack folder {}", path.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "pack.toml"), p.clone()));
        if paths.is_empty() {
            bail!("rule pack folder {} has no .toml files", path.display());
        }
        paths
    } else {
        vec![path.to_path_buf()]
    };
    let files = files
        .drain(..)
        .map(|file| {
            let text = fs::read_to_string(&file)
                .with_context(|| format!("cannot read rule file {}", file.display()))?;
            Ok(RuleFileSource {
                origin: file.display().to_string(),
                text,
            })
        })
        .collect::<Result<_>>()?;
    Ok(PackSource { files })
}

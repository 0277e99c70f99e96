//! `concord config --show`: the effective configuration for a file, and where each value came from.

use std::fmt::Write;
use std::path::Path;

use crate::config::Config;

/// Describes the configuration that applies to `file`, one value per line with its origin.
pub fn show(config: &Config, file: &Path) -> String {
    let mut out = String::new();
    let files: Vec<String> = config
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let _ = writeln!(out, "# Configuration for {}", file.display());
    if files.is_empty() {
        let _ = writeln!(out, "# No concord.toml applies: built-in defaults.");
    } else {
        let _ = writeln!(out, "# Read from {}", files.join(", which extends "));
    }
    let _ = writeln!(
        out,
        "# This file is {}.\n",
        if config.accepts(file) {
            "checked"
        } else {
            "not checked (include/exclude)"
        }
    );
    match &config.packs {
        Some(packs) => line(
            &mut out,
            &format!("packs = {:?}", packs.value),
            &packs.origin.to_string(),
        ),
        None => line(&mut out, "packs = (every loaded pack)", "default"),
    }
    for path in &config.pack_paths {
        line(
            &mut out,
            &format!("pack-paths += {:?}", path.value.display().to_string()),
            &path.origin.to_string(),
        );
    }
    for (key, globs) in [("include", &config.include), ("exclude", &config.exclude)] {
        for glob in globs.iter().flat_map(|g| &g.patterns) {
            line(
                &mut out,
                &format!("{key} += {:?}", glob.value),
                &glob.origin.to_string(),
            );
        }
    }
    let _ = writeln!(out, "\n[rules]");
    let effective = config.effective(file);
    if effective.levels.is_empty() {
        let _ = writeln!(out, "# every rule at its own severity");
    }
    for (id, (level, globs)) in &effective.levels {
        let value = level.value.map_or("off", |s| s.as_str());
        let origin = match globs {
            Some(globs) => {
                let patterns: Vec<&str> = globs.patterns.iter().map(|p| p.value.as_str()).collect();
                format!("{} (override for {patterns:?})", level.origin)
            }
            None => level.origin.to_string(),
        };
        line(&mut out, &format!("{id:?} = {value:?}"), &origin);
    }
    let _ = writeln!(out, "\n[allow]");
    for phrase in &effective.allow {
        line(
            &mut out,
            &format!("phrases += {:?}", phrase.value),
            &phrase.origin.to_string(),
        );
    }
    out
}

fn line(out: &mut String, setting: &str, origin: &str) {
    let _ = writeln!(out, "{setting:<48} # {origin}");
}

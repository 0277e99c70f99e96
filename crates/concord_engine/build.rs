//! Embeds the rule packs under `rules/` into the engine, and generates one test per rule.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let rules_dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../rules");
    let rules_dir = rules_dir
        .canonicalize()
        .expect("the rules/ directory exists");
    println!("cargo:rerun-if-changed={}", rules_dir.display());

    let mut packs = String::from("&[\n");
    let mut versions = String::from("&[\n");
    let mut tests = String::new();
    for pack_dir in sorted(&rules_dir).into_iter().filter(|p| p.is_dir()) {
        let pack = pack_dir.file_name().unwrap().to_str().unwrap().to_string();
        writeln!(versions, "    ({pack:?}, {:?}),", version(&pack_dir)).unwrap();
        packs.push_str("    &[\n");
        let mut files: Vec<PathBuf> = sorted(&pack_dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort_by_key(|p| p.file_name().unwrap() != "pack.toml");
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap();
            println!("cargo:rerun-if-changed={}", file.display());
            writeln!(
                packs,
                "        (\"builtin:{pack}/{name}\", include_str!({:?})),",
                file.display()
            )
            .unwrap();
            if let Some(stem) = name.strip_suffix(".toml").filter(|&s| s != "pack") {
                let test = format!("{pack}_{stem}").replace('-', "_");
                writeln!(tests, "rule_examples!({test}, \"{pack}/{stem}\");").unwrap();
            }
        }
        packs.push_str("    ],\n");
    }
    packs.push(']');
    versions.push(']');
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("builtin_packs.rs"), packs).unwrap();
    fs::write(out.join("rule_tests.rs"), tests).unwrap();
    fs::write(out.join("builtin_versions.rs"), versions).unwrap();
}

/// The `version` in a built-in pack's `pack.toml`, which every built-in pack must state (it is
/// what `concord --version` and a report's tool section name).
fn version(pack_dir: &Path) -> String {
    let path = pack_dir.join("pack.toml");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    table
        .get("pack")
        .and_then(|pack| pack.get("version"))
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("{}: a built-in pack states its version", path.display()))
        .to_string()
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    entries
}

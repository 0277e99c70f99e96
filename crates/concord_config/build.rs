//! Compiles the built-in rule packs when concord is built, so that it starts without compiling
//! them: the rule set is written to `OUT_DIR/builtin.ruleset` and `packs::builtin` reads it back.
//! The engine (a build dependency) embeds the packs, so a change to `rules/` rebuilds it and this
//! script runs again.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let set = concord_engine::RuleSet::builtin();
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("builtin.ruleset"), set.to_bytes()).expect("OUT_DIR is writable");
}

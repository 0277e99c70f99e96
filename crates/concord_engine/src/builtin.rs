//! The rule packs shipped inside the binary, read from `rules/` at build time.

use crate::source::{PackSource, RuleFileSource};

/// How the origin of every built-in rule file starts: `builtin:cohesion/daesh-naming.toml`.
pub(crate) const ORIGIN_PREFIX: &str = "builtin:";

/// `(origin, text)` of every file of every built-in pack, `pack.toml` first in each.
const PACKS: &[&[(&str, &str)]] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// `(name, version)` of every built-in pack, from their `pack.toml`, without compiling them.
pub const VERSIONS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_versions.rs"));

/// The built-in packs, ready for [`crate::RuleSet::compile`].
pub fn sources() -> Vec<PackSource> {
    PACKS
        .iter()
        .map(|files| PackSource {
            files: files
                .iter()
                .map(|&(origin, text)| RuleFileSource {
                    origin: origin.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        })
        .collect()
}

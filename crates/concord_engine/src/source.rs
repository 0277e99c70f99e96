//! Rule packs as text: what the engine is given to compile, from the binary or from files.

/// One rule file's text and where it came from.
#[derive(Debug, Clone)]
pub struct RuleFileSource {
    /// A path, or `builtin:<pack>/<file>` for packs embedded in the binary.
    pub origin: String,
    /// The TOML text.
    pub text: String,
}

/// The files of one rule pack; exactly one of them has a `[pack]` table.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// The files, in a stable order.
    pub files: Vec<RuleFileSource>,
}

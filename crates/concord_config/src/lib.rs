//! concord's project configuration: `concord.toml` (or `.concord.toml`), found by walking up
//! from each checked file (the nearest wins), with `extends` chains, per-path `[[overrides]]`,
//! and strict parsing: unknown keys and bad values are errors naming the file, line and key.
//!
//! Inline suppressions in Markdown and HTML comments ([`Suppressions`]) use the same syntax
//! everywhere concord runs.
//!
//! A [`Config`] turns into an engine [`concord_engine::Policy`] for each file with
//! [`Config::policy`]; every value remembers where it was set, for `concord config --show`.

mod config;
mod discover;
mod error;
mod packs;
mod project;
pub mod registry;
mod schema;
mod show;
mod suppress;

pub use config::{Config, EDITOR_SETTINGS, Effective, Globs, Level, Origin, Override, Setting};
pub use discover::{FILE_NAMES, nearest};
pub use error::{ConfigError, ProjectError};
pub use packs::{builtin, load_packs};
pub use project::{ConfigChoice, Project, Projects};
pub use show::show;
pub use suppress::{
    Directive, Scope, Suppressions, UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE,
};

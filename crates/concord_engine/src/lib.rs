//! concord's rule engine: rule packs in, findings out.
//!
//! A [`RuleSet`] is compiled from rule packs (TOML data, see `rules/` and [`PackSource`]) and
//! checks a document's prose divided into typed [`Block`]s with [`RuleSet::check_blocks`] (or a
//! single paragraph with [`RuleSet::check`]), returning [`Finding`]s with exact byte spans.
//! [`LineIndex`] turns those spans into lines and columns.
//!
//! The engine never does I/O and knows nothing of file formats, output formats or editors: the
//! CLI and the language server read files and render findings. One design decision matters most
//! for speed: every literal term of every rule is compiled into one Aho-Corasick automaton, so a
//! text is scanned once however many rules are enabled; context (sentences, nearby words,
//! quotation) is only worked out around the few places where a term matched.

mod block;
mod boundary;
mod builtin;
mod check;
mod context;
mod error;
mod examples;
mod expand;
mod finding;
mod limits;
mod lines;
mod normalize;
mod pack;
mod phrases;
mod policy;
pub mod readability;
mod rule;
mod ruleset;
mod schema;
mod sentences;
mod severity;
mod source;
mod title;

pub use block::{Block, BlockKind};
pub use builtin::{VERSIONS as BUILTIN_VERSIONS, sources as builtin_sources};
pub use error::PackError;
pub use examples::ExampleFailure;
pub use finding::Finding;
pub use limits::{Found, Limits};
pub use lines::{Cursor, LineIndex, Position, Unit};
pub use policy::Policy;
pub use rule::Rule;
pub use ruleset::{PackInfo, ReadError, RuleSet};
pub use severity::Severity;
pub use source::{PackSource, RuleFileSource};

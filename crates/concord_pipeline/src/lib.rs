//! The one checking pipeline every channel of concord calls: the command line (files,
//! standard input and pages from the web), the language server, the web checker and the Word
//! review copy.
//!
//! A channel describes a document as a [`Source`] (its [`Origin`], bytes or text, format and
//! declared charset) and calls [`check_source`] with the [`concord_config::Project`] it belongs
//! to; back come finished, owned [`Diagnostic`]s: rule, severity, message, the matched words, a
//! [`Location`], what to write instead, and a [`Fix`] with its [`Applicability`] and edits.
//! Channels only convert positions and render: none of them builds findings, messages,
//! documentation links or fixes. Fixes are chosen and applied by one function ([`fix::edits`],
//! [`fix::apply`]) for `--fix`, `--diff`, quick fixes and fix-all alike; [`excerpt`] cuts the
//! bounded context a renderer shows; [`review`] writes a Word or OpenDocument file's findings
//! into a copy of it as comments.

mod check;
mod diagnostic;
pub mod excerpt;
pub mod fix;
pub mod reading_age;
pub mod review;
mod source;

pub use check::{Checked, MAX_FINDINGS, check, check_source, check_source_within, default_limits};
pub use concord_engine::Limits;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, InProse, Location};
pub use reading_age::ReadingAge;
pub use source::{Content, Origin, Read, Source};

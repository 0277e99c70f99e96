//! The one checking pipeline every channel of concord calls: the command line, the language
//! server, and the channels to come (the web checker, the Word review copy, the site crawl).
//!
//! [`check`] takes a [`concord_formats::Document`] and the [`concord_config::Project`] it belongs
//! to and returns finished, owned [`Diagnostic`]s: rule, severity, message, the matched words,
//! a [`Location`], what to write instead, and where a fix's [`Edit`]s go. Channels only convert
//! positions and render: none of them builds findings, messages, documentation links or fixes.
//! Fixes are chosen and applied by one function ([`fix::edits`], [`fix::apply`]) for `--fix`,
//! `--diff`, quick fixes and fix-all alike; [`excerpt`] cuts the bounded context a renderer
//! shows; [`registry`] describes every rule a run can report; [`review`] writes a Word or
//! OpenDocument file's findings into a copy of it as comments.

mod check;
mod diagnostic;
pub mod excerpt;
pub mod fix;
pub mod registry;
pub mod review;

pub use check::check;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Location};

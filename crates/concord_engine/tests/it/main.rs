//! Engine tests: every rule's own examples, and the engine's behaviour on whole texts.

mod dogfood;
mod packs;
mod positions;
mod rule_examples;

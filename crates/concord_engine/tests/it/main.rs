//! Engine tests: every rule's own examples, and the engine's behaviour on whole texts.

mod rule_examples;

//! CLI tests on the real binary.

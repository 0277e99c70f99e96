//! One test per built-in rule, generated from `rules/`: `cargo test daesh_naming` runs one.

use std::sync::LazyLock;

use concord_engine::RuleSet;

static BUILTIN: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// Fewest examples of each kind a built-in rule must carry.
const MIN_EXAMPLES: usize = 15;

macro_rules! rule_examples {
    ($test:ident, $id:literal) => {
        #[test]
        fn $test() {
            let rule = BUILTIN
                .rule($id)
                .expect(concat!("rule ", $id, " is loaded"));
            assert!(
                rule.flag_examples.len() >= MIN_EXAMPLES,
                "{} has too few flag examples",
                $id
            );
            assert!(
                rule.pass_examples.len() >= MIN_EXAMPLES,
                "{} has too few pass examples",
                $id
            );
            let failures = BUILTIN.verify_examples(rule);
            assert!(
                failures.is_empty(),
                "{} example(s) of {} fail:\n{}",
                failures.len(),
                $id,
                failures
                    .iter()
                    .map(|f| format!("  {f}\n"))
                    .collect::<String>()
            );
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/rule_tests.rs"));
